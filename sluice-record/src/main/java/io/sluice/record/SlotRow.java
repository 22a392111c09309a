package io.sluice.record;

import io.sluice.record.FieldType.Kind;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Arrays;

/**
 * A row held in slots: primitives (and decimals of up to 18 digits, unscaled) in a {@code long[]},
 * strings and wide decimals in an {@code Object[]}, so reading and writing primitives never boxes.
 */
abstract sealed class SlotRow implements Row permits MutableRow, FrozenRow {
  final Schema schema;
  final Kind[] kinds;
  final int[] scales;
  final long[] longs;
  final Object[] objects;
  final boolean[] nulls;

  SlotRow(Schema schema, Kind[] kinds, int[] scales, long[] longs, Object[] objects, boolean[] nulls) {
    this.schema = schema;
    this.kinds = kinds;
    this.scales = scales;
    this.longs = longs;
    this.objects = objects;
    this.nulls = nulls;
  }

  @Override
  public final Schema schema() {
    return schema;
  }

  @Override
  public final boolean isNull(int i) {
    return nulls[i];
  }

  @Override
  public final String getString(int i) {
    expect(i, Kind.STRING, "getString");
    return (String) objects[i];
  }

  @Override
  public final int getInt(int i) {
    Kind k = kinds[i];
    if (k != Kind.INT32 && k != Kind.DATE) {
      throw mismatch(i, "getInt", "INT32 or DATE");
    }
    present(i);
    return (int) longs[i];
  }

  @Override
  public final long getLong(int i) {
    Kind k = kinds[i];
    if (k != Kind.INT64 && k != Kind.TIMESTAMP && k != Kind.INT32) {
      throw mismatch(i, "getLong", "INT64, TIMESTAMP or INT32");
    }
    present(i);
    return longs[i];
  }

  @Override
  public final double getDouble(int i) {
    expect(i, Kind.FLOAT64, "getDouble");
    present(i);
    return Double.longBitsToDouble(longs[i]);
  }

  @Override
  public final boolean getBoolean(int i) {
    expect(i, Kind.BOOLEAN, "getBoolean");
    present(i);
    return longs[i] != 0;
  }

  @Override
  public final BigDecimal getDecimal(int i) {
    expect(i, Kind.DECIMAL, "getDecimal");
    if (nulls[i]) {
      return null;
    }
    Object wide = objects[i];
    return wide != null ? (BigDecimal) wide : BigDecimal.valueOf(longs[i], scales[i]);
  }

  @Override
  public final LocalDate getDate(int i) {
    expect(i, Kind.DATE, "getDate");
    return nulls[i] ? null : LocalDate.ofEpochDay(longs[i]);
  }

  @Override
  public final Instant getTimestamp(int i) {
    expect(i, Kind.TIMESTAMP, "getTimestamp");
    if (nulls[i]) {
      return null;
    }
    long micros = longs[i];
    return Instant.ofEpochSecond(Math.floorDiv(micros, 1_000_000L), Math.floorMod(micros, 1_000_000L) * 1_000L);
  }

  @Override
  public final Object get(int i) {
    if (nulls[i]) {
      return null;
    }
    return switch (kinds[i]) {
      case STRING -> objects[i];
      case INT32 -> (int) longs[i];
      case INT64 -> longs[i];
      case FLOAT64 -> Double.longBitsToDouble(longs[i]);
      case BOOLEAN -> longs[i] != 0;
      case DATE -> getDate(i);
      case TIMESTAMP -> getTimestamp(i);
      case DECIMAL -> getDecimal(i);
    };
  }

  @Override
  public final long getDecimalUnscaled(int i) {
    expect(i, Kind.DECIMAL, "getDecimalUnscaled");
    if (!schema.field(i).type().isLongDecimal()) {
      throw mismatch(i, "getDecimalUnscaled", "a DECIMAL of precision at most 18 (use getDecimal)");
    }
    present(i);
    return longs[i];
  }

  @Override
  public final boolean equals(Object o) {
    if (o == this) {
      return true;
    }
    if (!(o instanceof Row other) || !other.schema().equals(schema)) {
      return false;
    }
    for (int i = 0; i < kinds.length; i++) {
      if (!java.util.Objects.equals(get(i), other.get(i))) {
        return false;
      }
    }
    return true;
  }

  @Override
  public final int hashCode() {
    int h = schema.hashCode();
    for (int i = 0; i < kinds.length; i++) {
      h = 31 * h + java.util.Objects.hashCode(get(i));
    }
    return h;
  }

  /** {@code {order_id=o-1, quantity=3, note=null}}. */
  @Override
  public final String toString() {
    StringBuilder sb = new StringBuilder("{");
    for (int i = 0; i < kinds.length; i++) {
      sb.append(i == 0 ? "" : ", ").append(schema.field(i).name()).append('=').append(get(i));
    }
    return sb.append('}').toString();
  }

  final void expect(int i, Kind kind, String accessor) {
    if (kinds[i] != kind) {
      throw mismatch(i, accessor, kind.name());
    }
  }

  private void present(int i) {
    if (nulls[i]) {
      throw new IllegalStateException("Field '" + schema.field(i).name() + "' is null; check isNull(" + i + ") first");
    }
  }

  final IllegalArgumentException mismatch(int i, String accessor, String wanted) {
    return new IllegalArgumentException("Field '" + schema.field(i).name() + "' is " + schema.field(i).type()
        + "; " + accessor + " needs " + wanted);
  }

  static Kind[] kindsOf(Schema schema) {
    Kind[] kinds = new Kind[schema.size()];
    for (int i = 0; i < kinds.length; i++) {
      kinds[i] = schema.field(i).type().kind();
    }
    return kinds;
  }

  static int[] scalesOf(Schema schema) {
    int[] scales = new int[schema.size()];
    for (int i = 0; i < scales.length; i++) {
      scales[i] = schema.field(i).type().scale();
    }
    return scales;
  }

  static boolean[] allNull(int n) {
    boolean[] nulls = new boolean[n];
    Arrays.fill(nulls, true);
    return nulls;
  }
}
