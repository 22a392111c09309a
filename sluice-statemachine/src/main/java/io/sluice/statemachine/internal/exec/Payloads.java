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
    if (value != null) {
      checkText(compact(value), limit, stateName);
    }
  }

  /** As {@link #check}, for a payload already serialised; returns the text. */
  static String checkText(String compactJson, int limit, String stateName) {
    // UTF-8 is at most 3 bytes per UTF-16 char (4 per surrogate pair): skip the count when clearly small.
    if (compactJson.length() * 3L > limit && utf8Length(compactJson) > limit) {
      throw new StatesError("States.DataLimitExceeded", "The state/task '" + stateName
          + "' returned a result with a size exceeding the maximum number of bytes service limit.");
    }
    return compactJson;
  }

  private static long utf8Length(String s) {
    long n = 0;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c < 0x80) {
        n++;
      } else if (c < 0x800) {
        n += 2;
      } else if (Character.isHighSurrogate(c)) {
        n += 4;
        i++;
      } else {
        n += 3;
      }
    }
    return n;
  }
}
