package io.sluice.time;

import java.time.Duration;
import java.time.Instant;

/**
 * Sluice's only source of time: retry back-off, time budgets and poll intervals all read it, so
 * tests can control time instead of sleeping.
 */
public interface Clock {
  Instant now();

  /** Blocks for {@code duration} of this clock's time. */
  void sleep(Duration duration) throws InterruptedException;

  /** The wall clock. */
  static Clock system() {
    return SystemClock.INSTANCE;
  }
}
