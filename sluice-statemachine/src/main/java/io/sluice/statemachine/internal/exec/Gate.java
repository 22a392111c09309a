package io.sluice.statemachine.internal.exec;

import io.sluice.statemachine.ExecutionClock;

/**
 * Permits shared by a parent thread and the child threads it starts (a concurrency limit, or completions
 * to wait for), keeping the clock's busy count exact: a parent counts as idle while it waits, and the
 * child whose release lets it go on hands its own busy count over instead of going idle. So a virtual
 * clock never sees a moment with nobody busy between a child finishing and its parent resuming.
 */
final class Gate {
  private final ExecutionClock clock;
  private int available;
  private int wanted = -1;
  private boolean handed;

  Gate(ExecutionClock clock, int permits) {
    this.clock = clock;
    this.available = permits;
  }

  /** Waits (idle) until {@code want} permits are available, then takes {@code take} of them. */
  synchronized void await(int want, int take) throws InterruptedException {
    if (!await(want, take, -1)) {
      throw new IllegalStateException("untimed wait timed out");
    }
  }

  /**
   * As {@link #await(int, int)}, giving up after {@code timeoutMs} real milliseconds (negative: never).
   * Returns whether the permits were taken.
   */
  synchronized boolean await(int want, int take, long timeoutMs) throws InterruptedException {
    if (available >= want) {
      available -= take;
      return true;
    }
    wanted = want;
    clock.idle();
    long end = timeoutMs < 0 ? Long.MAX_VALUE : System.nanoTime() + timeoutMs * 1_000_000;
    try {
      while (!handed) {
        if (timeoutMs < 0) {
          wait();
        } else {
          long left = (end - System.nanoTime()) / 1_000_000;
          if (left <= 0) {
            return false;
          }
          wait(left);
        }
      }
      available -= take;
      return true;
    } finally {
      wanted = -1;
      if (handed) {
        handed = false;
      } else {
        clock.busy();
      }
    }
  }

  /** Returns a permit the parent took but did not use. */
  synchronized void giveBack() {
    available++;
  }

  /**
   * Returns a permit: the last thing a busy child thread does. It goes idle, unless the release lets the
   * waiting parent go on, in which case its busy count passes to the parent.
   */
  void release() {
    boolean hand;
    synchronized (this) {
      available++;
      hand = wanted >= 0 && available >= wanted && !handed;
      if (hand) {
        handed = true;
        notifyAll();
      }
    }
    if (!hand) {
      clock.idle();
    }
  }
}
