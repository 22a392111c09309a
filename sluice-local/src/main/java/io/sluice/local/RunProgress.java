package io.sluice.local;

import java.time.Duration;

/**
 * A snapshot of a running job, for a live display.
 *
 * @param stage the current stage's name ("" before the first driver step)
 * @param stageIndex 0-based
 * @param stages how many stages the job has
 * @param tasksCommitted tasks of the current stage's batch that have committed (counted from the commits)
 * @param tasksTotal tasks of the current stage's batch (continuations included)
 * @param executorsBusy executor invocations running now
 * @param retries task attempts retried so far in the run (reported by executors as they finish)
 * @param elapsed wall time since the run started
 * @param driverRetry while the loop waits to retry a Driver call that failed (a store failure, say):
 *     the error it failed with; null otherwise
 */
public record RunProgress(
    String stage, int stageIndex, int stages, long tasksCommitted, long tasksTotal, int executorsBusy, long retries,
    Duration elapsed, String driverRetry) {}
