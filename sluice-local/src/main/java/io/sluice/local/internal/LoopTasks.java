package io.sluice.local.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sluice.driver.DriverHandler;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.sluice.local.function.LocalFunction;
import io.sluice.local.function.LocalFunctionException;
import io.sluice.loop.FunctionArns;
import io.sluice.loop.LoopDefinition;
import io.sluice.statemachine.StatesError;
import io.sluice.statemachine.TaskInvocation;
import io.sluice.statemachine.TaskInvoker;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The Task resources of the generated loop, as the local runtime serves them: the Driver and Executor
 * ARNs go to their local functions; {@code states:startExecution} records the input of the chained
 * execution, which the runtime starts once the current one has ended. Also keeps the run's counters
 * from what the functions return.
 */
public final class LoopTasks implements TaskInvoker {
  /** Reads the causes of function errors; configured once here, never changed. */
  private static final ObjectMapper CAUSES = new ObjectMapper();

  private final FunctionArns arns;
  private final LocalFunction driver;
  private final LocalFunction executor;
  private final AtomicReference<JsonNode> chained = new AtomicReference<>();
  private final AtomicReference<JsonNode> lastDecision = new AtomicReference<>();
  private final AtomicReference<String> driverFailure = new AtomicReference<>();
  private final AtomicLong committed = new AtomicLong();
  private final AtomicLong retries = new AtomicLong();
  private final AtomicLong bytesIn = new AtomicLong();
  private final AtomicLong bytesOut = new AtomicLong();
  private final AtomicLong readRequests = new AtomicLong();
  private final AtomicLong objectsWritten = new AtomicLong();
  private final AtomicLong executorInvocations = new AtomicLong();
  private final AtomicLong executorFailures = new AtomicLong();
  private final AtomicLong driverInvocations = new AtomicLong();

  public LoopTasks(FunctionArns arns, LocalFunction driver, LocalFunction executor) {
    this.arns = arns;
    this.driver = driver;
    this.executor = executor;
  }

  @Override
  public JsonNode invoke(TaskInvocation inv) {
    String resource = inv.resource();
    if (resource.equals(arns.driver())) {
      driverInvocations.incrementAndGet();
      JsonNode decision;
      try {
        decision = call(driver, inv.input());
      } catch (StatesError e) {
        // The loop retries every Driver failure but the final ones: until a call succeeds, it is waiting to.
        driverFailure.set(DriverHandler.FINAL_ERRORS.contains(e.error()) ? null : e.error() + ": " + errorMessage(e));
        throw e;
      }
      driverFailure.set(null);
      lastDecision.set(decision);
      return decision;
    }
    if (resource.equals(arns.executor())) {
      executorInvocations.incrementAndGet();
      try {
        JsonNode out = call(executor, inv.input());
        committed.addAndGet(out.path("committed").asLong());
        retries.addAndGet(out.path("retried").asLong());
        bytesIn.addAndGet(out.path("bytesIn").asLong());
        bytesOut.addAndGet(out.path("bytesOut").asLong());
        readRequests.addAndGet(out.path("readRequests").asLong());
        objectsWritten.addAndGet(out.path("objectsWritten").asLong());
        return out;
      } catch (StatesError e) {
        executorFailures.incrementAndGet();
        throw e;
      }
    }
    if (resource.equals(LoopDefinition.START_EXECUTION)) {
      JsonNode input = inv.input().path("Input");
      chained.set(input.deepCopy());
      ObjectNode out = JsonNodeFactory.instance.objectNode();
      out.put("ExecutionArn", inv.executionArn() + "-chained");
      return out;
    }
    throw new StatesError("States.Runtime", "The local runtime has no function for resource '" + resource + "'");
  }

  /** Invokes a function; its failure becomes the error Step Functions reports for a Lambda task. */
  private static JsonNode call(LocalFunction function, JsonNode input) {
    try {
      return function.invoke(input);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new StatesError("States.Runtime", "Interrupted while invoking " + function.name());
    } catch (LocalFunctionException e) {
      ObjectNode cause = JsonNodeFactory.instance.objectNode();
      cause.put("errorMessage", e.errorMessage());
      cause.put("errorType", e.errorType());
      throw new StatesError(statesErrorName(e.errorType()), cause.toString(), e);
    }
  }

  /**
   * The error name Step Functions gives a Lambda failure: the function's own error type, except for
   * the Lambda service's refusals, which it prefixes with {@code Lambda.} (and the loop retries).
   */
  static String statesErrorName(String errorType) {
    return switch (errorType) {
      case LocalFunction.THROTTLED_ERROR, LocalFunction.REQUEST_TOO_LARGE_ERROR -> "Lambda." + errorType;
      default -> errorType;
    };
  }

  private static String errorMessage(StatesError e) {
    try {
      return CAUSES.readTree(e.cause()).path("errorMessage").asText(e.cause());
    } catch (java.io.IOException | RuntimeException notJson) {
      return String.valueOf(e.cause());
    }
  }

  /**
   * While the loop waits to retry a Driver call that failed: its error and message; null when the
   * last Driver call succeeded (or failed with a final error, which is not retried).
   */
  public String driverFailure() {
    return driverFailure.get();
  }

  /** The input of the execution a continue_as_new asked for, once; null if none. */
  public JsonNode takeChainedInput() {
    return chained.getAndSet(null);
  }

  /** The Driver's latest decision, or null. */
  public JsonNode lastDecision() {
    return lastDecision.get();
  }

  public long committed() {
    return committed.get();
  }

  public long retries() {
    return retries.get();
  }

  public long bytesIn() {
    return bytesIn.get();
  }

  public long bytesOut() {
    return bytesOut.get();
  }

  public long readRequests() {
    return readRequests.get();
  }

  public long objectsWritten() {
    return objectsWritten.get();
  }

  public long executorInvocations() {
    return executorInvocations.get();
  }

  public long executorFailures() {
    return executorFailures.get();
  }

  public long driverInvocations() {
    return driverInvocations.get();
  }
}
