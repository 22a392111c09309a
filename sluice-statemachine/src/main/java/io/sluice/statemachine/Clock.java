package io.sluice.statemachine;

import java.time.Instant;

/**
 * The interpreter's only source of time: Wait states, timeouts, retry back-off and history timestamps
 * all go through it, so tests can run on virtual time and never sleep for real.
 */
public interface Clock {
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
  static Clock system() {
    return new Clock() {
      @Override
      public Instant now() {
        return Instant.now();
      }

      @Override
      public void sleepUntil(Instant deadline) throws InterruptedException {
        long ms;
        while ((ms = deadline.toEpochMilli() - System.currentTimeMillis()) > 0) {
          Thread.sleep(ms);
        }
      }
    };
  }
}
