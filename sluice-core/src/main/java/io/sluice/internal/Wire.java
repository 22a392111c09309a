package io.sluice.internal;

import com.fasterxml.jackson.databind.JsonNode;
import io.sluice.Parameters;
import io.sluice.Task;
import io.sluice.TaskMetrics;
import io.sluice.TaskOutcome;
import io.sluice.TaskResult;
import io.sluice.TaskSpec;
import java.lang.reflect.Constructor;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The JSON wire forms of the programming model's values. User code deals in its own types ({@code
 * TaskSpec.of(record)}, {@code task.input(Record.class)}); the driver and executor store and hash
 * JSON. This class is the one door between the two: the model's JSON-carrying constructors and
 * accessors are package-private in {@code io.sluice}, and this class reaches them through {@code
 * io.sluice.WireAccess} (OkHttp's {@code Internal} pattern).
 *
 * <p>Not an API: for the driver, the executor and runtimes.
 */
public final class Wire {
  /**
   * The accessors {@code io.sluice} implements, once, in its package-private {@code WireAccess}.
   * Made by reflection when this class is initialized and never replaced, so there is no mutable
   * static state and no order in which classes must be loaded.
   */
  public abstract static class Access {
    /** For {@code io.sluice.WireAccess} only. */
    protected Access() {}

    protected abstract JsonNode input(TaskSpec spec);

    protected abstract Task task(String id, String stage, JsonNode input, JsonNode position, int attempt);

    protected abstract JsonNode position(TaskOutcome outcome);

    protected abstract JsonNode summary(TaskOutcome outcome);

    protected abstract TaskResult result(String taskId, JsonNode input, JsonNode position, Map<String, String> outputs,
        JsonNode summary, JsonNode continuation, TaskMetrics metrics);
  }

  private static final Access ACCESS = load();

  private Wire() {}

  private static Access load() {
    try {
      Constructor<?> c = Class.forName("io.sluice.WireAccess").getDeclaredConstructor();
      c.setAccessible(true);
      return (Access) c.newInstance();
    } catch (ReflectiveOperationException | RuntimeException e) {
      throw new ExceptionInInitializerError("io.sluice.WireAccess is missing or inaccessible: is sluice-core whole? " + e);
    }
  }

  /** A spec's input as JSON (what task ids are hashed from and manifests carry). */
  public static JsonNode input(TaskSpec spec) {
    return ACCESS.input(spec);
  }

  /** The task an executor hands to {@code Stage.run}. */
  public static Task task(String id, String stage, JsonNode input, JsonNode position, int attempt) {
    return ACCESS.task(id, stage, input, position, attempt);
  }

  /** Where a continuation resumes; null when the task finished. */
  public static JsonNode position(TaskOutcome outcome) {
    return ACCESS.position(outcome);
  }

  /** The outcome's summary; null if none. */
  public static JsonNode summary(TaskOutcome outcome) {
    return ACCESS.summary(outcome);
  }

  /** A committed task as later stages see it. */
  public static TaskResult result(String taskId, JsonNode input, JsonNode position, Map<String, String> outputs,
      JsonNode summary, JsonNode continuation, TaskMetrics metrics) {
    return ACCESS.result(taskId, input, position, outputs, summary, continuation, metrics);
  }

  /**
   * A run's parameters as text, from their JSON form (an object; anything else is no parameters). A
   * string is taken as it is, any other value as its JSON text ({@code 3}, {@code true}), so an AWS
   * execution input of {@code {"limit": 3}} reads as {@code -p limit=3} does.
   */
  public static Map<String, String> parameterValues(JsonNode parameters) {
    Map<String, String> values = new LinkedHashMap<>();
    if (parameters != null && parameters.isObject()) {
      for (Iterator<Map.Entry<String, JsonNode>> it = parameters.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> e = it.next();
        if (!e.getValue().isNull()) {
          values.put(e.getKey(), e.getValue().isTextual() ? e.getValue().asText() : e.getValue().toString());
        }
      }
    }
    return values;
  }

  /** {@link #parameterValues} of job {@code job}'s run, for its stages to read. */
  public static Parameters parameters(String job, JsonNode parameters) {
    return Parameters.of(job, parameterValues(parameters));
  }
}
