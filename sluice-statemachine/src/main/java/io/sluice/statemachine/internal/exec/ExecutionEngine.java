package io.sluice.statemachine.internal.exec;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sluice.statemachine.Execution;
import io.sluice.statemachine.ExecutionResult;
import io.sluice.statemachine.ExecutionStatus;
import io.sluice.statemachine.HistoryEvent;
import io.sluice.statemachine.StatesError;
import io.sluice.statemachine.internal.history.EventChain;
import io.sluice.statemachine.internal.history.History;
import io.sluice.statemachine.internal.history.HistoryLimitReached;
import io.sluice.statemachine.internal.model.StateGraph;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;

/**
 * One top-level execution: records {@code ExecutionStarted}, runs the graph, records the terminal event
 * ({@code ExecutionSucceeded}, {@code ExecutionFailed}, {@code ExecutionTimedOut} or {@code
 * ExecutionAborted}) and reports how it ended.
 */
public final class ExecutionEngine implements Execution {
  /** How an execution ended. */
  record Outcome(ExecutionStatus status, JsonNode output, String error, String cause) {}

  private final ExecutionRun run;
  private final StateGraph graph;
  private final CompletableFuture<ExecutionResult> result = new CompletableFuture<>();
  private volatile Thread worker;
  private volatile ExecutionStatus status = ExecutionStatus.RUNNING;

  public ExecutionEngine(Settings settings, StateGraph graph, String stateMachineName, JsonNode input,
      String executionName) {
    String smArn = "arn:aws:states:" + settings.region() + ":" + settings.account() + ":stateMachine:"
        + stateMachineName;
    String arn = "arn:aws:states:" + settings.region() + ":" + settings.account() + ":execution:"
        + stateMachineName + ":" + executionName;
    Instant now = settings.clock().now();
    Instant deadline = graph.timeoutSeconds() == null ? null : now.plusSeconds(graph.timeoutSeconds());
    this.run = new ExecutionRun(settings, arn, executionName, smArn, stateMachineName, input, deadline, null);
    this.graph = graph;
  }

  /** Runs the execution on a new virtual thread. */
  public void start() {
    Thread t = Thread.ofVirtual().name("sluice-sfn-" + run.name).unstarted(this::runRegistered);
    worker = t;
    // Busy before the thread starts, so that a virtual clock does not move on before it runs.
    run.settings.clock().busy();
    t.start();
  }

  /** Runs the execution on the calling thread, to its end. */
  public ExecutionResult runHere() {
    run.settings.clock().busy();
    return runRegistered();
  }

  /** Runs the execution on this thread, already counted busy on the clock. */
  private ExecutionResult runRegistered() {
    if (worker == null) {
      worker = Thread.currentThread();
    }
    Outcome o;
    try {
      o = execute(run, graph, new CancelToken(null));
    } catch (RuntimeException | Error e) {
      o = new Outcome(ExecutionStatus.FAILED, null, "States.Runtime", "Internal error: " + e);
    } finally {
      run.settings.clock().idle();
    }
    ExecutionResult r = new ExecutionResult(o.status(), o.output(), o.error(), o.cause(), run.history.snapshot());
    status = o.status();
    if (worker == Thread.currentThread()) {
      Thread.interrupted();
    }
    result.complete(r);
    return r;
  }

  /** Runs one execution (top-level or a Distributed Map child) and records its terminal event. */
  static Outcome execute(ExecutionRun run, StateGraph graph, CancelToken cancel) {
    Frame frame = new Frame(run, new Variables(null), new EventChain(0), cancel);
    History history = run.history;
    try {
      ObjectNode started = StateRun.JSON.objectNode();
      started.put("input", Payloads.compact(run.input));
      started.putObject("inputDetails").put("truncated", false);
      started.put("roleArn", run.settings.roleArn());
      started.put("stateMachineArn", run.stateMachineArn);
      // As in AWS, the first state's entered event names 0, not ExecutionStarted, as its previous event.
      history.add(new EventChain(0), "ExecutionStarted", started);
      if (Payloads.size(run.input) > run.settings.payloadLimit()) {
        throw new StatesError("States.DataLimitExceeded",
            "The input to the execution exceeds the maximum number of bytes service limit.");
      }
      JsonNode output = GraphRunner.run(graph, run.input, frame);
      ObjectNode succeeded = StateRun.JSON.objectNode();
      succeeded.put("output", Payloads.compact(output));
      succeeded.putObject("outputDetails").put("truncated", false);
      history.add(frame.chain(), "ExecutionSucceeded", succeeded);
      return new Outcome(ExecutionStatus.SUCCEEDED, output, null, null);
    } catch (HistoryLimitReached e) {
      return new Outcome(ExecutionStatus.FAILED, null, "States.Runtime", e.getMessage());
    } catch (Terminated t) {
      return terminated(frame, t);
    } catch (Cancelled c) {
      Terminated t = run.terminated();
      if (t != null) {
        return terminated(frame, t);
      }
      return terminated(frame, new Terminated(ExecutionStatus.ABORTED, "States.Aborted", "The execution was cancelled"));
    } catch (StatesError e) {
      if (run.terminated() != null) {
        return terminated(frame, run.terminated());
      }
      ObjectNode failed = StateRun.JSON.objectNode();
      if (e.error() != null) {
        failed.put("error", e.error());
      }
      if (e.cause() != null) {
        failed.put("cause", e.cause());
      }
      return record(frame, "ExecutionFailed", failed, new Outcome(ExecutionStatus.FAILED, null, e.error(), e.cause()));
    }
  }

  private static Outcome terminated(Frame frame, Terminated t) {
    ObjectNode details = StateRun.JSON.objectNode();
    if (t.error != null) {
      details.put("error", t.error);
    }
    if (t.cause != null) {
      details.put("cause", t.cause);
    }
    String type = t.status == ExecutionStatus.TIMED_OUT ? "ExecutionTimedOut" : "ExecutionAborted";
    return record(frame, type, details, new Outcome(t.status, null, t.error, t.cause));
  }

  private static Outcome record(Frame frame, String type, ObjectNode details, Outcome outcome) {
    try {
      frame.chain().follow(frame.run().history.lastId());
      frame.run().history.add(frame.chain(), type, details);
      return outcome;
    } catch (HistoryLimitReached e) {
      return new Outcome(ExecutionStatus.FAILED, null, "States.Runtime", e.getMessage());
    }
  }

  @Override
  public String executionArn() {
    return run.executionArn;
  }

  @Override
  public ExecutionStatus status() {
    return status;
  }

  @Override
  public List<HistoryEvent> history() {
    return run.history.snapshot();
  }

  @Override
  public ExecutionResult await() throws InterruptedException {
    try {
      return result.get();
    } catch (ExecutionException e) {
      throw new IllegalStateException(e.getCause());
    }
  }

  @Override
  public void abort(String error, String cause) {
    run.terminate(new Terminated(ExecutionStatus.ABORTED, error, cause));
    Thread t = worker;
    if (t != null && !result.isDone()) {
      t.interrupt();
    }
  }
}
