package io.sluice.shuffle;

import io.sluice.record.FieldType;
import io.sluice.record.Row;
import io.sluice.record.Schema;
import java.math.BigInteger;
import java.util.Arrays;
import java.util.List;

/**
 * A row's sort key as bytes whose unsigned lexicographic order ({@link Arrays#compareUnsigned}) is the
 * rows' order: what a global sort compares, samples and cuts into ranges without decoding a value.
 * Each field is a marker (1 for a value, 2 for null, so nulls sort last either way, as DuckDB's
 * default has it) and an order-preserving form of the value: integers, dates and times as big-endian
 * with the sign bit flipped; doubles by their IEEE bits (negative ones inverted); decimals by unscaled
 * value; text and bytes with {@code 0x00} escaped and a {@code 0x00 0x00} terminator, so a prefix
 * sorts first. A descending field's value bytes are inverted. Not thread-safe.
 */
public final class SortKeyEncoder {
  /** One sort column: its name and direction. */
  public record Column(String name, boolean descending) {
    /** {@code "name"}, {@code "name asc"} or {@code "name desc"}. */
    public static Column parse(String text) {
      String[] parts = text.strip().split("\\s+");
      if (parts.length == 1) {
        return new Column(parts[0], false);
      }
      if (parts.length == 2 && (parts[1].equalsIgnoreCase("asc") || parts[1].equalsIgnoreCase("desc"))) {
        return new Column(parts[0], parts[1].equalsIgnoreCase("desc"));
      }
      throw new IllegalArgumentException("Cannot read sort column '" + text.strip() + "': write 'name', 'name asc' or 'name desc'");
    }
  }

  private final int[] fields;
  private final FieldType[] types;
  private final boolean[] descending;
  private byte[] buf = new byte[64];
  private int size;

  /**
   * An encoder of {@code columns} of rows of {@code schema}.
   *
   * @throws IllegalArgumentException naming the column if it is unknown or of a type without an order
   */
  public SortKeyEncoder(Schema schema, List<Column> columns) {
    fields = new int[columns.size()];
    types = new FieldType[columns.size()];
    descending = new boolean[columns.size()];
    for (int i = 0; i < fields.length; i++) {
      Column c = columns.get(i);
      if (!schema.contains(c.name())) {
        throw new IllegalArgumentException("Cannot sort by '" + c.name() + "': no such column in " + schema.toSql());
      }
      fields[i] = schema.indexOf(c.name());
      types[i] = schema.field(fields[i]).type();
      switch (types[i].kind()) {
        case STRUCT, LIST, MAP -> throw new IllegalArgumentException("Cannot sort by '" + c.name() + "': a " + types[i]
            + " has no order");
        default -> { }
      }
      descending[i] = c.descending();
    }
  }

  /** Encodes {@code row}'s key; returns its length ({@link #bytes()} holds it). */
  public int encode(Row row) {
    size = 0;
    for (int i = 0; i < fields.length; i++) {
      int f = fields[i];
      ensure(1);
      if (row.isNull(f)) {
        buf[size++] = 2;
        continue;
      }
      buf[size++] = 1;
      int start = size;
      switch (types[i].kind()) {
        case INT8, INT16, INT32, DATE -> putLong(row.getInt(f));
        case INT64, TIMESTAMP, LOCAL_TIMESTAMP, TIME -> putLong(row.getLong(f));
        case FLOAT32, FLOAT64 -> {
          double d = types[i].kind() == FieldType.Kind.FLOAT32 ? row.getFloat(f) : row.getDouble(f);
          long bits = Double.doubleToLongBits(d == 0.0 ? 0.0 : d);
          putRaw(bits < 0 ? ~bits : bits ^ Long.MIN_VALUE);
        }
        case BOOLEAN -> {
          ensure(1);
          buf[size++] = (byte) (row.getBoolean(f) ? 1 : 0);
        }
        case DECIMAL -> {
          if (types[i].isLongDecimal()) {
            putLong(row.getDecimalUnscaled(f));
          } else {
            putBig(row.getDecimal(f).setScale(types[i].scale()).unscaledValue());
          }
        }
        case STRING, BINARY -> {
          int n = row.byteLength(f);
          byte[] b = new byte[n];
          row.copyBytes(f, b, 0);
          ensure(2 * n + 2);
          for (byte x : b) {
            buf[size++] = x;
            if (x == 0) {
              buf[size++] = (byte) 0xFF;
            }
          }
          buf[size++] = 0;
          buf[size++] = 0;
        }
        case STRUCT, LIST, MAP -> throw new AssertionError("refused by the constructor");
      }
      if (descending[i]) {
        for (int k = start; k < size; k++) {
          buf[k] = (byte) ~buf[k];
        }
      }
    }
    return size;
  }

  private void putLong(long v) {
    putRaw(v ^ Long.MIN_VALUE);
  }

  private void putRaw(long v) {
    ensure(8);
    for (int s = 56; s >= 0; s -= 8) {
      buf[size++] = (byte) (v >>> s);
    }
  }

  /** Sign class, then length and magnitude, inverted for negatives, so larger magnitudes sort outward. */
  private void putBig(BigInteger v) {
    int sign = v.signum();
    byte[] mag = v.abs().toByteArray();
    ensure(2 + mag.length);
    buf[size++] = (byte) (sign + 1);
    if (sign == 0) {
      return;
    }
    buf[size++] = (byte) (sign > 0 ? mag.length : 255 - mag.length);
    for (byte b : mag) {
      buf[size++] = sign > 0 ? b : (byte) ~b;
    }
  }

  private void ensure(int more) {
    if (buf.length - size < more) {
      buf = Arrays.copyOf(buf, Math.max(buf.length * 2, size + more));
    }
  }

  /** The last key encoded, valid up to {@link #length()}. */
  public byte[] bytes() {
    return buf;
  }

  public int length() {
    return size;
  }

  public byte[] copy() {
    return Arrays.copyOf(buf, size);
  }

  /** The order of two keys. */
  public static int compare(byte[] a, byte[] b) {
    return Arrays.compareUnsigned(a, b);
  }
}
