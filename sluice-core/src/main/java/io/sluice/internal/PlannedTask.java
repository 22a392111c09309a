package io.sluice.internal;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * A task as manifests carry it: id, input, resume position (null unless a continuation), parent (the
 * task it continues, or null) and the estimate in milliseconds (0 = the stage's).
 */
public record PlannedTask(String id, JsonNode input, JsonNode position, String parent, long estimateMillis) {}
