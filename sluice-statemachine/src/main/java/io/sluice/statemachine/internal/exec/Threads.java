package io.sluice.statemachine.internal.exec;

import io.sluice.statemachine.Clock;
import java.util.concurrent.Callable;
import java.util.concurrent.FutureTask;

/**
 * Starts work on virtual threads, keeping the clock's count of busy threads ({@link Clock#busy()}) right:
 * the new thread counts as busy from before it starts until its work ends.
 */
final class Threads {
  private Threads() {}

  static <T> FutureTask<T> start(Clock clock, Callable<T> work) {
    FutureTask<T> task = new FutureTask<>(() -> {
      try {
        return work.call();
      } finally {
        clock.idle();
      }
    });
    clock.busy();
    try {
      Thread.ofVirtual().name("sluice-sfn-task").start(task);
    } catch (RuntimeException | Error e) {
      clock.idle();
      throw e;
    }
    return task;
  }

  /** Starts {@code work} on a new busy virtual thread. */
  static Thread start(Clock clock, String name, Runnable work) {
    clock.busy();
    try {
      return Thread.ofVirtual().name(name).start(() -> {
        try {
          work.run();
        } finally {
          clock.idle();
        }
      });
    } catch (RuntimeException | Error e) {
      clock.idle();
      throw e;
    }
  }

  /** Blocks on {@code action} with this thread counted as idle meanwhile. */
  static <T> T idle(Clock clock, Blocking<T> action) throws InterruptedException {
    clock.idle();
    try {
      return action.run();
    } finally {
      clock.busy();
    }
  }

  /** Something that blocks. */
  @FunctionalInterface
  interface Blocking<T> {
    T run() throws InterruptedException;
  }
}
