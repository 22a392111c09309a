package io.sluice.statemachine;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * One call of a Task state.
 *
 * <p>For a {@code .waitForTaskToken} resource the invoker's job is to hand {@link #taskToken()} to whoever
 * will finish the work (put it in a message, start a job with it, ...). What it returns is recorded as the
 * {@code TaskSubmitted} event's output, not used as the task result: the task waits until someone calls
 * {@link Interpreter#sendTaskSuccess} (whose output is the result) or {@link Interpreter#sendTaskFailure}
 * with the token, or until its {@code TimeoutSeconds} or {@code HeartbeatSeconds} runs out.
 *
 * <p>When the state has {@code HeartbeatSeconds}, the task fails with a heartbeat timeout unless a heartbeat
 * comes at least that often, counted from when the task started. An invoker doing long work itself can send
 * them with {@link #sendHeartbeat()}; for token tasks, {@link Interpreter#sendTaskHeartbeat} with the token
 * does the same.
 *
 * @param resource the state's {@code Resource} string as written in the definition
 * @param input the effective input (after InputPath/Parameters or Arguments)
 * @param stateName the Task state's name
 * @param executionArn the running execution's ARN
 * @param deadline when the state's {@code TimeoutSeconds} runs out, if it has one
 * @param taskToken the task token, for {@code .waitForTaskToken} resources
 * @param heartbeat sends a heartbeat for this task (see {@link #sendHeartbeat()}); never null
 */
public record TaskInvocation(
    String resource,
    JsonNode input,
    String stateName,
    String executionArn,
    Optional<Instant> deadline,
    Optional<String> taskToken,
    Runnable heartbeat) {

  private static final Runnable NO_HEARTBEAT = () -> {};

  public TaskInvocation {
    heartbeat = heartbeat == null ? NO_HEARTBEAT : heartbeat;
    Objects.requireNonNull(deadline, "deadline");
    Objects.requireNonNull(taskToken, "taskToken");
  }

  /** An invocation whose heartbeats go nowhere. */
  public TaskInvocation(String resource, JsonNode input, String stateName, String executionArn,
      Optional<Instant> deadline, Optional<String> taskToken) {
    this(resource, input, stateName, executionArn, deadline, taskToken, NO_HEARTBEAT);
  }

  /**
   * Tells the interpreter the task is still making progress: it resets the {@code HeartbeatSeconds} clock
   * (the {@code TimeoutSeconds} limit stays). Any thread may call it while the task runs; once the task has
   * ended it does nothing. Records no history event, as on AWS.
   */
  public void sendHeartbeat() {
    heartbeat.run();
  }
}
