package io.sluice.statemachine;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.sluice.statemachine.internal.exec.ExecutionEngine;
import io.sluice.statemachine.internal.exec.Settings;
import io.sluice.statemachine.internal.exec.TaskTokens;
import java.util.Objects;
import java.util.UUID;
import java.util.function.BiConsumer;

/**
 * Runs state machines in this JVM with Step Functions' semantics. Thread-safe; one interpreter may run
 * many executions at once.
 *
 * <pre>{@code
 * Interpreter interpreter = Interpreter.builder()
 *     .taskInvoker(inv -> callMyFunction(inv.resource(), inv.input()))
 *     .clock(ExecutionClock.system())
 *     .build();
 * ExecutionResult result = interpreter.run(stateMachine, input);
 * }</pre>
 *
 * <p>Executions run on virtual threads; Parallel branches and Map iterations too. Distributed Map child
 * histories are not kept (see {@link Builder#childExecutionListener}).
 *
 * <p><b>Task tokens.</b> A Task whose {@code Resource} ends in {@code .waitForTaskToken} gets a token
 * ({@code $$.Task.Token}, {@link TaskInvocation#taskToken()}); the invoker passes it on and the task waits
 * until the token comes back through {@link #sendTaskSuccess}, {@link #sendTaskFailure} or, to keep it
 * alive under {@code HeartbeatSeconds}, {@link #sendTaskHeartbeat}:
 *
 * <pre>{@code
 * BlockingQueue<String> tokens = new LinkedBlockingQueue<>();
 * Interpreter interpreter = Interpreter.builder()
 *     .taskInvoker(inv -> {
 *       tokens.add(inv.taskToken().orElseThrow()); // e.g. put it in a message for an approver
 *       return null;                               // recorded as TaskSubmitted, not the result
 *     })
 *     .build();
 * Execution execution = interpreter.start(stateMachine, input, "order-42");
 * String token = tokens.take();
 * interpreter.sendTaskHeartbeat(token);                             // still working
 * interpreter.sendTaskSuccess(token, JSON.readTree("{\"approved\": true}")); // the task's result
 * ExecutionResult result = execution.await();
 * }</pre>
 */
public final class Interpreter {
  private final Settings settings;

  private Interpreter(Settings settings) {
    this.settings = settings;
  }

  /** Starts an execution and returns at once. A null name gets a random one. */
  public Execution start(StateMachine stateMachine, JsonNode input, String executionName) {
    ExecutionEngine engine = engine(stateMachine, input, executionName);
    engine.start();
    return engine;
  }

  /** Runs an execution to its end, on the calling thread. */
  public ExecutionResult run(StateMachine stateMachine, JsonNode input) {
    return engine(stateMachine, input, null).runHere();
  }

  /** Runs a named execution to its end, on the calling thread. */
  public ExecutionResult run(StateMachine stateMachine, JsonNode input, String executionName) {
    return engine(stateMachine, input, executionName).runHere();
  }

  /**
   * Completes the task waiting on {@code token} ({@code SendTaskSuccess}): {@code output} becomes its
   * result and the execution goes on. Thread-safe; may be called from the task invoker itself.
   *
   * @param output the task result (null is JSON {@code null})
   * @throws TaskTokenException {@code InvalidToken} for a string that is no token of this interpreter's,
   *     {@code TaskDoesNotExist} for a token it never gave out, {@code TaskTimedOut} when the task has
   *     already ended (completed, failed, timed out, or its execution ended)
   */
  public void sendTaskSuccess(String token, JsonNode output) {
    settings.taskTokens().success(token, output);
  }

  /**
   * Fails the task waiting on {@code token} ({@code SendTaskFailure}) with {@code error} and {@code cause}
   * (either may be null); its Retry and Catch apply as to any task error. Thread-safe.
   *
   * @throws TaskTokenException as {@link #sendTaskSuccess}
   */
  public void sendTaskFailure(String token, String error, String cause) {
    settings.taskTokens().failure(token, error, cause);
  }

  /**
   * Tells the task waiting on {@code token} that its work is still going on ({@code SendTaskHeartbeat}):
   * its {@code HeartbeatSeconds} clock starts again; {@code TimeoutSeconds} still bounds the whole task. No
   * history event is recorded. Thread-safe.
   *
   * @throws TaskTokenException as {@link #sendTaskSuccess}
   */
  public void sendTaskHeartbeat(String token) {
    settings.taskTokens().heartbeat(token);
  }

  private ExecutionEngine engine(StateMachine stateMachine, JsonNode input, String executionName) {
    Objects.requireNonNull(stateMachine, "stateMachine");
    JsonNode in = input == null ? JsonNodeFactory.instance.objectNode() : input;
    String name = executionName == null ? UUID.randomUUID().toString() : executionName;
    return new ExecutionEngine(settings, stateMachine.graph(), stateMachine.name(), in, name);
  }

  public static Builder builder() {
    return new Builder();
  }

  /** Settings; all optional. */
  public static final class Builder {
    private TaskInvoker taskInvoker = TaskInvoker.none();
    private ExecutionClock clock = ExecutionClock.system();
    private ObjectSource objectSource = ObjectSource.none();
    private int historyLimit = 25_000;
    private int payloadLimit = 262_144;
    private String roleArn = "arn:aws:iam::123456789012:role/sluice-execution";
    private String region = "us-east-1";
    private String account = "123456789012";
    private BiConsumer<String, ExecutionResult> childListener;

    public Builder taskInvoker(TaskInvoker taskInvoker) {
      this.taskInvoker = Objects.requireNonNull(taskInvoker);
      return this;
    }

    public Builder clock(ExecutionClock clock) {
      this.clock = Objects.requireNonNull(clock);
      return this;
    }

    public Builder objectSource(ObjectSource objectSource) {
      this.objectSource = Objects.requireNonNull(objectSource);
      return this;
    }

    /** Events per execution before it fails as AWS fails it; default 25,000. */
    public Builder historyLimit(int events) {
      if (events < 2) {
        throw new IllegalArgumentException("historyLimit must be at least 2");
      }
      this.historyLimit = events;
      return this;
    }

    /** Largest payload in bytes (UTF-8 of the JSON); default 262,144. */
    public Builder payloadLimit(int bytes) {
      if (bytes < 1) {
        throw new IllegalArgumentException("payloadLimit must be positive");
      }
      this.payloadLimit = bytes;
      return this;
    }

    /** The role ARN the context object shows as {@code $$.Execution.RoleArn}. */
    public Builder roleArn(String roleArn) {
      this.roleArn = Objects.requireNonNull(roleArn);
      return this;
    }

    /** The region in generated ARNs; default {@code us-east-1}. */
    public Builder region(String region) {
      this.region = Objects.requireNonNull(region);
      return this;
    }

    /** The account id in generated ARNs; default {@code 123456789012}. */
    public Builder account(String account) {
      this.account = Objects.requireNonNull(account);
      return this;
    }

    /**
     * Told of each Distributed Map child execution as it ends: its ARN and its result, history included.
     * The interpreter keeps no child history itself (a map run may have millions of children); keep what
     * you need. Called on the child's thread; exceptions are ignored.
     */
    public Builder childExecutionListener(BiConsumer<String, ExecutionResult> listener) {
      this.childListener = listener;
      return this;
    }

    public Interpreter build() {
      return new Interpreter(new Settings(taskInvoker, clock, objectSource, historyLimit, payloadLimit, roleArn,
          region, account, childListener, new TaskTokens()));
    }
  }
}
