package io.sluice.run;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * A task as the plan and the group manifests carry it: the only two places its input is stored.
 *
 * @param id the task's id (a hash of job, stage and input; continuations: of parent and position)
 * @param input the task's input
 * @param position the resume position, or null unless a continuation
 * @param parent the task a continuation continues (the root of its chain), or null
 * @param estimateMillis expected duration in milliseconds; 0 = the stage's
 */
public record PlannedTask(String id, JsonNode input, JsonNode position, String parent, long estimateMillis) {}
