package io.sluice.dedup;

import java.time.Instant;

/**
 * Another attempt holds the key's lease: this attempt should fail and be retried after the lease
 * ends. Retryable; thrown by {@link Dedup#once} when {@link DedupStore#begin} answers {@link
 * Claim.Status#BUSY}.
 */
public class DedupBusyException extends DedupException {
  private final Instant until;

  /** Key {@code key} is held by {@code holder} until {@code until}. */
  public DedupBusyException(String key, String holder, Instant until) {
    super("dedup key '" + key + "' is held by attempt " + holder + " until " + until
        + "; retry after that", null, true);
    this.until = until;
  }

  /** When the other attempt's lease ends. */
  public Instant until() {
    return until;
  }
}
