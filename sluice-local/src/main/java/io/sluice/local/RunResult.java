package io.sluice.local;

import java.time.Duration;

/**
 * How a local run ended.
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
 */
public record RunResult(
    String runId, boolean succeeded, String error, String cause, Duration wall, long tasksCommitted, long retries,
    long executorInvocations, long executorFailures, long driverInvocations, int executions, long bytesIn,
    long bytesOut) {}
