package io.sluice.local.internal;

import io.sluice.time.Clock;
import java.time.Duration;
import java.time.Instant;

/** Sluice's clock as the interpreter's, so Wait states and handler budgets share one time. */
public record StatesClock(Clock clock) implements io.sluice.statemachine.ExecutionClock {
  @Override
  public Instant now() {
    return clock.now();
  }

  @Override
  public void sleepUntil(Instant deadline) throws InterruptedException {
    Duration d = Duration.between(clock.now(), deadline);
    if (!d.isNegative() && !d.isZero()) {
      clock.sleep(d);
    }
  }
}
