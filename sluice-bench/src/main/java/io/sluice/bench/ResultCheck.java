package io.sluice.bench;

import java.math.BigDecimal;
import java.math.MathContext;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Compares an engine's result of a {@link ShuffleQuery} with the reference (DuckDB's), column by column by
 * name: the same columns, the same number of rows in the same order of group keys, group keys equal as
 * text, sums and counts equal as numbers ({@link BigDecimal#compareTo}: {@code 5.00} equals {@code 5}, as
 * after stripping trailing zeros), averages equal to a relative {@link #AVERAGE_TOLERANCE} (engines compute
 * them in doubles or in decimals of their own scale).
 */
public final class ResultCheck {
  /** The relative difference allowed between two averages. */
  public static final double AVERAGE_TOLERANCE = 1e-9;

  private ResultCheck() {}

  /**
   * What differs between {@code actual} and {@code expected} (the reference, named {@code referenceName} in
   * the messages), one message per difference with the row's keys; empty when they agree.
   */
  public static List<String> differences(ShuffleQuery query, QueryResult expected, QueryResult actual, String referenceName) {
    List<String> out = new ArrayList<>();
    for (String c : actual.columns()) {
      if (query.columns().stream().noneMatch(q -> q.name().equalsIgnoreCase(c))) {
        out.add("unexpected column " + c);
      }
    }
    List<int[]> at = new ArrayList<>(); // per query column: its index in expected, in actual
    for (ShuffleQuery.Column c : query.columns()) {
      int e = index(expected, c.name());
      int a = index(actual, c.name());
      if (e < 0) {
        out.add("the reference (" + referenceName + ") has no column " + c.name());
      }
      if (a < 0) {
        out.add("no column " + c.name());
      }
      at.add(new int[] {e, a});
    }
    if (!out.isEmpty()) {
      return out;
    }
    if (actual.rows().size() != expected.rows().size()) {
      out.add(actual.rows().size() + " rows, " + referenceName + " has " + expected.rows().size());
    }
    for (int r = 0; r < Math.min(actual.rows().size(), expected.rows().size()); r++) {
      List<Object> e = expected.rows().get(r);
      List<Object> a = actual.rows().get(r);
      List<Object> keys = new ArrayList<>();
      for (int k = 0; k < query.columns().size(); k++) {
        if (query.columns().get(k).kind() == ShuffleQuery.Kind.KEY) {
          keys.add(e.get(at.get(k)[0]));
        }
      }
      for (int k = 0; k < query.columns().size(); k++) {
        ShuffleQuery.Column c = query.columns().get(k);
        Object ev = e.get(at.get(k)[0]);
        Object av = a.get(at.get(k)[1]);
        if (!equal(c.kind(), ev, av)) {
          out.add(String.format(Locale.ROOT, "row %d %s: %s %s, %s has %s", r + 1, keys, c.name(), show(av), referenceName, show(ev)));
        }
      }
    }
    return out;
  }

  private static int index(QueryResult result, String name) {
    for (int i = 0; i < result.columns().size(); i++) {
      if (result.columns().get(i).equalsIgnoreCase(name)) {
        return i;
      }
    }
    return -1;
  }

  static boolean equal(ShuffleQuery.Kind kind, Object expected, Object actual) {
    if (expected == null || actual == null) {
      return expected == actual;
    }
    if (kind == ShuffleQuery.Kind.KEY) {
      return text(expected).equals(text(actual));
    }
    BigDecimal e = number(expected);
    BigDecimal a = number(actual);
    if (e == null || a == null) {
      return false;
    }
    if (kind == ShuffleQuery.Kind.EXACT) {
      return e.stripTrailingZeros().equals(a.stripTrailingZeros());
    }
    BigDecimal diff = e.subtract(a).abs();
    BigDecimal scale = e.abs().max(a.abs());
    return diff.compareTo(scale.multiply(BigDecimal.valueOf(AVERAGE_TOLERANCE), MathContext.DECIMAL64)) <= 0;
  }

  private static String text(Object v) {
    return v instanceof BigDecimal d ? d.stripTrailingZeros().toPlainString() : v.toString();
  }

  private static BigDecimal number(Object v) {
    if (v instanceof BigDecimal d) {
      return d;
    }
    try {
      return new BigDecimal(v.toString().trim());
    } catch (NumberFormatException e) {
      return null;
    }
  }

  private static String show(Object v) {
    return v instanceof BigDecimal d ? d.toPlainString() : v == null ? "null" : "'" + v + "'";
  }
}
