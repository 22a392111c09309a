package io.sluice;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;

/**
 * A committed task, as later stages and the completion step see it. Only the attempt that committed
 * first is ever visible.
 *
 * @param taskId the task's id
 * @param input the task's planned input
 * @param position where this task resumed from, or null
 * @param outputs the committed outputs: name given to {@link TaskContext#output} to object key
 * @param summary the summary the task returned, or null
 * @param continuation the position a continuation resumes at, or null when the task finished
 * @param attempt the attempt that committed
 * @param bytesIn bytes the task read through its context
 * @param bytesOut bytes it wrote through its context
 * @param millis how long the attempt took
 */
public record TaskResult(
    String taskId,
    JsonNode input,
    JsonNode position,
    Map<String, String> outputs,
    JsonNode summary,
    JsonNode continuation,
    int attempt,
    long bytesIn,
    long bytesOut,
    long millis) {

  public TaskResult {
    outputs = Map.copyOf(outputs);
  }

  /** The key of the output named {@code name}. */
  public String output(String name) {
    String key = outputs.get(name);
    if (key == null) {
      throw new IllegalArgumentException("Task " + taskId + " has no output named '" + name + "'; it has " + outputs.keySet());
    }
    return key;
  }
}
