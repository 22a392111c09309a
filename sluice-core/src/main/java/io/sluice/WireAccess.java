package io.sluice;

import com.fasterxml.jackson.databind.JsonNode;
import io.sluice.internal.Wire;
import java.util.Map;

/**
 * Gives {@link Wire} the JSON forms that the programming model keeps out of its public API. Made once,
 * by {@link Wire}, through reflection; nothing else can reach it.
 */
final class WireAccess extends Wire.Access {
  WireAccess() {}

  @Override
  protected JsonNode input(TaskSpec spec) {
    return spec.json();
  }

  @Override
  protected Task task(String id, String stage, JsonNode input, JsonNode position, int attempt) {
    return new Task(id, stage, input, position, attempt);
  }

  @Override
  protected JsonNode position(TaskOutcome outcome) {
    return outcome.positionJson();
  }

  @Override
  protected JsonNode summary(TaskOutcome outcome) {
    return outcome.summaryJson();
  }

  @Override
  protected TaskResult result(String taskId, JsonNode input, JsonNode position, Map<String, String> outputs,
      JsonNode summary, JsonNode continuation, TaskMetrics metrics) {
    return new TaskResult(taskId, input, position, outputs, summary, continuation, metrics);
  }
}
