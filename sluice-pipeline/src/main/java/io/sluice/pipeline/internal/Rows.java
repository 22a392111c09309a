package io.sluice.pipeline.internal;

import io.sluice.record.MutableRow;
import io.sluice.record.Row;

/** Copies single values between rows of different schemas without boxing the flat ones. */
public final class Rows {
  private Rows() {}

  /** Sets field {@code j} of {@code to} to field {@code i} of {@code from} (same type). */
  public static void copy(Row from, int i, MutableRow to, int j) {
    if (from.isNull(i)) {
      to.setNull(j);
      return;
    }
    switch (from.schema().field(i).type().kind()) {
      case INT8, INT16, INT32, DATE -> to.setInt(j, from.getInt(i));
      case INT64, TIMESTAMP, LOCAL_TIMESTAMP, TIME -> to.setLong(j, from.getLong(i));
      case FLOAT64 -> to.setDouble(j, from.getDouble(i));
      case FLOAT32 -> to.setFloat(j, from.getFloat(i));
      case BOOLEAN -> to.setBoolean(j, from.getBoolean(i));
      case DECIMAL -> {
        if (from.schema().field(i).type().isLongDecimal() && to.schema().field(j).type().isLongDecimal()) {
          to.setDecimalUnscaled(j, from.getDecimalUnscaled(i));
        } else {
          to.setDecimal(j, from.getDecimal(i));
        }
      }
      case STRING -> {
        int n = from.byteLength(i);
        byte[] b = new byte[n];
        from.copyBytes(i, b, 0);
        to.setStringUtf8(j, b, 0, n);
      }
      default -> to.set(j, from.get(i));
    }
  }
}
