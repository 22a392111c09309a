package io.sluice.dedup;

import java.time.Instant;
import java.util.Objects;

/**
 * The state of a dedup key as a {@link DedupStore} saw it.
 *
 * @param status what the caller should do
 * @param attempt the attempt that holds or completed the key
 * @param expiresAt when the record stops counting: the end of the lease ({@code ACQUIRED}, {@code
 *     BUSY}) or of the retention ({@code DONE})
 */
public record Claim(Status status, String attempt, Instant expiresAt) {
  /** What {@link DedupStore#begin} found. */
  public enum Status {
    /** This attempt holds the key: do the effect, then complete or release. */
    ACQUIRED,
    /** The effect is done: skip it. */
    DONE,
    /** Another attempt holds an unexpired lease: fail this attempt and retry later. */
    BUSY
  }

  /** Checks the fields. */
  public Claim {
    Objects.requireNonNull(status, "status");
    Objects.requireNonNull(attempt, "attempt");
    Objects.requireNonNull(expiresAt, "expiresAt");
  }
}
