package io.sluice;

import com.fasterxml.jackson.databind.JsonNode;
import io.sluice.internal.Json;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A committed task, as later stages and the completion step see it: what it was given, what it
 * produced, and (apart, in {@link #metrics()}) what it measured. Only the attempt that committed first
 * is ever visible. Immutable.
 */
public final class TaskResult {
  private final String taskId;
  private final JsonNode input;
  private final JsonNode position;
  private final Map<String, String> outputs;
  private final JsonNode summary;
  private final JsonNode continuation;
  private final TaskMetrics metrics;

  TaskResult(String taskId, JsonNode input, JsonNode position, Map<String, String> outputs, JsonNode summary,
      JsonNode continuation, TaskMetrics metrics) {
    this.taskId = Objects.requireNonNull(taskId, "taskId");
    this.input = input;
    this.position = nullIfNull(position);
    this.outputs = Map.copyOf(outputs);
    this.summary = nullIfNull(summary);
    this.continuation = nullIfNull(continuation);
    this.metrics = Objects.requireNonNull(metrics, "metrics");
  }

  private static JsonNode nullIfNull(JsonNode n) {
    return n == null || n.isNull() ? null : n;
  }

  /** The task's id. */
  public String taskId() {
    return taskId;
  }

  /** The task's planned input as a {@code type}, as {@link TaskSpec#of} was given. */
  public <T> T input(Class<T> type) {
    return Json.fromTree(input, type);
  }

  /** Where this task resumed from, as a {@code type}; empty unless it was a continuation. */
  public <T> Optional<T> resumedFrom(Class<T> type) {
    return position == null ? Optional.empty() : Optional.of(Json.fromTree(position, type));
  }

  /** The committed outputs: the name given to {@link TaskContext#output} to the object's key. */
  public Map<String, String> outputs() {
    return outputs;
  }

  /**
   * The key of the output named {@code name}.
   *
   * @throws IllegalArgumentException naming the outputs the task has, if it has none of that name
   */
  public String output(String name) {
    String key = outputs.get(name);
    if (key == null) {
      throw new IllegalArgumentException("Task " + taskId + " has no output named '" + name + "'; it has " + outputs.keySet());
    }
    return key;
  }

  /**
   * The summary the task returned ({@link TaskOutcome#done(Object)}), as a {@code type}; empty if it
   * returned none.
   *
   * @throws IllegalArgumentException if the summary cannot be read as a {@code type}
   */
  public <T> Optional<T> summary(Class<T> type) {
    return summary == null ? Optional.empty() : Optional.of(Json.fromTree(summary, type));
  }

  /** Whether the task stopped early and a continuation resumed it. */
  public boolean continued() {
    return continuation != null;
  }

  /** The position its continuation resumed at, as a {@code type}; empty when the task finished. */
  public <T> Optional<T> continuation(Class<T> type) {
    return continuation == null ? Optional.empty() : Optional.of(Json.fromTree(continuation, type));
  }

  /** What the committed attempt measured. */
  public TaskMetrics metrics() {
    return metrics;
  }

  @Override
  public String toString() {
    return "TaskResult[" + taskId + ", input " + Json.abbreviate(input) + ", outputs " + outputs.keySet()
        + (summary == null ? "" : ", summary " + Json.abbreviate(summary)) + ", " + metrics + "]";
  }
}
