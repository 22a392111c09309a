package io.sluice;

/**
 * What the committed attempt of a task measured, apart from what it produced ({@link TaskResult}).
 *
 * <p>Requests are counted as the task makes them through its {@link TaskContext}, one per call: what
 * S3 bills (a GET or a HEAD each), not counting a store's own retries of a call, nor the requests a
 * large output's multipart upload takes. Only the attempt that committed is measured here: what a
 * failed or a duplicate attempt read and wrote is in no task's metrics and no run's totals. Reads and
 * writes of another store the task opened count too when made through {@link TaskContext#metered}
 * (the pipeline's stages read sources and write tables outside the run's store that way).
 *
 * @param attempt the attempt that committed (1 for the first)
 * @param bytesIn bytes the attempt read through {@link TaskContext#open} and {@link TaskContext#openRange}
 * @param bytesOut bytes it wrote through {@link TaskContext#output} and {@link TaskContext#outputAt}
 * @param millis how long the attempt's {@link Stage#run} took, outputs published included
 * @param readRequests requests it made to read: each {@link TaskContext#open} and {@link
 *     TaskContext#openRange} (a GET) and each {@link TaskContext#stat} (a HEAD, billed as a GET is), whether
 *     or not the object was there
 * @param objectsWritten objects it published: one per {@link TaskContext#output} and {@link
 *     TaskContext#outputAt}
 */
public record TaskMetrics(int attempt, long bytesIn, long bytesOut, long millis, long readRequests, long objectsWritten) {}
