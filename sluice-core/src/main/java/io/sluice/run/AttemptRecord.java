package io.sluice.run;

/**
 * Claims attempt {@code attempt} of a task (create-if-absent), then records how it ended. A claim with
 * no end is an attempt whose executor died (timed out or crashed): it counts as failed.
 *
 * @param taskId the task
 * @param epoch the resume epoch
 * @param attempt the attempt number, from 1
 * @param status "running", "failed" or "lost" (another attempt committed first); a committed attempt
 *     keeps "running", since its commit record says so
 * @param error the failure's exception class, or null
 * @param cause the failure's message, or null
 * @param executor which executor invocation made the attempt
 */
public record AttemptRecord(String taskId, int epoch, int attempt, String status, String error, String cause, String executor) {}
