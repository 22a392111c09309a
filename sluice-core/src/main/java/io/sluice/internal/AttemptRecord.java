package io.sluice.internal;

/**
 * Claims attempt {@code attempt} of a task (create-if-absent), then records how it ended. A claim with
 * no end is an attempt whose executor died (timed out or crashed): it counts as failed.
 *
 * @param status "running", "failed" or "committed" (or "lost" when another attempt committed first)
 */
public record AttemptRecord(String taskId, int epoch, int attempt, String status, String error, String cause, String executor) {}
