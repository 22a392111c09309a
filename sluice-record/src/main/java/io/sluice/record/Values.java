package io.sluice.record;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The object forms of values inside lists and maps (the classes {@link Row#get} returns): checking
 * them against their type, making immutable canonical copies, and comparing them ({@code byte[]}
 * by content, which {@code List.equals} would not do).
 */
final class Values {
  private Values() {}

  /**
   * {@code value} checked against {@code type} and made immutable: decimals at the type's scale, lists
   * and maps copied, rows copied, byte arrays copied.
   *
   * @throws IllegalArgumentException naming {@code where} if it does not fit
   */
  static Object canonical(FieldType type, Object value, String where) {
    if (value == null) {
      return null;
    }
    try {
      return switch (type.kind()) {
        case STRING -> (String) value;
        case BINARY -> ((byte[]) value).clone();
        case INT8 -> (Byte) value;
        case INT16 -> (Short) value;
        case INT32 -> (Integer) value;
        case INT64 -> (Long) value;
        case FLOAT32 -> (Float) value;
        case FLOAT64 -> (Double) value;
        case BOOLEAN -> (Boolean) value;
        case DATE -> (LocalDate) value;
        case TIME -> truncate((LocalTime) value);
        case TIMESTAMP -> truncate((Instant) value);
        case LOCAL_TIMESTAMP -> truncate((LocalDateTime) value);
        case DECIMAL -> decimal(type, (BigDecimal) value, where);
        case STRUCT -> {
          Row row = (Row) value;
          if (!row.schema().equals(type.fields())) {
            throw new IllegalArgumentException(where + " is " + type + "; cannot set it to a row of schema " + row.schema());
          }
          yield row.copy();
        }
        case LIST -> {
          List<?> list = (List<?>) value;
          List<Object> copy = new ArrayList<>(list.size());
          for (int k = 0; k < list.size(); k++) {
            copy.add(canonical(type.elementType(), list.get(k), where + "[" + k + "]"));
          }
          yield Collections.unmodifiableList(copy);
        }
        case MAP -> {
          Map<?, ?> map = (Map<?, ?>) value;
          Map<Object, Object> copy = new LinkedHashMap<>(Math.max(4, map.size() * 2));
          for (Map.Entry<?, ?> e : map.entrySet()) {
            if (e.getKey() == null) {
              throw new IllegalArgumentException(where + " is " + type + "; a map key cannot be null");
            }
            Object key = canonical(type.keyType(), e.getKey(), where + " key");
            copy.put(key, canonical(type.elementType(), e.getValue(), where + "[" + e.getKey() + "]"));
          }
          yield Collections.unmodifiableMap(copy);
        }
      };
    } catch (ClassCastException e) {
      throw new IllegalArgumentException(where + " is " + type + "; cannot set it to a " + value.getClass().getSimpleName()
          + " (" + render(value) + ")");
    }
  }

  private static LocalTime truncate(LocalTime t) {
    return t.withNano(t.getNano() / 1_000 * 1_000);
  }

  private static Instant truncate(Instant t) {
    return t.minusNanos(t.getNano() % 1_000);
  }

  private static LocalDateTime truncate(LocalDateTime t) {
    return t.withNano(t.getNano() / 1_000 * 1_000);
  }

  static BigDecimal decimal(FieldType type, BigDecimal value, String where) {
    BigDecimal scaled;
    try {
      scaled = value.setScale(type.scale(), RoundingMode.UNNECESSARY);
    } catch (ArithmeticException e) {
      throw new IllegalArgumentException(where + ": " + value.toPlainString() + " has more than " + type.scale()
          + " digits after the point, which " + type + " holds; round it first");
    }
    if (scaled.precision() > type.precision()) {
      throw new IllegalArgumentException(where + ": " + value.toPlainString() + " has more than " + type.precision()
          + " digits, which " + type + " holds");
    }
    return scaled;
  }

  static boolean deepEquals(Object a, Object b) {
    if (a == b) {
      return true;
    }
    if (a == null || b == null) {
      return false;
    }
    if (a instanceof byte[] x) {
      return b instanceof byte[] y && Arrays.equals(x, y);
    }
    if (a instanceof List<?> x) {
      if (!(b instanceof List<?> y) || x.size() != y.size()) {
        return false;
      }
      for (int k = 0; k < x.size(); k++) {
        if (!deepEquals(x.get(k), y.get(k))) {
          return false;
        }
      }
      return true;
    }
    if (a instanceof Map<?, ?> x) {
      if (!(b instanceof Map<?, ?> y) || x.size() != y.size()) {
        return false;
      }
      for (Map.Entry<?, ?> e : x.entrySet()) {
        if (!y.containsKey(e.getKey())) {
          return false;
        }
        if (!deepEquals(e.getValue(), y.get(e.getKey()))) {
          return false;
        }
      }
      return true;
    }
    return a.equals(b);
  }

  static int deepHash(Object v) {
    if (v == null) {
      return 0;
    }
    if (v instanceof byte[] b) {
      return Arrays.hashCode(b);
    }
    if (v instanceof List<?> list) {
      int h = 1;
      for (Object o : list) {
        h = 31 * h + deepHash(o);
      }
      return h;
    }
    if (v instanceof Map<?, ?> map) {
      int h = 0;
      for (Map.Entry<?, ?> e : map.entrySet()) {
        h += deepHash(e.getKey()) ^ deepHash(e.getValue());
      }
      return h;
    }
    return v.hashCode();
  }

  /** For messages and {@code toString}: binaries in base64, the rest as their own {@code toString}. */
  static String render(Object v) {
    if (v instanceof byte[] b) {
      return "base64:" + Base64.getEncoder().encodeToString(b);
    }
    if (v instanceof List<?> list) {
      StringBuilder sb = new StringBuilder("[");
      for (int k = 0; k < list.size(); k++) {
        sb.append(k == 0 ? "" : ", ").append(render(list.get(k)));
      }
      return sb.append(']').toString();
    }
    if (v instanceof Map<?, ?> map) {
      StringBuilder sb = new StringBuilder("{");
      boolean first = true;
      for (Map.Entry<?, ?> e : map.entrySet()) {
        sb.append(first ? "" : ", ").append(render(e.getKey())).append('=').append(render(e.getValue()));
        first = false;
      }
      return sb.append('}').toString();
    }
    return Objects.toString(v);
  }
}
