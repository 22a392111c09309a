package io.sluice.local;

import java.time.Duration;

/**
 * How a local run ended. The task totals (bytes, requests, objects) are those of the attempts that
 * committed in this run, summed over all stages: a failed or duplicate attempt counts in none, and a
 * resumed run does not count again the tasks an earlier run committed.
 *
 * @param runId the run
 * @param succeeded whether the state machine succeeded
 * @param error the error name when it failed, else null
 * @param cause the cause when it failed, else null
 * @param wall wall time
 * @param tasksCommitted tasks committed by executors in this run
 * @param retries task attempts retried
 * @param executorInvocations executor invocations (including failed ones)
 * @param executorFailures executor invocations that failed or timed out
 * @param driverInvocations driver invocations
 * @param executions state machine executions (more than one when the run chained past the history limit)
 * @param bytesIn bytes tasks read
 * @param bytesOut bytes tasks wrote
 * @param readRequests read requests tasks made ({@link io.sluice.TaskMetrics#readRequests()})
 * @param objectsWritten objects tasks published ({@link io.sluice.TaskMetrics#objectsWritten()})
 */
public record RunResult(
    String runId, boolean succeeded, String error, String cause, Duration wall, long tasksCommitted, long retries,
    long executorInvocations, long executorFailures, long driverInvocations, int executions, long bytesIn,
    long bytesOut, long readRequests, long objectsWritten) {}
