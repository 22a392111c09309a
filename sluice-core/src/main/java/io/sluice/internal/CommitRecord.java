package io.sluice.internal;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;

/** The record whose create-if-absent write commits a task: the first one written wins. */
public record CommitRecord(
    String taskId,
    JsonNode input,
    JsonNode position,
    int epoch,
    int attempt,
    Map<String, String> outputs,
    JsonNode summary,
    JsonNode continuation,
    long bytesIn,
    long bytesOut,
    long millis,
    String executor) {}
