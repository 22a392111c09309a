package io.sluice;

import com.fasterxml.jackson.databind.JsonNode;
import io.sluice.internal.Json;
import java.util.Objects;
import java.util.Optional;

/**
 * How a task ended: {@link #done} or {@link #continueAt}, each with an optional small summary. A thrown
 * exception is a failed attempt instead, retried within the stage's settings. Immutable.
 */
public final class TaskOutcome {
  private static final TaskOutcome DONE = new TaskOutcome(null, null);

  private final JsonNode position;
  private final JsonNode summary;

  private TaskOutcome(JsonNode position, JsonNode summary) {
    this.position = position;
    this.summary = summary == null || summary.isNull() ? null : summary;
  }

  /** Finished. */
  public static TaskOutcome done() {
    return DONE;
  }

  /**
   * Finished, with a small summary (counts, min/max: any value Jackson can write as JSON) that the
   * driver sees in {@link TaskResult#summary(Class)} without reading any output.
   */
  public static TaskOutcome done(Object summary) {
    return new TaskOutcome(null, summary == null ? null : Json.toTree(summary));
  }

  /**
   * Stopped early (see {@link TaskContext#shouldStop()}): what was written so far commits, and the
   * driver schedules a continuation of the same input whose {@link Task#resumeFrom(Class)} is {@code
   * position} (a byte offset, a record: any value Jackson can write as JSON).
   */
  public static TaskOutcome continueAt(Object position) {
    return continueAt(position, null);
  }

  /** {@link #continueAt(Object)} with a summary of the part done. */
  public static TaskOutcome continueAt(Object position, Object summary) {
    JsonNode p = Json.toTree(Objects.requireNonNull(position, "position"));
    if (p == null || p.isNull()) {
      throw new IllegalArgumentException("continueAt needs a position that is not JSON null");
    }
    return new TaskOutcome(p, summary == null ? null : Json.toTree(summary));
  }

  /** Whether the task finished (false: it asked to be continued). */
  public boolean finished() {
    return position == null;
  }

  /** The summary as a {@code type}; empty if there is none. */
  public <T> Optional<T> summary(Class<T> type) {
    return summary == null ? Optional.empty() : Optional.of(Json.fromTree(summary, type));
  }

  /** Where the continuation resumes, as a {@code type}; empty when the task finished. */
  public <T> Optional<T> position(Class<T> type) {
    return position == null ? Optional.empty() : Optional.of(Json.fromTree(position, type));
  }

  /** The JSON forms, for {@link io.sluice.internal.Wire}. */
  JsonNode positionJson() {
    return position;
  }

  JsonNode summaryJson() {
    return summary;
  }

  @Override
  public String toString() {
    return (position == null ? "done" : "continueAt(" + Json.abbreviate(position) + ")")
        + (summary == null ? "" : " summary " + Json.abbreviate(summary));
  }
}
