package io.sluice;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * JSON for tests of every module: building handler inputs, writing and reading store objects. A
 * plain Jackson mapper of the tests' own, so that no module's tests borrow core's internal one.
 */
public final class TestJson {
  private static final ObjectMapper MAPPER = new ObjectMapper();

  private TestJson() {}

  public static ObjectNode object() {
    return JsonNodeFactory.instance.objectNode();
  }

  public static JsonNode toTree(Object value) {
    return MAPPER.valueToTree(value);
  }

  public static byte[] bytes(Object value) {
    try {
      return MAPPER.writeValueAsBytes(value);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public static JsonNode parse(byte[] bytes, String where) {
    try {
      return MAPPER.readTree(bytes);
    } catch (IOException e) {
      throw new UncheckedIOException("Corrupt JSON in " + where, e);
    }
  }

  /** {@code bytes} read as a {@code type} the way the runtime reads its records (for tests of other modules). */
  public static <T> T parse(byte[] bytes, Class<T> type, String where) {
    return io.sluice.internal.Json.parse(bytes, type, where);
  }
}
