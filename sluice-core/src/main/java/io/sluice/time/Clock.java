package io.sluice.time;

import java.time.Duration;
import java.time.Instant;

/**
 * Sluice's only source of time: retry back-off, time budgets and poll intervals all read it, so
 * tests can control time instead of sleeping.
 */
public interface Clock {
  /** The current instant of this clock. */
  Instant now();

  /** Blocks for {@code duration} of this clock's time. */
  void sleep(Duration duration) throws InterruptedException;

  /**
   * A check of whether {@code at} has passed, meant to be called often (a task polls it per record).
   * This default compares {@link #now()} with {@code at} on every call, which is exact for any clock:
   * a {@link ManualClock}'s deadline passes as soon as {@link ManualClock#advance} moves time beyond
   * it. The {@linkplain #system() wall clock} overrides it with a check that reads no time at all: a
   * flag that a timer sets when {@code at} comes. Make a deadline once and check it many times.
   */
  default Deadline deadline(Instant at) {
    return () -> !now().isBefore(at);
  }

  /** The wall clock. */
  static Clock system() {
    return SystemClock.INSTANCE;
  }
}
