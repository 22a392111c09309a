package io.sluice.aws.ssm;

import io.sluice.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * At most {@code perSecond} permits a second, in bursts of up to {@code perSecond}: a caller that
 * finds the bucket empty sleeps (on the given clock) until a permit has accrued. Thread-safe.
 */
final class TokenBucket {
  private final Clock clock;
  private final double perSecond;
  private double tokens;
  private Instant refilled;

  TokenBucket(Clock clock, int perSecond) {
    if (perSecond < 1) {
      throw new IllegalArgumentException("A rate limit must allow at least 1 call per second, got " + perSecond);
    }
    this.clock = clock;
    this.perSecond = perSecond;
    this.tokens = perSecond;
    this.refilled = clock.now();
  }

  /** Takes one permit, waiting for it if there is none. */
  void acquire() throws InterruptedException {
    while (true) {
      Duration wait;
      synchronized (this) {
        Instant now = clock.now();
        double accrued = Duration.between(refilled, now).toNanos() / 1e9 * perSecond;
        tokens = Math.min(perSecond, tokens + Math.max(0, accrued));
        refilled = now;
        if (tokens >= 1) {
          tokens -= 1;
          return;
        }
        wait = Duration.ofNanos((long) Math.ceil((1 - tokens) / perSecond * 1e9));
      }
      clock.sleep(wait);
    }
  }
}
