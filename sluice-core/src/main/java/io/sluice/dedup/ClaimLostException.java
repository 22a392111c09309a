package io.sluice.dedup;

/**
 * An attempt tried to complete a key it does not hold: its lease expired and another attempt claimed
 * the key, or it never claimed it. The effect this attempt did may also have been done by the other:
 * choose leases longer than the task can run. Not retryable.
 */
public class ClaimLostException extends DedupException {
  /** A lost claim, described by {@code message}. */
  public ClaimLostException(String message) {
    super(message, null, false);
  }
}
