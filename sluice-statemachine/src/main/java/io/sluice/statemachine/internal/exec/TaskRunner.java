package io.sluice.statemachine.internal.exec;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sluice.statemachine.StatesError;
import io.sluice.statemachine.TaskInvocation;
import io.sluice.statemachine.internal.model.StateDef;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/**
 * Task states: calls the {@link io.sluice.statemachine.TaskInvoker}, records Task* events (or
 * LambdaFunction* events for a Lambda function ARN given directly as the Resource), enforces {@code
 * TimeoutSeconds} and {@code HeartbeatSeconds} and applies the result data flow.
 *
 * <p>A {@code .waitForTaskToken} resource gets a fresh task token for each attempt. What its invoker returns
 * is recorded as {@code TaskSubmitted}; the task then waits for {@code SendTaskSuccess} (whose output is the
 * result, recorded as {@code TaskSucceeded}) or {@code SendTaskFailure} ({@code TaskFailed} with the given
 * error and cause; Retry and Catch apply), or for a timeout ({@code TaskTimedOut}, error {@code
 * States.Timeout}). While any deadline applies, or for token tasks, the invoker runs on its own thread and
 * this thread waits on a {@link TaskWait}; otherwise the invoker runs on this thread.
 */
final class TaskRunner {
  private TaskRunner() {}

  static Step run(StateDef.TaskState t, StateRun s) {
    JsonNode effective = t.jsonata() ? s.rawInput : s.selectPath(s.rawInput, t.common().inputPath());
    return ErrorHandling.run(s, t.retry(), t.catchers(), () -> attempt(t, s, effective));
  }

  private static Step attempt(StateDef.TaskState t, StateRun s, JsonNode effective) {
    ExecutionRun run = s.run();
    String token = null;
    if (t.resource().endsWith(".waitForTaskToken")) {
      token = run.settings.taskTokens().issue();
      s.taskToken = token;
    }
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

    io.sluice.statemachine.ExecutionClock clock = run.settings.clock();
    Instant started = clock.now();
    Instant deadline = timeout == null ? null : started.plusSeconds(timeout);
    boolean waits = token != null || heartbeat != null || deadline != null || run.deadline != null;
    TaskWait wait = waits ? new TaskWait(clock, heartbeat, started) : null;
    TaskInvocation invocation = new TaskInvocation(t.resource(), params, t.name(), run.executionArn,
        Optional.ofNullable(deadline), Optional.ofNullable(token), wait == null ? null : () -> wait.heartbeat(false));
    JsonNode result;
    try {
      if (wait == null) {
        result = call(s, invocation);
      } else {
        result = await(s, invocation, wait, token, deadline, submitted -> {
          ObjectNode details = resourceDetails(StateRun.JSON.objectNode(), typeAndName);
          details.put("output", Payloads.compact(submitted == null ? StateRun.JSON.nullNode() : submitted));
          details.putObject("outputDetails").put("truncated", false);
          run.history.add(s.frame.chain(), "TaskSubmitted", details);
        });
      }
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

  /**
   * Runs the invoker on a worker thread and waits for the task's end: the invoker's result (or, for a token
   * task, the callback after it), an error, or a deadline. {@code onSubmitted} records a token task's
   * {@code TaskSubmitted} event when its invoker returns.
   */
  private static JsonNode await(StateRun s, TaskInvocation invocation, TaskWait wait, String token,
      Instant taskDeadline, java.util.function.Consumer<JsonNode> onSubmitted) {
    ExecutionRun run = s.run();
    io.sluice.statemachine.ExecutionClock clock = run.settings.clock();
    TaskTokens tokens = run.settings.taskTokens();
    if (token != null) {
      tokens.open(token, wait);
    }
    clock.busy();
    Thread worker = Thread.ofVirtual().name("sluice-sfn-task").unstarted(() -> {
      Object outcome;
      try {
        outcome = call(s, invocation);
      } catch (RuntimeException e) {
        outcome = e;
      }
      wait.workerDone(outcome);
    });
    worker.start();
    boolean submitted = false;
    try {
      while (true) {
        wait.arm(earliest(taskDeadline, wait.heartbeatDeadline(), run.deadline));
        TaskWait.Event event;
        try {
          event = wait.next(submitted);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          run.checkRunning();
          throw new Cancelled();
        }
        switch (event) {
          case WORKER -> {
            run.checkRunning();
            Object outcome = wait.workerOutcome();
            if (outcome instanceof RuntimeException e) {
              throw e;
            }
            if (token == null) {
              return (JsonNode) outcome;
            }
            onSubmitted.accept((JsonNode) outcome);
            submitted = true;
          }
          case CALLBACK -> {
            run.checkRunning();
            Object outcome = wait.callbackOutcome();
            if (outcome instanceof StatesError e) {
              throw e;
            }
            return (JsonNode) outcome;
          }
          case TIMER -> {
            run.checkRunning();
            Instant now = clock.now();
            if (taskDeadline != null && !now.isBefore(taskDeadline)) {
              throw new StatesError("States.Timeout", null);
            }
            Instant beat = wait.heartbeatDeadline();
            if (beat != null && !now.isBefore(beat)) {
              throw new HeartbeatTimedOut();
            }
            // A heartbeat moved the deadline: arm the timer again.
          }
        }
      }
    } finally {
      wait.close();
      if (token != null) {
        tokens.close(token);
      }
      boolean interrupted = Thread.interrupted();
      wait.disarm();
      if (!wait.workerFinished()) {
        // Stop the invoker and give it a moment to leave the clock, so that a virtual clock does not
        // move on to a deadline it slept towards. An invoker that ignores interrupts keeps running.
        worker.interrupt();
        TaskWait.joinQuietly(worker, java.time.Duration.ofSeconds(1));
      }
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    }
  }

  private static Instant earliest(Instant... times) {
    Instant min = null;
    for (Instant t : times) {
      if (t != null && (min == null || t.isBefore(min))) {
        min = t;
      }
    }
    return min;
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
