package io.sluice.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/** The one JSON configuration of Sluice. The mapper is configured once and never changed. */
public final class Json {
  /** Shared and immutable after this initializer (ObjectMapper is thread-safe once configured). */
  public static final ObjectMapper MAPPER = new ObjectMapper()
      .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
      .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
      .configure(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS, true);

  private Json() {}

  public static ObjectNode object() {
    return JsonNodeFactory.instance.objectNode();
  }

  public static JsonNode toTree(Object value) {
    return value instanceof JsonNode n ? n.deepCopy() : MAPPER.valueToTree(value);
  }

  public static <T> T fromTree(JsonNode node, Class<T> type) {
    try {
      return MAPPER.treeToValue(node, type);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("Cannot read " + abbreviate(node) + " as " + type.getSimpleName() + ": "
          + e.getOriginalMessage(), e);
    }
  }

  public static byte[] bytes(Object value) {
    try {
      return MAPPER.writeValueAsBytes(value);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("Cannot write as JSON: " + e.getOriginalMessage(), e);
    }
  }

  /** Parses {@code bytes}; {@code where} names the source (a key, a file) in the error. */
  public static JsonNode parse(byte[] bytes, String where) {
    try {
      return MAPPER.readTree(bytes);
    } catch (IOException e) {
      throw new UncheckedIOException("Corrupt JSON in " + where + describe(e), e);
    }
  }

  public static <T> T parse(byte[] bytes, Class<T> type, String where) {
    try {
      return MAPPER.readValue(bytes, type);
    } catch (IOException e) {
      throw new UncheckedIOException("Corrupt JSON in " + where + describe(e), e);
    }
  }

  /** {@code " at line 1, column 2: Unexpected character ..."}: Jackson's message on one line. */
  public static String describe(IOException e) {
    if (e instanceof JsonProcessingException j && j.getLocation() != null) {
      return " at line " + j.getLocation().getLineNr() + ", column " + j.getLocation().getColumnNr() + ": "
          + j.getOriginalMessage().replace('\n', ' ');
    }
    return ": " + String.valueOf(e.getMessage()).replace('\n', ' ');
  }

  /**
   * JSON with object keys sorted at every level: equal values give equal bytes, which is what task
   * ids are hashed from.
   */
  public static String canonical(JsonNode node) {
    try {
      return MAPPER.writeValueAsString(sorted(node));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  private static JsonNode sorted(JsonNode node) {
    if (node.isObject()) {
      List<String> names = new ArrayList<>();
      node.fieldNames().forEachRemaining(names::add);
      names.sort(null);
      ObjectNode out = object();
      for (String name : names) {
        out.set(name, sorted(node.get(name)));
      }
      return out;
    }
    if (node.isArray()) {
      var out = JsonNodeFactory.instance.arrayNode();
      for (Iterator<JsonNode> it = node.elements(); it.hasNext(); ) {
        out.add(sorted(it.next()));
      }
      return out;
    }
    return node;
  }

  public static String abbreviate(JsonNode node) {
    String s = node == null ? "null" : node.toString();
    return s.length() > 200 ? s.substring(0, 200) + "..." : s;
  }

}
