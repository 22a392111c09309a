package io.sluice;

import com.fasterxml.jackson.databind.JsonNode;
import io.sluice.internal.Json;
import java.util.Objects;

/** How a task ended. A thrown exception is a failed attempt, retried within the stage's settings. */
public sealed interface TaskOutcome {
  /** Finished. */
  static TaskOutcome done() {
    return new Done(null);
  }

  /** Finished, with a small summary (counts, min/max) that the driver sees in {@link TaskResult#summary()}. */
  static TaskOutcome done(Object summary) {
    return new Done(Json.toTree(summary));
  }

  /**
   * Stopped early (see {@link TaskContext#shouldStop()}): what was written so far commits, and the
   * driver schedules a continuation of the same input that resumes at {@code position}.
   */
  static TaskOutcome continueAt(Object position) {
    return new Continue(Json.toTree(position), null);
  }

  /** {@link #continueAt(Object)} with a summary of the part done. */
  static TaskOutcome continueAt(Object position, Object summary) {
    return new Continue(Json.toTree(position), Json.toTree(summary));
  }

  /** See {@link #done()}. */
  record Done(JsonNode summary) implements TaskOutcome {}

  /** See {@link #continueAt(Object)}. */
  record Continue(JsonNode position, JsonNode summary) implements TaskOutcome {
    public Continue {
      Objects.requireNonNull(position, "position");
    }
  }
}
