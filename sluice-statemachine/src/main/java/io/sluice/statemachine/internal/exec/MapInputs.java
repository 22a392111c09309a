package io.sluice.statemachine.internal.exec;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sluice.statemachine.internal.model.StateDef;

/** What inline and distributed Map states share: items, ItemSelector, MaxConcurrency, tolerances. */
final class MapInputs {
  private MapInputs() {}

  /** The JSON type name AWS uses in messages. */
  static String typeName(JsonNode v) {
    if (v == null || v.isNull() || v.isMissingNode()) {
      return "null";
    }
    if (v.isBoolean()) {
      return "boolean";
    }
    if (v.isNumber()) {
      return "number";
    }
    if (v.isTextual()) {
      return "string";
    }
    return v.isArray() ? "array" : "object";
  }

  /** The items of a Map without ItemReader: ItemsPath (JSONPath) or Items / the input (JSONata). */
  static JsonNode items(StateDef.MapState m, StateRun s, JsonNode effective, JsonNode states) {
    if (m.jsonata()) {
      if (m.items() != null) {
        JsonNode v = s.jsonata("Items", m.items(), states);
        if (v == null || !v.isArray()) {
          String expr = m.items().isTextual() ? StateRun.expressionText(m.items()) : Payloads.compact(m.items());
          throw s.queryError("The JSONata expression '" + expr + "' specified for the field 'Items' returned an "
              + "unexpected result type. Expected 'array', but was '" + typeName(v) + "' for value: "
              + (v == null ? "null" : Payloads.compact(v)));
        }
        return v;
      }
      if (!s.rawInput.isArray()) {
        throw s.queryError("Map state input must be an array but was: " + Payloads.compact(s.rawInput));
      }
      return s.rawInput;
    }
    JsonNode v = s.selectPath(effective, m.itemsPath());
    if (!v.isArray()) {
      throw s.runtime("Map state input must be an array but was: " + Payloads.compact(v));
    }
    return v;
  }

  /** The input of iteration {@code index}: the item, or what ItemSelector makes of it. */
  static JsonNode itemInput(StateDef.MapState m, StateRun s, JsonNode effective, JsonNode item, long index, String key) {
    if (m.itemSelector() == null) {
      return item;
    }
    ObjectNode mapItem = StateRun.JSON.objectNode();
    mapItem.put("Index", index);
    mapItem.set("Value", item);
    if (key != null) {
      mapItem.put("Key", key);
    }
    synchronized (s) {
      s.mapItem = mapItem;
      try {
        return m.jsonata()
            ? s.jsonata("ItemSelector", m.itemSelector(), s.states(null, null))
            : s.template(m.itemSelector(), effective);
      } finally {
        s.mapItem = null;
      }
    }
  }

  /** MaxConcurrency / MaxConcurrencyPath; 0 means no limit. */
  static int maxConcurrency(StateDef.MapState m, StateRun s, JsonNode effective, JsonNode states) {
    return nonNegative(s, "MaxConcurrency", m.maxConcurrency(), m.maxConcurrencyPath(), effective, states, 0);
  }

  /** A non-negative integer field given directly, by JSONata or through a path. */
  static int nonNegative(StateRun s, String field, JsonNode value, String path, JsonNode effective, JsonNode states,
      int absent) {
    if (path != null && !s.def.jsonata()) {
      JsonNode v = s.selectPath(effective, path);
      if (!v.isIntegralNumber() || v.asLong() < 0 || v.asLong() > Integer.MAX_VALUE) {
        throw s.runtime("The " + field + "Path field refers to value \"" + (v.isTextual() ? v.asText()
            : Payloads.compact(v)) + "\" which is not a valid integer: " + path);
      }
      return v.asInt();
    }
    if (value == null) {
      return absent;
    }
    JsonNode v = s.def.jsonata() ? s.jsonata(field, value, states) : value;
    if (v == null || !v.isNumber() || v.asDouble() < 0 || v.asDouble() != Math.rint(v.asDouble())) {
      throw s.queryError("The " + field + " field must be a non-negative integer but was: "
          + (v == null ? "null" : Payloads.compact(v)));
    }
    return v.asInt();
  }

  /** ToleratedFailurePercentage(/Path), 0 to 100; 0 when absent. */
  static double toleratedPercentage(StateDef.MapState m, StateRun s, JsonNode effective, JsonNode states) {
    JsonNode v = null;
    String path = m.toleratedFailurePercentagePath();
    if (path != null && !m.jsonata()) {
      v = s.selectPath(effective, path);
    } else if (m.toleratedFailurePercentage() != null) {
      v = m.jsonata() ? s.jsonata("ToleratedFailurePercentage", m.toleratedFailurePercentage(), states)
          : m.toleratedFailurePercentage();
    }
    if (v == null) {
      return 0;
    }
    if (!v.isNumber() || v.asDouble() < 0 || v.asDouble() > 100) {
      String where = path != null ? "ToleratedFailurePercentagePath field refers to value " : "ToleratedFailurePercentage field has value ";
      throw s.runtime("The " + where + Payloads.compact(v) + " which is not a valid percentage"
          + (path != null ? ": " + path : ""));
    }
    return v.asDouble();
  }

  /** ToleratedFailureCount(/Path); 0 when absent. */
  static long toleratedCount(StateDef.MapState m, StateRun s, JsonNode effective, JsonNode states) {
    return nonNegative(s, "ToleratedFailureCount", m.toleratedFailureCount(), m.toleratedFailureCountPath(),
        effective, states, 0);
  }
}
