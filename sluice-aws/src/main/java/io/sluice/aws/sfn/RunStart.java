package io.sluice.aws.sfn;

import java.time.Instant;

/**
 * A started run.
 *
 * @param runId the run's id, also its first execution's name
 * @param executionArn that execution's ARN
 * @param startDate when it started
 * @param existing true if the run had been started before (by an earlier call with the same run id and
 *     parameters) and this call started nothing
 */
public record RunStart(String runId, String executionArn, Instant startDate, boolean existing) {}
