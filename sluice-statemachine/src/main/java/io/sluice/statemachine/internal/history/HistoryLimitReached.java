package io.sluice.statemachine.internal.history;

/**
 * Thrown once an execution's history reached its quota. The terminal {@code ExecutionFailed} event is
 * already recorded; nothing may add events after it.
 */
public final class HistoryLimitReached extends RuntimeException {
  public HistoryLimitReached(String message) {
    super(message, null, false, false);
  }
}
