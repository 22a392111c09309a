package io.sluice.statemachine.internal.exec;

import java.util.concurrent.Callable;
import java.util.concurrent.FutureTask;

/** Starts work on virtual threads. */
final class Threads {
  private Threads() {}

  static <T> FutureTask<T> start(Callable<T> work) {
    FutureTask<T> task = new FutureTask<>(work);
    Thread.ofVirtual().name("sluice-sfn-", 0).start(task);
    return task;
  }
}
