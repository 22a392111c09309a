package io.sluice.run;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;

/**
 * The record whose create-if-absent write commits a task: the first one written wins. It does not
 * repeat the task's input (the plan has it).
 *
 * @param taskId the task
 * @param position where the task resumed from, or null
 * @param epoch the resume epoch of the attempt that committed
 * @param attempt the attempt that committed
 * @param outputs output name to object key
 * @param summary the task's summary, or null
 * @param continuation the position a continuation resumes at, or null when the task finished
 * @param bytesIn bytes the attempt read
 * @param bytesOut bytes it wrote
 * @param millis how long it took
 * @param executor which executor invocation committed it
 * @param readRequests the attempt's read requests ({@link io.sluice.TaskMetrics#readRequests()}); 0 in a
 *     record written before they were counted
 * @param objectsWritten objects it published ({@link io.sluice.TaskMetrics#objectsWritten()}); 0 in a
 *     record written before they were counted
 */
public record CommitRecord(
    String taskId,
    JsonNode position,
    int epoch,
    int attempt,
    Map<String, String> outputs,
    JsonNode summary,
    JsonNode continuation,
    long bytesIn,
    long bytesOut,
    long millis,
    String executor,
    long readRequests,
    long objectsWritten) {

  /** Whether the task asked for a continuation. */
  public boolean continues() {
    return continuation != null && !continuation.isNull();
  }
}
