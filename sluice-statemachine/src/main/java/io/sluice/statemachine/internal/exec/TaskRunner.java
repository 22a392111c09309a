package io.sluice.statemachine.internal.exec;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sluice.statemachine.StatesError;
import io.sluice.statemachine.TaskInvocation;
import io.sluice.statemachine.internal.model.StateDef;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * Task states: calls the {@link io.sluice.statemachine.TaskInvoker}, records Task* events (or
 * LambdaFunction* events for a Lambda function ARN given directly as the Resource), enforces {@code
 * TimeoutSeconds} and applies the result data flow. {@code HeartbeatSeconds} is accepted but has no
 * effect: invokers have no way to send heartbeats.
 */
final class TaskRunner {
  private TaskRunner() {}

  static Step run(StateDef.TaskState t, StateRun s) {
    JsonNode effective = t.jsonata() ? s.rawInput : s.selectPath(s.rawInput, t.common().inputPath());
    if (t.resource().endsWith(".waitForTaskToken")) {
      s.taskToken = UUID.randomUUID().toString();
    }
    return ErrorHandling.run(s, t.retry(), t.catchers(), () -> attempt(t, s, effective));
  }

  private static Step attempt(StateDef.TaskState t, StateRun s, JsonNode effective) {
    ExecutionRun run = s.run();
    JsonNode states = t.jsonata() ? s.states(null, null) : null;
    JsonNode params;
    if (t.jsonata()) {
      params = t.arguments() == null ? s.rawInput : s.jsonata("Arguments", t.arguments(), states);
    } else {
      params = t.parameters() == null ? effective : s.template(t.parameters(), effective);
    }
    Long timeout = seconds(s, "TimeoutSeconds", t.timeoutSeconds(), t.timeoutSecondsPath(), effective, states);
    Long heartbeat = seconds(s, "HeartbeatSeconds", t.heartbeatSeconds(), t.heartbeatSecondsPath(), effective, states);
    boolean lambda = t.resource().startsWith("arn:aws:lambda:");
    String[] typeAndName = resourceTypeAndName(t.resource());

    ObjectNode scheduled = StateRun.JSON.objectNode();
    if (lambda) {
      scheduled.put("resource", t.resource());
      scheduled.put("input", Payloads.compact(params));
      scheduled.putObject("inputDetails").put("truncated", false);
      if (timeout != null) {
        scheduled.put("timeoutInSeconds", timeout);
      }
      run.history.add(s.frame.chain(), "LambdaFunctionScheduled", scheduled);
      run.history.add(s.frame.chain(), "LambdaFunctionStarted", null);
    } else {
      resourceDetails(scheduled, typeAndName);
      scheduled.put("region", run.settings.region());
      scheduled.put("parameters", Payloads.compact(params));
      if (timeout != null) {
        scheduled.put("timeoutInSeconds", timeout);
      }
      if (heartbeat != null) {
        scheduled.put("heartbeatInSeconds", heartbeat);
      }
      run.history.add(s.frame.chain(), "TaskScheduled", scheduled);
      run.history.add(s.frame.chain(), "TaskStarted", resourceDetails(StateRun.JSON.objectNode(), typeAndName));
    }

    Instant deadline = timeout == null ? null : run.settings.clock().now().plusSeconds(timeout);
    TaskInvocation invocation = new TaskInvocation(t.resource(), params, t.name(), run.executionArn,
        Optional.ofNullable(deadline), Optional.ofNullable(s.taskToken));
    JsonNode result;
    try {
      result = invoke(s, invocation, deadline);
      if (result == null) {
        result = StateRun.JSON.nullNode();
      }
      Payloads.check(result, run.settings.payloadLimit(), t.name());
    } catch (StatesError e) {
      boolean timedOut = "States.Timeout".equals(e.error());
      ObjectNode failed = lambda ? StateRun.JSON.objectNode() : resourceDetails(StateRun.JSON.objectNode(), typeAndName);
      if (e.error() != null) {
        failed.put("error", e.error());
      }
      if (e.cause() != null) {
        failed.put("cause", e.cause());
      }
      String type = lambda ? (timedOut ? "LambdaFunctionTimedOut" : "LambdaFunctionFailed")
          : (timedOut ? "TaskTimedOut" : "TaskFailed");
      run.history.add(s.frame.chain(), type, failed);
      throw e;
    }
    ObjectNode succeeded = lambda ? StateRun.JSON.objectNode() : resourceDetails(StateRun.JSON.objectNode(), typeAndName);
    succeeded.put("output", Payloads.compact(result));
    succeeded.putObject("outputDetails").put("truncated", false);
    run.history.add(s.frame.chain(), lambda ? "LambdaFunctionSucceeded" : "TaskSucceeded", succeeded);
    return success(s, t.common(), t.resultSelector(), t.resultPath(), result);
  }

