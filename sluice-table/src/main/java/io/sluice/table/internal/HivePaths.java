package io.sluice.table.internal;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Hive's escaping of partition path names (as {@code org.apache.hadoop.hive.common.FileUtils.escapePathName}
 * does): the C0 controls, DEL, and {@code " # % ' * / : = ? \ { [ ] ^} become {@code %XX} with upper-case
 * hex; a null value is {@value #NULL_PARTITION}.
 */
public final class HivePaths {
  /** The directory name Hive, Spark and Athena give a null partition value. */
  public static final String NULL_PARTITION = "__HIVE_DEFAULT_PARTITION__";

  private static final BitSet ESCAPED = new BitSet(128);

  static {
    for (char c = 1; c < ' '; c++) {
      ESCAPED.set(c);
    }
    for (char c : "\"#%'*/:=?\\\u007F{[]^".toCharArray()) {
      ESCAPED.set(c);
    }
    ESCAPED.set(0);
  }

  private HivePaths() {}

  /** {@code value} escaped for a path segment; null is {@value #NULL_PARTITION}. */
  public static String escapeValue(String value) {
    return value == null ? NULL_PARTITION : value.isEmpty() ? NULL_PARTITION : escape(value);
  }

  /** {@code name} with Hive's escapes. */
  public static String escape(String name) {
    StringBuilder sb = null;
    for (int i = 0; i < name.length(); i++) {
      char c = name.charAt(i);
      if (c < 128 && ESCAPED.get(c)) {
        if (sb == null) {
          sb = new StringBuilder(name.length() + 8).append(name, 0, i);
        }
        sb.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
            .append(Character.toUpperCase(Character.forDigit(c & 15, 16)));
      } else if (sb != null) {
        sb.append(c);
      }
    }
    return sb == null ? name : sb.toString();
  }

  /** Undoes {@link #escape}. */
  public static String unescape(String s) {
    if (s.indexOf('%') < 0) {
      return s;
    }
    StringBuilder sb = new StringBuilder(s.length());
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '%' && i + 2 < s.length()) {
        int hi = Character.digit(s.charAt(i + 1), 16);
        int lo = Character.digit(s.charAt(i + 2), 16);
        if (hi >= 0 && lo >= 0) {
          sb.append((char) (hi << 4 | lo));
          i += 2;
          continue;
        }
      }
      sb.append(c);
    }
    return sb.toString();
  }

  /**
   * The partition values of a partition directory ({@code a=1/b=x%2Fy/}), unescaped, in order; a
   * {@value #NULL_PARTITION} value is null.
   *
   * @throws IllegalArgumentException if a segment is not {@code name=value}
   */
  public static Map<String, String> parse(String partition) {
    Map<String, String> out = new LinkedHashMap<>();
    if (partition.isEmpty()) {
      return out;
    }
    List<String> segments = new ArrayList<>(List.of(partition.split("/")));
    for (String seg : segments) {
      int eq = seg.indexOf('=');
      if (eq <= 0) {
        throw new IllegalArgumentException("Partition directory '" + partition + "': segment '" + seg + "' is not name=value");
      }
      String v = seg.substring(eq + 1);
      out.put(unescape(seg.substring(0, eq)), v.equals(NULL_PARTITION) ? null : unescape(v));
    }
    return out;
  }
}
