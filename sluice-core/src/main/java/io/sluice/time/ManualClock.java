package io.sluice.time;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A clock for tests: time moves only when {@link #advance} or {@link #sleep} is called, and sleeping
 * returns at once after moving time forward. Thread-safe.
 *
 * <p>Its {@link #deadline deadlines} read this clock's time on every check, so a task polling {@code
 * TaskContext.shouldStop()} sees the budget run out on its first check after {@link #advance} has moved
 * time past it.
 */
public final class ManualClock implements Clock {
  private final AtomicReference<Instant> now;

  /** A clock that stands at {@code start} until moved. */
  public ManualClock(Instant start) {
    this.now = new AtomicReference<>(start);
  }

  @Override
  public Instant now() {
    return now.get();
  }

  @Override
  public void sleep(Duration duration) {
    advance(duration);
  }

  /** Moves time forward by {@code duration}. */
  public void advance(Duration duration) {
    if (duration.isNegative()) {
      throw new IllegalArgumentException("cannot move time backwards: " + duration);
    }
    now.updateAndGet(t -> t.plus(duration));
  }
}
