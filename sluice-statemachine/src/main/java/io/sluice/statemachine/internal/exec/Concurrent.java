package io.sluice.statemachine.internal.exec;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs the branches of a Parallel state or the iterations of an inline Map on virtual threads, at most
 * {@code maxConcurrency} at a time (0: no limit). The first failure cancels the others (they are
 * interrupted and stop at their next step) and is rethrown once every thread has finished.
 */
final class Concurrent {
  private Concurrent() {}

  /** The work of one branch or iteration, on its own frame. */
  @FunctionalInterface
  interface Job {
    JsonNode run(int index, Frame frame);
  }

  static List<JsonNode> runAll(Frame parent, int count, int maxConcurrency, Job job) {
    CancelToken token = parent.cancel().child();
    io.sluice.statemachine.ExecutionClock clock = parent.run().settings.clock();
    int capacity = maxConcurrency > 0 ? maxConcurrency : Integer.MAX_VALUE / 2;
    Gate slots = new Gate(clock, capacity);
    JsonNode[] results = new JsonNode[count];
    List<Thread> threads = new ArrayList<>();
    Object lock = new Object();
    RuntimeException[] failure = new RuntimeException[1];
    boolean interrupted = false;
    try {
      for (int i = 0; i < count; i++) {
        slots.await(1, 1);
        synchronized (lock) {
          if (failure[0] != null || token.cancelled()) {
            slots.giveBack();
            break;
          }
          final int index = i;
          Frame frame = parent.nested(token);
          clock.busy();
          Thread t = Thread.ofVirtual().name("sluice-sfn-branch-" + i).unstarted(() -> {
            try {
              results[index] = job.run(index, frame);
            } catch (RuntimeException e) {
              synchronized (lock) {
                if (failure[0] == null || failure[0] instanceof Cancelled && !(e instanceof Cancelled)) {
                  failure[0] = e;
                }
                token.cancel();
                for (Thread other : threads) {
                  if (other != Thread.currentThread()) {
                    other.interrupt();
                  }
                }
              }
            } finally {
              slots.release();
            }
          });
          threads.add(t);
          t.start();
        }
      }
    } catch (InterruptedException e) {
      interrupted = true;
      stop(token, threads, lock);
    }
    while (true) {
      try {
        slots.await(capacity, 0);
        break;
      } catch (InterruptedException e) {
        interrupted = true;
        stop(token, threads, lock);
      }
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
      parent.run().checkRunning();
      throw new Cancelled();
    }
    RuntimeException f = failure[0];
    if (f != null) {
      parent.run().checkRunning();
      if (f instanceof Cancelled) {
        parent.checkRunning();
      }
      throw f;
    }
    return java.util.Arrays.asList(results);
  }

  private static void stop(CancelToken token, List<Thread> threads, Object lock) {
    synchronized (lock) {
      token.cancel();
      threads.forEach(Thread::interrupt);
    }
  }
}
