package io.sluice.store;

/**
 * A failure of the object store: the operation did not take effect, or (for a retryable failure of a
 * write) it may have taken effect without the caller learning so.
 *
 * <p>{@link #retryable()} tells the caller what to do with it, whatever the store: a retryable failure
 * (throttling, a 5xx answer, a reset connection or timeout, an I/O error of a local disk that may be
 * transient) may succeed if the same request is sent again after a back-off; a final one (a missing
 * object, a failed precondition, denied access, an invalid key, a key conflict) fails the same way
 * until something else changes, so retrying it only delays the error. The package documentation has
 * the whole table. Subclasses name the final conditions a caller must tell apart.
 *
 * <p>A store failure without a subclass is retryable unless its constructor says otherwise: an
 * unclassified error of a store (an {@code IOException}, an unknown answer) is presumed transient, as
 * Sluice's loop has always treated it.
 */
public class StoreException extends RuntimeException {
  private final boolean retryable;

  /** A retryable failure with this message. */
  public StoreException(String message) {
    this(message, null, true);
  }

  /** A retryable failure with this message and cause. */
  public StoreException(String message, Throwable cause) {
    this(message, cause, true);
  }

  /**
   * A failure that is retryable or final, as {@code retryable} says.
   *
   * @param message what failed, naming the key and what to do
   * @param cause the underlying error, or null
   * @param retryable whether the same request may succeed if sent again
   */
  public StoreException(String message, Throwable cause, boolean retryable) {
    super(message, cause);
    this.retryable = retryable;
  }

  /**
   * Whether sending the same request again (after a back-off) may succeed. False for conditions that
   * will not change by themselves: retrying them only delays the error.
   */
  public boolean retryable() {
    return retryable;
  }
}
