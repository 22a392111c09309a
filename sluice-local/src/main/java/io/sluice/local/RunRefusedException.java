package io.sluice.local;

/**
 * A run the local runtime will not start or resume, with why and what to do: its id is taken by an
 * existing run, it belongs to another job, or another process is running it now.
 */
public final class RunRefusedException extends IllegalArgumentException {
  public RunRefusedException(String message) {
    super(message);
  }
}
