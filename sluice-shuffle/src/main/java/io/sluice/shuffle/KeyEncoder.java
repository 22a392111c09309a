package io.sluice.shuffle;

import io.sluice.record.FieldType;
import io.sluice.record.Row;
import io.sluice.record.Schema;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.math.BigDecimal;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.List;

/**
 * The key of a row (some of its fields) as bytes that are equal exactly when the keys are equal, and
 * their 64-bit hash: what a shuffle partitions by, and what hash tables of aggregations and joins look
 * up. Values are normalised so that keys of two inputs compare across compatible types: every integer
 * type and dates as 8-byte longs, floats as doubles ({@code -0.0} as {@code 0.0}, one NaN), decimals
 * as their unscaled value at the field's scale. A null is a value of its own (one byte), so null keys
 * group together; joins skip them. Not thread-safe: one encoder per task.
 */
public final class KeyEncoder {
  private static final VarHandle LONG = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
  private static final VarHandle INT = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.LITTLE_ENDIAN);

  private final int[] fields;
  private final FieldType[] types;
  private byte[] buf = new byte[64];
  private int size;
  private boolean anyNull;

  /**
   * An encoder of fields {@code fields} of rows of {@code schema}.
   *
   * @throws IllegalArgumentException if a field is not a type keys can have (structs, lists, maps)
   */
  public KeyEncoder(Schema schema, int[] fields) {
    this.fields = fields.clone();
    this.types = new FieldType[fields.length];
    for (int i = 0; i < fields.length; i++) {
      FieldType t = schema.field(fields[i]).type();
      switch (t.kind()) {
        case STRUCT, LIST, MAP -> throw new IllegalArgumentException("Field '" + schema.field(fields[i]).name()
            + "' is a " + t + ": a key can only hold plain values (text, numbers, dates, booleans, bytes)");
        default -> types[i] = t;
      }
    }
  }

  /** An encoder of the named fields of {@code schema}; see {@link #KeyEncoder(Schema, int[])}. */
  public static KeyEncoder of(Schema schema, List<String> names) {
    int[] idx = new int[names.size()];
    for (int i = 0; i < idx.length; i++) {
      idx[i] = schema.indexOf(names.get(i));
    }
    return new KeyEncoder(schema, idx);
  }

  /**
   * Whether keys of {@code a} and {@code b} encode alike, so that equal values meet: both integers
   * or dates of any width, both floating point, both text, both bytes, both booleans, or decimals of
   * one scale.
   */
  public static boolean compatible(FieldType a, FieldType b) {
    return family(a) != null && family(a).equals(family(b));
  }

  private static String family(FieldType t) {
    return switch (t.kind()) {
      case INT8, INT16, INT32, INT64 -> "integer";
      case DATE -> "date";
      case TIMESTAMP -> "timestamp";
      case LOCAL_TIMESTAMP -> "local timestamp";
      case TIME -> "time";
      case FLOAT32, FLOAT64 -> "float";
      case STRING -> "string";
      case BINARY -> "binary";
      case BOOLEAN -> "boolean";
      case DECIMAL -> "decimal scale " + t.scale();
      case STRUCT, LIST, MAP -> null;
    };
  }

  /** Encodes the key of {@code row} into {@link #bytes()}; returns its length. */
  public int encode(Row row) {
    size = 0;
    anyNull = false;
    for (int i = 0; i < fields.length; i++) {
      int f = fields[i];
      if (row.isNull(f)) {
        ensure(1);
        buf[size++] = 0;
        anyNull = true;
        continue;
      }
      FieldType t = types[i];
      switch (t.kind()) {
        case STRING, BINARY -> {
          int n = row.byteLength(f);
          ensure(5 + n);
          buf[size++] = 1;
          INT.set(buf, size, n);
          size += 4;
          row.copyBytes(f, buf, size);
          size += n;
        }
        case INT8, INT16, INT32, DATE -> putLong(row.getInt(f));
        case INT64, TIMESTAMP, LOCAL_TIMESTAMP, TIME -> putLong(row.getLong(f));
        case FLOAT32, FLOAT64 -> {
          double d = t.kind() == FieldType.Kind.FLOAT32 ? row.getFloat(f) : row.getDouble(f);
          putLong(d == 0.0 ? 0L : Double.doubleToLongBits(d)); // one zero, and doubleToLongBits has one NaN
        }
        case BOOLEAN -> {
          ensure(2);
          buf[size++] = 1;
          buf[size++] = (byte) (row.getBoolean(f) ? 1 : 0);
        }
        case DECIMAL -> {
          if (t.isLongDecimal()) {
            putLong(row.getDecimalUnscaled(f));
          } else {
            BigDecimal v = row.getDecimal(f);
            if (v.unscaledValue().bitLength() < 64) {
              putLong(v.unscaledValue().longValue()); // as a long decimal of the same value would
            } else {
              byte[] b = v.unscaledValue().toByteArray();
              ensure(5 + b.length);
              buf[size++] = 2;
              INT.set(buf, size, b.length);
              size += 4;
              System.arraycopy(b, 0, buf, size, b.length);
              size += b.length;
            }
          }
        }
        case STRUCT, LIST, MAP -> throw new AssertionError("refused by the constructor");
      }
    }
    return size;
  }

  /** Whether the last key encoded had a null field (a join never matches it). */
  public boolean hasNull() {
    return anyNull;
  }

  /** The last key encoded, valid up to {@link #length()}; the array is reused. */
  public byte[] bytes() {
    return buf;
  }

  public int length() {
    return size;
  }

  /** A copy of the last key encoded. */
  public byte[] copy() {
    return Arrays.copyOf(buf, size);
  }

  /** The hash of the last key encoded. */
  public long hash() {
    return hash(buf, 0, size);
  }

  private void putLong(long v) {
    ensure(9);
    buf[size++] = 1;
    LONG.set(buf, size, v);
    size += 8;
  }

  private void ensure(int more) {
    if (buf.length - size < more) {
      buf = Arrays.copyOf(buf, Math.max(buf.length * 2, size + more));
    }
  }

  /** A 64-bit hash of {@code len} bytes at {@code off} (murmur3's mixing, eight bytes at a time): the same on every JVM. */
  public static long hash(byte[] b, int off, int len) {
    long h = 0x9E3779B97F4A7C15L ^ (len * 0xC2B2AE3D27D4EB4FL);
    int i = off;
    int end = off + len;
    for (; i + 8 <= end; i += 8) {
      long k = (long) LONG.get(b, i);
      k *= 0x87C37B91114253D5L;
      k = Long.rotateLeft(k, 31);
      k *= 0x4CF5AD432745937FL;
      h ^= k;
      h = Long.rotateLeft(h, 27) * 5 + 0x52DCE729;
    }
    long k = 0;
    for (int s = 0; i < end; i++, s += 8) {
      k |= (b[i] & 0xFFL) << s;
    }
    k *= 0x87C37B91114253D5L;
    k = Long.rotateLeft(k, 31);
    k *= 0x4CF5AD432745937FL;
    h ^= k;
    return fmix(h);
  }

  private static long fmix(long h) {
    h ^= h >>> 33;
    h *= 0xFF51AFD7ED558CCDL;
    h ^= h >>> 33;
    h *= 0xC4CEB9FE1A85EC53L;
    h ^= h >>> 33;
    return h;
  }

  /** The partition of {@code hash} among {@code partitions}. */
  public static int partition(long hash, int partitions) {
    return (int) Long.remainderUnsigned(hash, partitions);
  }
}
