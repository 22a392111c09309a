package io.sluice;

import com.fasterxml.jackson.databind.JsonNode;
import io.sluice.internal.Json;
import java.time.Duration;
import java.util.Objects;

/**
 * A task as the driver side plans it: its input (any value Jackson can write as JSON: a key, a
 * record, a map) and, optionally, how long it is expected to take. The task's id is derived from the
 * job, the stage and this input, so a retried or re-delivered task has the same id.
 *
 * @param input the task's input as JSON; it travels through the store, so keep it small (a key and a
 *     byte range, not the data)
 * @param estimate expected duration, or {@link Duration#ZERO} for "use the stage's estimate"
 */
public record TaskSpec(JsonNode input, Duration estimate) {
  public TaskSpec {
    Objects.requireNonNull(input, "input");
    Objects.requireNonNull(estimate, "estimate");
  }

  /** A task whose input is {@code input} converted to JSON. */
  public static TaskSpec of(Object input) {
    return new TaskSpec(Json.toTree(input), Duration.ZERO);
  }

  /** This task with an expected duration. */
  public TaskSpec withEstimate(Duration estimate) {
    return new TaskSpec(input, estimate);
  }
}
