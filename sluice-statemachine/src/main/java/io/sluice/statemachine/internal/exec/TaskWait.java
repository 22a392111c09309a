package io.sluice.statemachine.internal.exec;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.NullNode;
import io.sluice.statemachine.ExecutionClock;
import io.sluice.statemachine.StatesError;
import java.time.Duration;
import java.time.Instant;

/**
 * What a Task state's thread waits for while its task runs: the invoker's worker thread ending, a task-token
 * callback, or the timer for the nearest deadline (TimeoutSeconds, HeartbeatSeconds, the execution's
 * timeout) going off. Heartbeats only move the heartbeat deadline.
 *
 * <p>Clock accounting (see {@link ExecutionClock#busy()}): the waiting thread is idle while it waits. Whoever wakes
 * it hands it a busy count, so a virtual clock never sees a moment with nobody busy between the event and
 * the waiter resuming: the worker and the timer thread hand over their own count (and go idle otherwise);
 * a callback from outside registers a new one. At most one hand-over per wait, as in {@link Gate}.
 */
final class TaskWait {
  enum Event {
    /** The invoker returned or threw: {@link #workerOutcome()}. */
    WORKER,
    /** A SendTaskSuccess or SendTaskFailure came: {@link #callbackOutcome()}. */
    CALLBACK,
    /** The armed deadline was reached. */
    TIMER
  }

  private final ExecutionClock clock;
  private final Long heartbeatSeconds;
  private Instant heartbeatDeadline;
  private boolean closed;

  private boolean workerDone;
  private boolean workerSeen;
  private Object workerOutcome;

  private boolean callbackDone;
  private Object callbackOutcome;

  private boolean timerFired;
  private Thread timer;
  private Instant armed;

  private boolean waiting;
  private boolean handed;

  TaskWait(ExecutionClock clock, Long heartbeatSeconds, Instant started) {
    this.clock = clock;
    this.heartbeatSeconds = heartbeatSeconds;
    this.heartbeatDeadline = heartbeatSeconds == null ? null : started.plusSeconds(heartbeatSeconds);
  }

  // ---- from outside ----

  synchronized void succeed(JsonNode output) {
    callback(output == null ? NullNode.getInstance() : output);
  }

  synchronized void fail(String error, String cause) {
    callback(new StatesError(error, cause));
  }

  private void callback(Object outcome) {
    if (closed || callbackDone) {
      throw TaskTokens.closed();
    }
    callbackDone = true;
    callbackOutcome = outcome;
    if (waiting && !handed) {
      handed = true;
      clock.busy();
      notifyAll();
    }
  }

  /**
   * Resets the heartbeat clock. Once the task has ended, a heartbeat through the API ({@code
   * fromApi}) is refused as AWS refuses it; one through the invocation's hook is ignored.
   */
  synchronized void heartbeat(boolean fromApi) {
    if (closed || callbackDone) {
      if (fromApi) {
        throw TaskTokens.closed();
      }
      return;
    }
    if (heartbeatSeconds != null) {
      heartbeatDeadline = clock.now().plusSeconds(heartbeatSeconds);
    }
  }

  // ---- from the worker and timer threads (registered busy) ----

  /** The invoker's result (a JsonNode) or exception; the worker's last act. */
  void workerDone(Object outcome) {
    synchronized (this) {
      workerDone = true;
      workerOutcome = outcome;
      if (handOver()) {
        return;
      }
    }
    clock.idle();
  }

  private void timerFired(Thread self) {
    synchronized (this) {
      if (timer == self) {
        timerFired = true;
        if (handOver()) {
          return;
        }
      }
    }
    clock.idle();
  }

  private boolean handOver() {
    if (waiting && !handed) {
      handed = true;
      notifyAll();
      return true;
    }
    return false;
  }

  // ---- from the state's thread ----

  synchronized Instant heartbeatDeadline() {
    return heartbeatDeadline;
  }

  synchronized boolean workerFinished() {
    return workerDone;
  }

  synchronized Object workerOutcome() {
    return workerOutcome;
  }

  synchronized Object callbackOutcome() {
    return callbackOutcome;
  }

  /**
   * Waits (idle) for the next event. The worker's end comes first; callbacks count only once {@code
   * callbacks} is set (after the invoker returned).
   */
  synchronized Event next(boolean callbacks) throws InterruptedException {
    while (true) {
      if (workerDone && !workerSeen) {
        workerSeen = true;
        return Event.WORKER;
      }
      if (callbacks && callbackDone) {
        return Event.CALLBACK;
      }
      if (timerFired) {
        timerFired = false;
        timer = null;
        armed = null;
        return Event.TIMER;
      }
      waiting = true;
      clock.idle();
      try {
        wait();
      } finally {
        waiting = false;
        if (handed) {
          handed = false;
        } else {
          clock.busy();
        }
      }
    }
  }

  /**
   * Makes the timer go off at {@code deadline} (null: no timer), on a thread sleeping on the clock. Keeps
   * a timer already set for that time.
   */
  void arm(Instant deadline) {
    synchronized (this) {
      if (deadline == null ? armed == null : deadline.equals(armed)) {
        return;
      }
    }
    disarm();
    if (deadline == null) {
      return;
    }
    clock.busy();
    Thread t = Thread.ofVirtual().name("sluice-sfn-task-timer").unstarted(() -> {
      try {
        clock.sleepUntil(deadline);
      } catch (InterruptedException e) {
        clock.idle();
        return;
      }
      timerFired(Thread.currentThread());
    });
    synchronized (this) {
      timer = t;
      armed = deadline;
    }
    t.start();
  }

  /** Stops the timer, if one is set, and waits for its thread to leave the clock. */
  void disarm() {
    Thread t;
    synchronized (this) {
      t = timer;
      timer = null;
      armed = null;
      timerFired = false;
    }
    if (t != null) {
      t.interrupt();
      joinQuietly(t, Duration.ofSeconds(5));
    }
  }

  /** Ends the wait: later callbacks and heartbeats are refused. */
  synchronized void close() {
    closed = true;
  }

  static void joinQuietly(Thread t, Duration max) {
    boolean interrupted = false;
    long end = System.nanoTime() + max.toNanos();
    while (t.isAlive()) {
      long left = end - System.nanoTime();
      if (left <= 0) {
        break;
      }
      try {
        t.join(Duration.ofNanos(left));
      } catch (InterruptedException e) {
        interrupted = true;
      }
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
  }
}