  /** The data flow after a Task, Parallel or Map produced its result. */
  static Step success(StateRun s, StateDef.Common common, JsonNode resultSelector, String resultPath, JsonNode result) {
    if (s.def.jsonata()) {
      JsonNode states = s.states(result, null);
      Map<String, JsonNode> assigned = s.assign(common.assign(), null, states);
      JsonNode out = common.output() == null ? result : s.jsonata("Output", common.output(), states);
      return new Step(out, FlowStates.next(s.def), assigned);
    }
    Map<String, JsonNode> assigned = s.assign(common.assign(), result, null);
    JsonNode selected = resultSelector == null ? result : s.template(resultSelector, result);
    JsonNode out = FlowStates.applyResultPath(s, resultPath, selected);
    return new Step(s.selectPath(out, common.outputPath()), FlowStates.next(s.def), assigned);
  }

  private static JsonNode invoke(StateRun s, TaskInvocation invocation, Instant taskDeadline) {
    ExecutionRun run = s.run();
    Instant runDeadline = run.deadline;
    Instant limit = taskDeadline == null ? runDeadline
        : runDeadline == null || taskDeadline.isBefore(runDeadline) ? taskDeadline : runDeadline;
    if (limit == null) {
      return call(s, invocation);
    }
    io.sluice.statemachine.Clock clock = run.settings.clock();
    Gate done = new Gate(clock, 0);
    Object[] outcome = new Object[1];
    clock.busy();
    Thread worker = Thread.ofVirtual().name("sluice-sfn-task").start(() -> {
      try {
        outcome[0] = call(s, invocation);
      } catch (RuntimeException e) {
        outcome[0] = e;
      } finally {
        done.release();
      }
    });
    long waitMs = Math.max(0, Duration.between(clock.now(), limit).toMillis());
    boolean finished;
    try {
      finished = done.await(1, 1, waitMs);
    } catch (InterruptedException e) {
      worker.interrupt();
      run.checkRunning();
      throw new Cancelled();
    }
    if (!finished) {
      worker.interrupt();
      run.checkRunning();
      throw new StatesError("States.Timeout", null);
    }
    run.checkRunning();
    if (taskDeadline != null && clock.now().isAfter(taskDeadline)) {
      throw new StatesError("States.Timeout", null);
    }
    synchronized (done) {
      if (outcome[0] instanceof RuntimeException e) {
        throw e;
      }
      return (JsonNode) outcome[0];
    }
  }

  private static JsonNode call(StateRun s, TaskInvocation invocation) {
    try {
      return s.run().settings.taskInvoker().invoke(invocation);
    } catch (StatesError e) {
      throw e;
    } catch (RuntimeException e) {
      if (Thread.currentThread().isInterrupted()) {
        s.run().checkRunning();
        throw new Cancelled();
      }
      String cause = e.getMessage() == null ? e.getClass().getName() : e.getMessage();
      throw new StatesError("States.TaskFailed", cause, e);
    }
  }

  private static Long seconds(StateRun s, String field, JsonNode value, String path, JsonNode effective, JsonNode states) {
    JsonNode v = null;
    if (value != null) {
      v = s.def.jsonata() ? s.jsonata(field, value, states) : value;
    } else if (path != null) {
      v = s.selectPath(effective, path);
    }
    if (v == null) {
      return null;
    }
    if (!v.isIntegralNumber() || v.asLong() <= 0) {
      String where = path != null ? field + "Path field refers to value " + Payloads.compact(v)
          : field + " field has value " + Payloads.compact(v);
      throw s.runtime("The " + where + " which is not a valid positive integer");
    }
    return v.asLong();
  }

  /** Splits {@code arn:aws:states:::lambda:invoke} into {@code lambda} and {@code invoke}. */
  static String[] resourceTypeAndName(String resource) {
    if (resource.startsWith("arn:")) {
      String[] parts = resource.split(":", 7);
      if (parts.length == 7) {
        return new String[] {parts[5], parts[6]};
      }
      if (parts.length == 6) {
        return new String[] {parts[2], parts[5]};
      }
    }
    return new String[] {"local", resource};
  }

  private static ObjectNode resourceDetails(ObjectNode node, String[] typeAndName) {
    node.put("resourceType", typeAndName[0]);
    node.put("resource", typeAndName[1]);
    return node;
  }
}
