package io.sluice.statemachine;

import java.time.Instant;

/**
 * The interpreter's only source of time: Wait states, timeouts, retry back-off and history timestamps
 * all go through it, so tests can run on virtual time and never sleep for real. (Named apart from
 * Sluice's {@code io.sluice.time.Clock}, which the local runtime adapts to this one.)
 */
public interface ExecutionClock {
  Instant now();

  /** Blocks until {@code deadline} (returns at once if it has passed). */
  void sleepUntil(Instant deadline) throws InterruptedException;

  /**
   * The interpreter calls this when a thread starts doing execution work (or before it starts a thread
   * that will), and {@link #idle()} when that work ends or the thread waits for other threads. Clocks on
   * virtual time use the count of busy threads to know when every thread is asleep and time may move;
   * other clocks ignore it. Calls are balanced.
   */
  default void busy() {}

  /** The counterpart of {@link #busy()}. */
  default void idle() {}

  /** The wall clock. */
  static ExecutionClock system() {
    return new ExecutionClock() {
      @Override
      public Instant now() {
        return Instant.now();
      }

      @Override
      public void sleepUntil(Instant deadline) throws InterruptedException {
        // Until now() itself has reached the deadline: comparing whole milliseconds could return up to a
        // millisecond early, and a caller checking now() against the deadline would see it not reached.
        Instant now;
        while ((now = Instant.now()).isBefore(deadline)) {
          long nanos = java.time.Duration.between(now, deadline).toNanos();
          Thread.sleep(nanos / 1_000_000, (int) (nanos % 1_000_000));
        }
      }
    };
  }
}
