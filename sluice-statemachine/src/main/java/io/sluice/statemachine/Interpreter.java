package io.sluice.statemachine;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Runs state machines in this JVM with Step Functions' semantics. Thread-safe; one interpreter may run
 * many executions at once.
 *
 * <pre>{@code
 * Interpreter interpreter = Interpreter.builder()
 *     .taskInvoker(inv -> callMyFunction(inv.resource(), inv.input()))
 *     .clock(Clock.system())
 *     .build();
 * ExecutionResult result = interpreter.run(stateMachine, input);
 * }</pre>
 */
public final class Interpreter {
  /** Starts an execution and returns at once. */
  public Execution start(StateMachine stateMachine, JsonNode input, String executionName) {
    throw new UnsupportedOperationException("TODO");
  }

  /** Runs an execution to its end. */
  public ExecutionResult run(StateMachine stateMachine, JsonNode input) {
    throw new UnsupportedOperationException("TODO");
  }

  public static Builder builder() {
    return new Builder();
  }

  /** Settings; all optional. */
  public static final class Builder {
    public Builder taskInvoker(TaskInvoker taskInvoker) { return this; }
    public Builder clock(Clock clock) { return this; }
    public Builder objectSource(ObjectSource objectSource) { return this; }
    /** Events per execution before it fails as AWS fails it; default 25,000. */
    public Builder historyLimit(int events) { return this; }
    /** Largest payload in bytes (UTF-8 of the JSON); default 262,144. */
    public Builder payloadLimit(int bytes) { return this; }
    public Interpreter build() { return new Interpreter(); }
  }
}
