package io.sluice.dedup;

/**
 * A dedup store could not answer, or refused. {@link #retryable()} says whether the same call may
 * succeed later (an unreachable or throttled store, a key held by another attempt) or not (a
 * misconfigured store: a missing table, denied access).
 */
public class DedupException extends RuntimeException {
  private final boolean retryable;

  /** A failure that is retryable or final, as {@code retryable} says. */
  public DedupException(String message, Throwable cause, boolean retryable) {
    super(message, cause);
    this.retryable = retryable;
  }

  /** Whether the same call may succeed if made again later. */
  public boolean retryable() {
    return retryable;
  }
}
