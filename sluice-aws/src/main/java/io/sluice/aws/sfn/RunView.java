package io.sluice.aws.sfn;

import java.time.Instant;

/**
 * Where a run on Step Functions stands: its latest execution's status, and what that execution's
 * history tells of the loop (the Driver's last decision, the state it is in).
 *
 * <p>The Driver's decision carries the step number and the action, and for {@code run_executors} one
 * reference per executor group; the stage and the task counts are in the run's store, not in the
 * history, so they are not here (read them with {@code sluice status RUN --store s3://...}).
 *
 * @param runId the run
 * @param executionArn the run's latest execution
 * @param executions how many executions the run has had so far (chained and resume executions
 *     included)
 * @param status that execution's status: RUNNING, SUCCEEDED, FAILED, TIMED_OUT or ABORTED
 * @param startDate when the run's first execution started
 * @param stopDate when the latest execution stopped, or null
 * @param error on failure, the error; else null
 * @param cause on failure, the cause (may be null)
 * @param step the step number of the Driver's last decision in the latest execution, or -1 if none yet
 * @param action that decision's action ({@code run_executors}, {@code succeed}, ...), or null
 * @param executorGroups for {@code run_executors}: how many executors the round runs; else 0
 * @param state the state the latest execution entered last ({@code Driver}, {@code Executors}, ...), or null
 * @param driverRetry while the loop waits to retry a failed Driver call: its error and message; else null
 * @param redriveCount how many times the latest execution was redriven
 * @param output on success, the execution's output (JSON text); else null
 */
public record RunView(
    String runId,
    String executionArn,
    int executions,
    String status,
    Instant startDate,
    Instant stopDate,
    String error,
    String cause,
    long step,
    String action,
    int executorGroups,
    String state,
    String driverRetry,
    int redriveCount,
    String output) {

  public boolean running() {
    return "RUNNING".equals(status);
  }

  public boolean succeeded() {
    return "SUCCEEDED".equals(status);
  }

  /** One line for a progress display: step, action, state. */
  public String describe() {
    StringBuilder s = new StringBuilder(status);
    if (step >= 0) {
      s.append("  driver step ").append(step).append(" '").append(action).append("'");
      if (executorGroups > 0) {
        s.append(" (").append(executorGroups).append(executorGroups == 1 ? " executor)" : " executors)");
      }
    }
    if (running() && state != null) {
      s.append("  in state ").append(state);
    }
    if (executions > 1) {
      s.append("  execution ").append(executions);
    }
    if (driverRetry != null) {
      s.append("  waiting to retry the driver after ").append(driverRetry);
    }
    return s.toString();
  }
}
