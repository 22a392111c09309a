package io.sluice.pipeline;

import io.sluice.record.FieldType;
import io.sluice.record.Schema;
import java.util.List;

/** Renders collected rows as a text table: a header, a rule, numbers aligned right, nulls as {@code NULL}. */
final class ResultTable {
  private ResultTable() {}

  static String render(Schema schema, List<List<String>> rows) {
    int n = schema.size();
    int[] width = new int[n];
    boolean[] right = new boolean[n];
    for (int i = 0; i < n; i++) {
      width[i] = schema.field(i).name().length();
      FieldType.Kind k = schema.field(i).type().kind();
      right[i] = switch (k) {
        case INT8, INT16, INT32, INT64, FLOAT32, FLOAT64, DECIMAL -> true;
        default -> false;
      };
    }
    for (List<String> row : rows) {
      for (int i = 0; i < n; i++) {
        width[i] = Math.max(width[i], text(row.get(i)).length());
      }
    }
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < n; i++) {
      cell(sb, schema.field(i).name(), width[i], right[i], i == n - 1);
    }
    sb.append('\n');
    for (int i = 0; i < n; i++) {
      sb.append("-".repeat(width[i])).append(i == n - 1 ? "" : "  ");
    }
    sb.append('\n');
    for (List<String> row : rows) {
      for (int i = 0; i < n; i++) {
        cell(sb, text(row.get(i)), width[i], right[i], i == n - 1);
      }
      sb.append('\n');
    }
    sb.append("(").append(rows.size()).append(rows.size() == 1 ? " row)" : " rows)").append('\n');
    return sb.toString();
  }

  private static String text(String v) {
    return v == null ? "NULL" : v;
  }

  private static void cell(StringBuilder sb, String v, int width, boolean right, boolean last) {
    String pad = " ".repeat(width - v.length());
    if (right) {
      sb.append(pad).append(v);
    } else {
      sb.append(v);
      if (!last) {
        sb.append(pad);
      }
    }
    if (!last) {
      sb.append("  ");
    }
  }
}
