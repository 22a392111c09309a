package io.sluice;

import com.fasterxml.jackson.databind.JsonNode;
import io.sluice.internal.Json;
import java.util.Objects;
import java.util.Optional;

/**
 * A task as an executor runs it: its id, its stage, the attempt, the input it was planned with and,
 * for a continuation, where to resume. Immutable.
 */
public final class Task {
  private final String id;
  private final String stage;
  private final JsonNode input;
  private final JsonNode position;
  private final int attempt;

  Task(String id, String stage, JsonNode input, JsonNode position, int attempt) {
    this.id = Objects.requireNonNull(id, "id");
    this.stage = Objects.requireNonNull(stage, "stage");
    this.input = input;
    this.position = position == null || position.isNull() ? null : position;
    this.attempt = attempt;
  }

  /** The deterministic id: the same for every attempt and delivery of this task. */
  public String id() {
    return id;
  }

  /** The stage's name. */
  public String stage() {
    return stage;
  }

  /** 1 for the first attempt. */
  public int attempt() {
    return attempt;
  }

  /**
   * The planned input as a {@code type} (a record, String, Map ...), as {@link TaskSpec#of} was given.
   *
   * @throws IllegalArgumentException if it cannot be read as a {@code type}
   */
  public <T> T input(Class<T> type) {
    return Json.fromTree(input, type);
  }

  /** Whether this task continues one that stopped early ({@link TaskOutcome#continueAt}). */
  public boolean isContinuation() {
    return position != null;
  }

  /**
   * Where to resume, as a {@code type}, if this task continues an earlier one: the position given to
   * {@link TaskOutcome#continueAt}. Empty for a task that starts from its beginning.
   *
   * @throws IllegalArgumentException if the position cannot be read as a {@code type}
   */
  public <T> Optional<T> resumeFrom(Class<T> type) {
    return position == null ? Optional.empty() : Optional.of(Json.fromTree(position, type));
  }

  @Override
  public String toString() {
    return "Task[" + stage + "/" + id + " attempt " + attempt + ", input " + Json.abbreviate(input)
        + (position == null ? "" : ", from " + Json.abbreviate(position)) + "]";
  }
}
