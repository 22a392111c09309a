package io.sluice.statemachine.testing;

import io.sluice.statemachine.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * A {@link Clock} on virtual time, for tests: nothing ever sleeps for real.
 *
 * <p>Semantics: the clock only moves when someone sleeps on it or calls {@link #advance}. {@link
 * #sleepUntil} returns at once after moving the clock forward to the deadline (never backward). Sleepers
 * do not wait for each other: when Parallel branches or Map iterations sleep concurrently, each moves the
 * clock to at least its own deadline, so afterwards the clock reads the latest deadline any of them asked
 * for (the elapsed time of the longest branch, as it would be on a real clock) while each branch's later
 * deadlines are computed from the clock as it then reads. Timeouts are measured on this clock: a task
 * invoker that sleeps on it past its state's {@code TimeoutSeconds} makes the state fail with {@code
 * States.Timeout}.
 *
 * <p>A sleeping thread that was interrupted gets an {@link InterruptedException}, as with the real clock.
 * Thread-safe.
 */
public final class VirtualClock implements Clock {
  /** Where a VirtualClock starts unless told otherwise. */
  public static final Instant DEFAULT_START = Instant.parse("2024-01-01T00:00:00Z");

  private final Instant start;
  private Instant now;
  private long sleeps;

  public VirtualClock() {
    this(DEFAULT_START);
  }

  public VirtualClock(Instant start) {
    this.start = start;
    this.now = start;
  }

  @Override
  public synchronized Instant now() {
    return now;
  }

  @Override
  public void sleepUntil(Instant deadline) throws InterruptedException {
    if (Thread.interrupted()) {
      throw new InterruptedException();
    }
    synchronized (this) {
      sleeps++;
      if (deadline.isAfter(now)) {
        now = deadline;
      }
    }
  }

  /** Moves the clock forward. */
  public synchronized void advance(Duration duration) {
    if (duration.isNegative()) {
      throw new IllegalArgumentException("A clock cannot go back: " + duration);
    }
    now = now.plus(duration);
  }

  /** Virtual time passed since the clock was made. */
  public synchronized Duration elapsed() {
    return Duration.between(start, now);
  }

  /** How many times someone slept on this clock. */
  public synchronized long sleeps() {
    return sleeps;
  }
}
