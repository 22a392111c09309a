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

  /**
   * The failure of {@code attempt} completing {@code key}, which the store holds as {@code current}:
   * done or held by another attempt, or (null) never claimed or released.
   */
  public static ClaimLostException notHeld(String key, String attempt, Claim current) {
    String why = current == null ? "it was never claimed, or was released"
        : "attempt " + current.attempt() + (current.status() == Claim.Status.DONE ? " completed it"
            : " holds it until " + current.expiresAt()) + "; its effect may have been done by another attempt too";
    return new ClaimLostException("attempt " + attempt + " does not hold dedup key '" + key + "': " + why);
  }
}
