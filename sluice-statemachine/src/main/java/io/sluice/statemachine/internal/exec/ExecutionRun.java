package io.sluice.statemachine.internal.exec;

import com.fasterxml.jackson.databind.JsonNode;
import io.sluice.statemachine.ExecutionStatus;
import io.sluice.statemachine.internal.history.History;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * One execution in progress (a top-level execution or a Distributed Map child): its identity, history,
 * deadline and whether something from outside ended it.
 */
final class ExecutionRun {
  static final DateTimeFormatter TIMESTAMP =
      DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

  final Settings settings;
  final History history;
  final String executionArn;
  final String name;
  final String stateMachineArn;
  final String stateMachineName;
  final JsonNode input;
  final Instant startTime;
  /** When the execution times out (its own TimeoutSeconds or a parent's), or null. */
  final Instant deadline;
  private final ExecutionRun parent;
  private volatile Terminated terminated;

  ExecutionRun(Settings settings, String executionArn, String name, String stateMachineArn,
      String stateMachineName, JsonNode input, Instant deadline, ExecutionRun parent) {
    this.settings = settings;
    this.history = new History(settings.clock(), settings.historyLimit());
    this.executionArn = executionArn;
    this.name = name;
    this.stateMachineArn = stateMachineArn;
    this.stateMachineName = stateMachineName;
    this.input = input;
    this.startTime = settings.clock().now();
    this.deadline = deadline;
    this.parent = parent;
  }

  /** Throws {@link Terminated} if the execution (or its parent) was aborted or ran out of time. */
  void checkRunning() {
    Terminated t = terminated;
    if (t != null) {
      throw t;
    }
    if (parent != null) {
      parent.checkRunning();
    }
    if (deadline != null && !settings.clock().now().isBefore(deadline)) {
      terminate(new Terminated(ExecutionStatus.TIMED_OUT, "States.Timeout", null));
      throw terminated;
    }
  }

  void terminate(Terminated t) {
    synchronized (this) {
      if (terminated == null) {
        terminated = t;
      }
    }
  }

  Terminated terminated() {
    return terminated;
  }

  /** Sleeps on the clock until {@code wakeUp} (or the deadline, if sooner), then checks for the end. */
  void sleepUntil(Instant wakeUp, CancelToken cancel) {
    Instant until = deadline != null && deadline.isBefore(wakeUp) ? deadline : wakeUp;
    try {
      settings.clock().sleepUntil(until);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      checkRunning();
      throw new Cancelled();
    }
    checkRunning();
    if (cancel != null && cancel.cancelled()) {
      throw new Cancelled();
    }
  }

  String timestamp(Instant t) {
    return TIMESTAMP.format(t);
  }
}
