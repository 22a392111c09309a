package io.sluice.record;

import io.sluice.record.FieldType.Kind;
import io.sluice.record.internal.Utf8;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * A row held in slots: primitives (and decimals of up to 18 digits, unscaled) in a {@code long[]},
 * other values in an {@code Object[]}, so reading and writing primitives never boxes.
 *
 * <p>A STRING or BINARY value is either a {@code String} (STRING only) or a slice of a byte array:
 * {@code objects[i]} holds the array and {@code longs[i]} the slice's offset (high 32 bits) and length
 * (low 32 bits). Readers set slices of their input buffer, so text is decoded only if {@link
 * #getString} asks for it; equality and hashing work on UTF-8 bytes, so a String and a slice of its
 * encoding are equal and hash alike.
 */
abstract sealed class SlotRow implements Row permits MutableRow, FrozenRow {
  static final long MICROS_PER_DAY = 86_400_000_000L;

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

  static int sliceOffset(long packed) {
    return (int) (packed >>> 32);
  }

  static int sliceLength(long packed) {
    return (int) packed;
  }

  static long slice(int off, int len) {
    return ((long) off << 32) | (len & 0xFFFFFFFFL);
  }

  @Override
  public final String getString(int i) {
    expect(i, Kind.STRING, "getString");
    Object o = objects[i];
    if (o instanceof byte[] b) {
      long p = longs[i];
      String s = new String(b, sliceOffset(p), sliceLength(p), StandardCharsets.UTF_8);
      objects[i] = s; // decoded once; equal to the bytes it replaces
      return s;
    }
    return (String) o;
  }

  @Override
  public final byte[] getBinary(int i) {
    expect(i, Kind.BINARY, "getBinary");
    if (nulls[i]) {
      return null;
    }
    long p = longs[i];
    return Arrays.copyOfRange((byte[]) objects[i], sliceOffset(p), sliceOffset(p) + sliceLength(p));
  }

  @Override
  public final int byteLength(int i) {
    Kind k = kinds[i];
    if (k != Kind.STRING && k != Kind.BINARY) {
      throw mismatch(i, "byteLength", "STRING or BINARY");
    }
    if (nulls[i]) {
      return -1;
    }
    Object o = objects[i];
    return o instanceof String s ? Utf8.encodedLength(s) : sliceLength(longs[i]);
  }

  @Override
  public final int copyBytes(int i, byte[] dst, int at) {
    Kind k = kinds[i];
    if (k != Kind.STRING && k != Kind.BINARY) {
      throw mismatch(i, "copyBytes", "STRING or BINARY");
    }
    present(i);
    Object o = objects[i];
    if (o instanceof String s) {
      return Utf8.encode(s, 0, s.length(), dst, at) - at;
    }
    long p = longs[i];
    System.arraycopy((byte[]) o, sliceOffset(p), dst, at, sliceLength(p));
    return sliceLength(p);
  }

  @Override
  public final int getInt(int i) {
    Kind k = kinds[i];
    if (k != Kind.INT32 && k != Kind.DATE && k != Kind.INT16 && k != Kind.INT8) {
      throw mismatch(i, "getInt", "INT32, INT16, INT8 or DATE");
    }
    present(i);
    return (int) longs[i];
  }

  @Override
  public final long getLong(int i) {
    switch (kinds[i]) {
      case INT64, TIMESTAMP, INT32, INT16, INT8, LOCAL_TIMESTAMP, TIME -> {
        present(i);
        return longs[i];
      }
      default -> throw mismatch(i, "getLong", "INT64, TIMESTAMP, LOCAL_TIMESTAMP, TIME, INT32, INT16 or INT8");
    }
  }

  @Override
  public final double getDouble(int i) {
    Kind k = kinds[i];
    if (k == Kind.FLOAT32) {
      present(i);
      return Float.intBitsToFloat((int) longs[i]);
    }
    expect(i, Kind.FLOAT64, "getDouble");
    present(i);
    return Double.longBitsToDouble(longs[i]);
  }

  @Override
  public final float getFloat(int i) {
    expect(i, Kind.FLOAT32, "getFloat");
    present(i);
    return Float.intBitsToFloat((int) longs[i]);
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
  public final LocalTime getTime(int i) {
    expect(i, Kind.TIME, "getTime");
    return nulls[i] ? null : LocalTime.ofNanoOfDay(longs[i] * 1_000L);
  }

  @Override
  public final LocalDateTime getLocalTimestamp(int i) {
    expect(i, Kind.LOCAL_TIMESTAMP, "getLocalTimestamp");
    if (nulls[i]) {
      return null;
    }
    long micros = longs[i];
    return LocalDateTime.ofEpochSecond(Math.floorDiv(micros, 1_000_000L), (int) Math.floorMod(micros, 1_000_000L) * 1_000,
        ZoneOffset.UTC);
  }

  @Override
  public final Row getStruct(int i) {
    expect(i, Kind.STRUCT, "getStruct");
    return (Row) objects[i];
  }

  @Override
  public final List<?> getList(int i) {
    expect(i, Kind.LIST, "getList");
    return (List<?>) objects[i];
  }

  @Override
  public final Map<?, ?> getMap(int i) {
    expect(i, Kind.MAP, "getMap");
    return (Map<?, ?>) objects[i];
  }

  @Override
  public final Object get(int i) {
    if (nulls[i]) {
      return null;
    }
    return switch (kinds[i]) {
      case STRING -> getString(i);
      case BINARY -> getBinary(i);
      case INT8 -> (byte) longs[i];
      case INT16 -> (short) longs[i];
      case INT32 -> (int) longs[i];
      case INT64 -> longs[i];
      case FLOAT32 -> Float.intBitsToFloat((int) longs[i]);
      case FLOAT64 -> Double.longBitsToDouble(longs[i]);
      case BOOLEAN -> longs[i] != 0;
      case DATE -> getDate(i);
      case TIME -> getTime(i);
      case TIMESTAMP -> getTimestamp(i);
      case LOCAL_TIMESTAMP -> getLocalTimestamp(i);
      case DECIMAL -> getDecimal(i);
      case STRUCT, LIST, MAP -> objects[i];
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

  /** Equal schemas and equal values; allocates nothing for scalar fields. */
  @Override
  public final boolean equals(Object o) {
    if (o == this) {
      return true;
    }
    if (!(o instanceof Row other) || !other.schema().equals(schema)) {
      return false;
    }
    if (!(other instanceof SlotRow slots)) {
      for (int i = 0; i < kinds.length; i++) {
        if (!Values.deepEquals(get(i), other.get(i))) {
          return false;
        }
      }
      return true;
    }
    for (int i = 0; i < kinds.length; i++) {
      if (nulls[i] != slots.nulls[i]) {
        return false;
      }
      if (!nulls[i] && !sameValue(i, slots)) {
        return false;
      }
    }
    return true;
  }

  private boolean sameValue(int i, SlotRow other) {
    long a = longs[i];
    long b = other.longs[i];
    return switch (kinds[i]) {
      case STRING, BINARY -> sameBytes(objects[i], a, other.objects[i], b);
      case FLOAT64 -> Double.doubleToLongBits(Double.longBitsToDouble(a)) == Double.doubleToLongBits(Double.longBitsToDouble(b));
      case FLOAT32 -> Float.floatToIntBits(Float.intBitsToFloat((int) a)) == Float.floatToIntBits(Float.intBitsToFloat((int) b));
      case DECIMAL -> objects[i] == null ? other.objects[i] == null && a == b : objects[i].equals(other.objects[i]);
      case STRUCT, LIST, MAP -> Values.deepEquals(objects[i], other.objects[i]);
      default -> a == b;
    };
  }

  private static boolean sameBytes(Object x, long px, Object y, long py) {
    if (x instanceof String s) {
      return y instanceof String t ? s.equals(t) : Utf8.equals(s, (byte[]) y, sliceOffset(py), sliceLength(py));
    }
    if (y instanceof String t) {
      return Utf8.equals(t, (byte[]) x, sliceOffset(px), sliceLength(px));
    }
    int ox = sliceOffset(px);
    int oy = sliceOffset(py);
    return Arrays.equals((byte[]) x, ox, ox + sliceLength(px), (byte[]) y, oy, oy + sliceLength(py));
  }

  /** Consistent with {@link #equals}; allocates nothing for scalar fields. */
  @Override
  public final int hashCode() {
    int h = schema.hashCode();
    for (int i = 0; i < kinds.length; i++) {
      h = 31 * h + (nulls[i] ? 0 : valueHash(i));
    }
    return h;
  }

  private int valueHash(int i) {
    long v = longs[i];
    return switch (kinds[i]) {
      case STRING, BINARY -> objects[i] instanceof String s ? Utf8.hash(s) : Utf8.hash((byte[]) objects[i], sliceOffset(v), sliceLength(v));
      case FLOAT64 -> Double.hashCode(Double.longBitsToDouble(v));
      case FLOAT32 -> Float.hashCode(Float.intBitsToFloat((int) v));
      case DECIMAL -> objects[i] == null ? Long.hashCode(v) : objects[i].hashCode();
      case STRUCT, LIST, MAP -> Values.deepHash(objects[i]);
      default -> Long.hashCode(v);
    };
  }

  /** {@code {order_id=o-1, quantity=3, note=null}}. */
  @Override
  public final String toString() {
    StringBuilder sb = new StringBuilder("{");
    for (int i = 0; i < kinds.length; i++) {
      sb.append(i == 0 ? "" : ", ").append(schema.field(i).name()).append('=').append(Values.render(get(i)));
    }
    return sb.append('}').toString();
  }

  final void expect(int i, Kind kind, String accessor) {
    if (kinds[i] != kind) {
      throw mismatch(i, accessor, kind.name());
    }
  }

  final void present(int i) {
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
