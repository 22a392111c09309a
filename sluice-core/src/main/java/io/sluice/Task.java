package io.sluice;

import com.fasterxml.jackson.databind.JsonNode;
import io.sluice.internal.Json;
import java.util.Optional;

/**
 * A task as an executor runs it.
 *
 * @param id deterministic id (same for every attempt and delivery)
 * @param stage the stage's name
 * @param input the planned input
 * @param position where to resume, when this task continues one that stopped early; null otherwise
 * @param attempt 1 for the first attempt
 */
public record Task(String id, String stage, JsonNode input, JsonNode position, int attempt) {

  /** The input as a {@code type} (a record, String, Map ...). */
  public <T> T input(Class<T> type) {
    return Json.fromTree(input, type);
  }

  /** Where to resume, if this task continues an earlier one. */
  public Optional<JsonNode> resumeFrom() {
    return Optional.ofNullable(position);
  }

  /** {@link #resumeFrom()} as a {@code type}. */
  public <T> Optional<T> resumeFrom(Class<T> type) {
    return resumeFrom().map(p -> Json.fromTree(p, type));
  }
}
