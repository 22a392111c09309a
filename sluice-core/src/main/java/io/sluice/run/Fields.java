package io.sluice.run;

import com.fasterxml.jackson.databind.JsonNode;
import io.sluice.internal.Json;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads the fields of one stored JSON object, collecting every problem (a missing field, a wrong type)
 * so that one error names them all with the object's key. Package-private: the records of this
 * package decode themselves with it.
 */
final class Fields {
  private final JsonNode node;
  private final String key;
  private final String what;
  private final List<String> problems = new ArrayList<>();

  private Fields(JsonNode node, String key, String what) {
    this.node = node;
    this.key = key;
    this.what = what;
  }

  /** Parses {@code bytes} as the JSON object {@code what} stored at {@code key}. */
  static Fields parse(byte[] bytes, String key, String what) {
    JsonNode node;
    try {
      node = Json.MAPPER.readTree(bytes);
    } catch (IOException e) {
      throw new CorruptStateException(key, "Corrupt JSON in " + key + " (" + what + ")" + Json.describe(e), e);
    }
    return of(node, key, what);
  }

  static Fields of(JsonNode node, String key, String what) {
    if (node == null || !node.isObject()) {
      throw new CorruptStateException(key, "Corrupt " + what + " in " + key + ": expected a JSON object, got "
          + Json.abbreviate(node));
    }
    return new Fields(node, key, what);
  }

  private JsonNode field(String name, String type) {
    JsonNode v = node.get(name);
    if (v == null) {
      problems.add("missing '" + name + "' (" + type + ")");
    }
    return v;
  }

  private void wrong(String name, String type, JsonNode v) {
    problems.add("'" + name + "' must be " + type + ", got " + Json.abbreviate(v));
  }

  String text(String name) {
    JsonNode v = field(name, "a string");
    if (v != null && !v.isTextual()) {
      wrong(name, "a string", v);
      return null;
    }
    return v == null ? null : v.asText();
  }

  /** A string or null; absent is null too. */
  String optionalText(String name) {
    JsonNode v = node.get(name);
    if (v == null || v.isNull()) {
      return null;
    }
    if (!v.isTextual()) {
      wrong(name, "a string or null", v);
      return null;
    }
    return v.asText();
  }

  long whole(String name) {
    JsonNode v = field(name, "a non-negative integer");
    if (v != null && (!v.isIntegralNumber() || v.asLong() < 0)) {
      wrong(name, "a non-negative integer", v);
      return 0;
    }
    return v == null ? 0 : v.asLong();
  }

  int int32(String name) {
    long v = whole(name);
    if (v > Integer.MAX_VALUE) {
      wrong(name, "at most " + Integer.MAX_VALUE, node.get(name));
      return 0;
    }
    return (int) v;
  }

  /** A JSON object (never null when there are no problems). */
  JsonNode object(String name) {
    JsonNode v = field(name, "an object");
    if (v != null && !v.isObject()) {
      wrong(name, "an object", v);
      return null;
    }
    return v;
  }

  /** An object or null; absent is null too. */
  JsonNode optionalObject(String name) {
    JsonNode v = node.get(name);
    if (v == null || v.isNull()) {
      return null;
    }
    if (!v.isObject()) {
      wrong(name, "an object or null", v);
      return null;
    }
    return v;
  }

  JsonNode array(String name) {
    JsonNode v = field(name, "an array");
    if (v != null && !v.isArray()) {
      wrong(name, "an array", v);
      return null;
    }
    return v;
  }

  /** Any JSON value, null included; absent is null. */
  JsonNode any(String name) {
    JsonNode v = node.get(name);
    return v == null || v.isNull() ? null : v;
  }

  <E extends Enum<E>> E enumValue(String name, Class<E> type) {
    String v = text(name);
    if (v == null) {
      return null;
    }
    try {
      return Enum.valueOf(type, v);
    } catch (IllegalArgumentException e) {
      problems.add("'" + name + "' must be one of " + java.util.Arrays.toString(type.getEnumConstants()) + ", got \"" + v + "\"");
      return null;
    }
  }

  /** Records a problem found by the caller (a value out of range, an inconsistency). */
  void problem(String problem) {
    problems.add(problem);
  }

  String key() {
    return key;
  }

  /** @throws CorruptStateException naming the key and every problem found */
  void check() {
    if (!problems.isEmpty()) {
      throw new CorruptStateException(key, "Corrupt " + what + " in " + key + ": " + String.join("; ", problems)
          + ". The object is left as it is; restore it, or start a new run");
    }
  }
}
