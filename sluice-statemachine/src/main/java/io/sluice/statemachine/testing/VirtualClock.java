package io.sluice.statemachine.testing;

import io.sluice.statemachine.ExecutionClock;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.PriorityQueue;

/**
 * A {@link Clock} on virtual time, for tests: nothing ever sleeps for real.
 *
 * <p>Semantics (a discrete-event simulation): the interpreter tells the clock which threads are busy
 * (through {@link #busy()} / {@link #idle()}: an execution's thread, each Parallel branch, Map iteration,
 * Distributed Map child and task invocation). A thread that sleeps stops being busy. Whenever no thread
 * is busy, the clock jumps to the earliest deadline anyone sleeps until and wakes that sleeper (one at a
 * time, earliest first; equal deadlines in the order they were asked for). So concurrent branches that
 * wait 10 and 4 seconds take 10 virtual seconds in all, and a branch's later waits start from the time it
 * woke, exactly as on a real clock. Time never moves while any registered thread is doing work (a task
 * invoker running real code keeps the clock still). A thread is registered from {@link #busy()} to {@link
 * #idle()}; a thread that starts others should call {@code busy()} for each before starting it, so that
 * the count never drops to zero between. A thread that sleeps without being registered (a test calling
 * {@link #sleepUntil} directly, or a task invoker sleeping on the execution's own thread) works too: with
 * nothing else busy it wakes at once at its deadline.
 *
 * <p>Timeouts are measured on this clock: a task invoker that sleeps on it past its state's {@code
 * TimeoutSeconds} makes the state fail with {@code States.Timeout}. A task waiting for a task-token
 * callback is idle, so time moves on to its {@code TimeoutSeconds} or {@code HeartbeatSeconds} deadline
 * unless someone busy holds it. A test that sends callbacks or heartbeats at given virtual times should
 * call {@link #busy()} before starting the execution, {@link #sleepUntil} to each moment, and {@link
 * #idle()} before awaiting the result; a callback wakes the waiting task without letting time move first. {@link #advance} moves time by hand. A
 * sleeping thread that is interrupted gets an {@link InterruptedException}. Thread-safe.
 */
public final class VirtualClock implements ExecutionClock {
  /** Where a VirtualClock starts unless told otherwise. */
  public static final Instant DEFAULT_START = Instant.parse("2024-01-01T00:00:00Z");

  private static final class Sleeper {
    final Instant deadline;
    final long order;
    boolean woken;

    Sleeper(Instant deadline, long order) {
      this.deadline = deadline;
      this.order = order;
    }
  }

  private final Instant start;
  private final PriorityQueue<Sleeper> sleepers = new PriorityQueue<>(
      Comparator.comparing((Sleeper s) -> s.deadline).thenComparingLong(s -> s.order));
  private Instant now;
  private long sleeps;
  private long order;
  private int busy;

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
      if (!deadline.isAfter(now)) {
        return;
      }
      Sleeper me = new Sleeper(deadline, order++);
      sleepers.add(me);
      busy--;
      advanceIfAllIdle();
      try {
        while (!me.woken) {
          wait();
        }
      } catch (InterruptedException e) {
        if (!me.woken) {
          sleepers.remove(me);
          busy++;
        }
        throw e;
      }
    }
  }

  @Override
  public synchronized void busy() {
    busy++;
  }

  @Override
  public synchronized void idle() {
    busy--;
    advanceIfAllIdle();
  }

  private void advanceIfAllIdle() {
    if (busy <= 0 && !sleepers.isEmpty()) {
      Sleeper next = sleepers.poll();
      if (next.deadline.isAfter(now)) {
        now = next.deadline;
      }
      next.woken = true;
      busy++;
      notifyAll();
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
