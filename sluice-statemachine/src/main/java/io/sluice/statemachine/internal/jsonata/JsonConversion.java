package io.sluice.statemachine.internal.jsonata;

import com.dashjoin.jsonata.Jsonata;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.BooleanNode;
import com.fasterxml.jackson.databind.node.DecimalNode;
import com.fasterxml.jackson.databind.node.DoubleNode;
import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.LongNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Converts between Jackson trees and the plain Java values the JSONata engine works on. */
final class JsonConversion {
  /** Largest integer a double holds exactly; integral doubles up to it become JSON integers. */
  private static final double MAX_EXACT = 9007199254740992d;

  private JsonConversion() {}

  /** Thrown when a result holds something JSON cannot carry, such as a function. */
  static final class UnsupportedValueException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    UnsupportedValueException() {
      super(null, null, false, false);
    }
  }

  static Object toJava(JsonNode node) {
    if (node == null || node.isMissingNode()) {
      return null;
    }
    switch (node.getNodeType()) {
      case NULL:
        return Jsonata.NULL_VALUE;
      case BOOLEAN:
        return node.booleanValue();
      case STRING:
        return node.textValue();
      case NUMBER:
        if (node.isIntegralNumber()) {
          if (node.canConvertToInt()) {
            return node.intValue();
          }
          if (node.canConvertToLong()) {
            return node.longValue();
          }
          return node.doubleValue();
        }
        return node.doubleValue();
      case ARRAY: {
        List<Object> list = new ArrayList<>(node.size());
        for (JsonNode item : node) {
          list.add(toJava(item));
        }
        return list;
      }
      case OBJECT: {
        Map<String, Object> map = new LinkedHashMap<>();
        Iterator<Map.Entry<String, JsonNode>> it = node.fields();
        while (it.hasNext()) {
          Map.Entry<String, JsonNode> e = it.next();
          map.put(e.getKey(), toJava(e.getValue()));
        }
        return map;
      }
      default:
        return node.toString();
    }
  }

  /** Converts a JSONata result; {@code null} (no value) stays null here, the caller decides. */
  static JsonNode toJson(Object value) {
    if (value == null || value == Jsonata.NULL_VALUE) {
      return NullNode.getInstance();
    }
    if (value instanceof String s) {
      return TextNode.valueOf(s);
    }
    if (value instanceof Boolean b) {
      return BooleanNode.valueOf(b);
    }
    if (value instanceof Number n) {
      return number(n);
    }
    if (value instanceof Map<?, ?> map) {
      ObjectNode o = JsonNodeFactory.instance.objectNode();
      for (Map.Entry<?, ?> e : map.entrySet()) {
        o.set(String.valueOf(e.getKey()), toJson(e.getValue()));
      }
      return o;
    }
    if (value instanceof List<?> list) {
      ArrayNode a = JsonNodeFactory.instance.arrayNode(list.size());
      for (Object item : list) {
        a.add(toJson(item));
      }
      return a;
    }
    throw new UnsupportedValueException();
  }

  static JsonNode number(Number n) {
    if (n instanceof Integer || n instanceof Short || n instanceof Byte) {
      return IntNode.valueOf(n.intValue());
    }
    if (n instanceof Long l) {
      return l == l.intValue() ? IntNode.valueOf(l.intValue()) : LongNode.valueOf(l);
    }
    if (n instanceof BigInteger bi) {
      return DecimalNode.valueOf(new BigDecimal(bi));
    }
    if (n instanceof BigDecimal bd) {
      return DecimalNode.valueOf(bd);
    }
    double d = n.doubleValue();
    if (d == Math.rint(d) && Math.abs(d) <= MAX_EXACT) {
      long l = (long) d;
      return l == (int) l ? IntNode.valueOf((int) l) : LongNode.valueOf(l);
    }
    return DoubleNode.valueOf(d);
  }
}
