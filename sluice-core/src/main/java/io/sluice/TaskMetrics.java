package io.sluice;

/**
 * What the committed attempt of a task measured, apart from what it produced ({@link TaskResult}).
 *
 * @param attempt the attempt that committed (1 for the first)
 * @param bytesIn bytes the attempt read through {@link TaskContext#open} and {@link TaskContext#openRange}
 * @param bytesOut bytes it wrote through {@link TaskContext#output}
 * @param millis how long the attempt's {@link Stage#run} took, outputs published included
 */
public record TaskMetrics(int attempt, long bytesIn, long bytesOut, long millis) {}
