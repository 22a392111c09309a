package io.sluice.statemachine.internal.exec;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.sluice.statemachine.StatesError;
import io.sluice.statemachine.internal.path.JsonPaths;
import java.nio.charset.StandardCharsets;

/** Payload serialisation and the payload size quota. */
final class Payloads {
  private Payloads() {}

  /** Compact JSON text, as history events and error causes show payloads. */
  static String compact(JsonNode node) {
    try {
      return JsonPaths.MAPPER.writeValueAsString(node);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  /** UTF-8 size of the compact JSON. */
  static int size(JsonNode node) {
    return compact(node).getBytes(StandardCharsets.UTF_8).length;
  }

  /** Fails with {@code States.DataLimitExceeded} when {@code value} is over the quota. */
  static void check(JsonNode value, int limit, String stateName) {
    if (value != null && size(value) > limit) {
      throw new StatesError("States.DataLimitExceeded", "The state/task '" + stateName
          + "' returned a result with a size exceeding the maximum number of bytes service limit.");
    }
  }
}
