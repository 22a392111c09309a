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
 * <p>The input is converted to JSON when the spec is made, so a value that cannot be written fails in
 * {@code plan}, where the stage's own code is. Immutable.
 */
public final class TaskSpec {
  private final JsonNode input;
  private final Duration estimate;

  private TaskSpec(JsonNode input, Duration estimate) {
    this.input = input;
    this.estimate = Objects.requireNonNull(estimate, "estimate");
  }

  /**
   * A task whose input is {@code input}. It travels through the store, so keep it small: a key and a
   * byte range, not the data.
   *
   * @throws IllegalArgumentException if the input is null or Jackson cannot write it as JSON
   */
  public static TaskSpec of(Object input) {
    Objects.requireNonNull(input, "input of a task");
    return new TaskSpec(Json.toTree(input), Duration.ZERO);
  }

  /** This task with an expected duration; an executor starts no task it cannot finish in its budget. */
  public TaskSpec withEstimate(Duration estimate) {
    return new TaskSpec(input, estimate);
  }

  /** The expected duration, or {@link Duration#ZERO} for "use the stage's estimate". */
  public Duration estimate() {
    return estimate;
  }

  /** The input read back as a {@code type} (a record, String, Map ...). */
  public <T> T input(Class<T> type) {
    return Json.fromTree(input, type);
  }

  /** The JSON form, for {@link io.sluice.internal.Wire}. */
  JsonNode json() {
    return input;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof TaskSpec s && s.input.equals(input) && s.estimate.equals(estimate);
  }

  @Override
  public int hashCode() {
    return input.hashCode() * 31 + estimate.hashCode();
  }

  @Override
  public String toString() {
    return "TaskSpec[" + Json.abbreviate(input) + (estimate.isZero() ? "" : ", estimate " + estimate) + "]";
  }
}
