package io.sluice.time;

import java.time.Duration;
import java.time.Instant;

enum SystemClock implements Clock {
  INSTANCE;

  private static final Duration NEVER = Duration.ofDays(36_500);

  @Override
  public Instant now() {
    return Instant.now();
  }

  @Override
  public void sleep(Duration duration) throws InterruptedException {
    if (!duration.isNegative() && !duration.isZero()) {
      Thread.sleep(duration);
    }
  }

  /**
   * Reads the wall clock once, then only {@link System#nanoTime()}: no {@link Instant} per call (a
   * long task checks its deadline once per record), and a wall-clock step (NTP) after the deadline
   * was set does not move it, as it does not move the function's own timeout.
   */
  @Override
  public Deadline deadline(Instant at) {
    Duration left = Duration.between(Instant.now(), at);
    // Clamped so that the sum below cannot overflow: a century is "never" for a task's budget.
    long nanos = left.isNegative() ? 0 : left.compareTo(NEVER) > 0 ? NEVER.toNanos() : left.toNanos();
    long end = System.nanoTime() + nanos;
    return () -> System.nanoTime() - end >= 0;
  }
}
