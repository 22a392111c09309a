package io.sluice.record;

import java.io.ByteArrayInputStream;
import java.io.DataInput;
import java.io.DataInputStream;
import java.io.DataOutput;
import java.io.DataOutputStream;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A compact binary form of rows of one schema, for spilling rows to a local file and for exchanging
 * them between the tasks of one run (the storage shuffle): a null flag per field, then the value (ints
 * and longs as such, text and bytes as a length and the bytes, nested values recursively). Not a
 * storage format: nothing but the same version of Sluice, with the same schema, reads it back.
 */
public final class RowCodec {
  private final Schema schema;
  private byte[] scratch = new byte[256];

  public RowCodec(Schema schema) {
    this.schema = schema;
  }

  /** Writes {@code row}, whose schema is this codec's. */
  public void write(Row row, DataOutput out) throws IOException {
    for (int i = 0; i < schema.size(); i++) {
      if (row.isNull(i)) {
        out.writeBoolean(false);
        continue;
      }
      out.writeBoolean(true);
      FieldType t = schema.field(i).type();
      switch (t.kind()) {
        case STRING, BINARY -> {
          int n = row.byteLength(i);
          if (scratch.length < n) {
            scratch = new byte[Math.max(n, scratch.length * 2)];
          }
          row.copyBytes(i, scratch, 0);
          out.writeInt(n);
          out.write(scratch, 0, n);
        }
        case INT8, INT16, INT32, DATE -> out.writeInt(row.getInt(i));
        case INT64, TIMESTAMP, LOCAL_TIMESTAMP, TIME -> out.writeLong(row.getLong(i));
        case FLOAT32 -> out.writeFloat(row.getFloat(i));
        case FLOAT64 -> out.writeDouble(row.getDouble(i));
        case BOOLEAN -> out.writeBoolean(row.getBoolean(i));
        case DECIMAL -> {
          if (t.isLongDecimal()) {
            out.writeLong(row.getDecimalUnscaled(i));
          } else {
            byte[] b = row.getDecimal(i).unscaledValue().toByteArray();
            out.writeInt(b.length);
            out.write(b);
          }
        }
        case STRUCT, LIST, MAP -> writeValue(t, row.get(i), out);
      }
    }
  }

  /**
   * Writes {@code row}, whose schema is this codec's, to {@code out} in the layout of {@link
   * #write(Row, DataOutput)}, without a call per byte for flat fields.
   */
  public void write(Row row, RowArena out) throws IOException {
    DataOutputStream nested = null;
    for (int i = 0; i < schema.size(); i++) {
      if (row.isNull(i)) {
        out.putBoolean(false);
        continue;
      }
      out.putBoolean(true);
      FieldType t = schema.field(i).type();
      switch (t.kind()) {
        case STRING, BINARY -> {
          int n = row.byteLength(i);
          out.putInt(n);
          int at = out.reserve(n);
          row.copyBytes(i, out.bytes(), at);
          out.advance(n);
        }
        case INT8, INT16, INT32, DATE -> out.putInt(row.getInt(i));
        case INT64, TIMESTAMP, LOCAL_TIMESTAMP, TIME -> out.putLong(row.getLong(i));
        case FLOAT32 -> out.putInt(Float.floatToIntBits(row.getFloat(i)));
        case FLOAT64 -> out.putLong(Double.doubleToLongBits(row.getDouble(i)));
        case BOOLEAN -> out.putBoolean(row.getBoolean(i));
        case DECIMAL -> {
          if (t.isLongDecimal()) {
            out.putLong(row.getDecimalUnscaled(i));
          } else {
            byte[] b = row.getDecimal(i).unscaledValue().toByteArray();
            out.putInt(b.length);
            out.write(b, 0, b.length);
          }
        }
        case STRUCT, LIST, MAP -> {
          if (nested == null) {
            nested = new DataOutputStream(out);
          }
          writeValue(t, row.get(i), nested);
          nested.flush();
        }
      }
    }
  }

  /**
   * Reads one row written by either {@code write} from {@code buf} at {@code off} into {@code into}
   * (cleared first), whose schema is this codec's; returns the offset after it. Text and bytes are
   * not copied: {@code into} refers to {@code buf}, which must not change while the row is in use.
   */
  public int read(byte[] buf, int off, MutableRow into) throws IOException {
    into.clear();
    int at = off;
    for (int i = 0; i < schema.size(); i++) {
      if (buf[at++] == 0) {
        continue;
      }
      FieldType t = schema.field(i).type();
      switch (t.kind()) {
        case STRING -> {
          int n = (int) RowArena.INT.get(buf, at);
          into.setStringUtf8(i, buf, at + 4, n);
          at += 4 + n;
        }
        case BINARY -> {
          int n = (int) RowArena.INT.get(buf, at);
          into.setBinary(i, buf, at + 4, n);
          at += 4 + n;
        }
        case INT8, INT16, INT32, DATE -> {
          into.setInt(i, (int) RowArena.INT.get(buf, at));
          at += 4;
        }
        case INT64, TIMESTAMP, LOCAL_TIMESTAMP, TIME -> {
          into.setLong(i, (long) RowArena.LONG.get(buf, at));
          at += 8;
        }
        case FLOAT32 -> {
          into.setFloat(i, Float.intBitsToFloat((int) RowArena.INT.get(buf, at)));
          at += 4;
        }
        case FLOAT64 -> {
          into.setDouble(i, Double.longBitsToDouble((long) RowArena.LONG.get(buf, at)));
          at += 8;
        }
        case BOOLEAN -> into.setBoolean(i, buf[at++] != 0);
        case DECIMAL -> {
          if (t.isLongDecimal()) {
            into.setDecimalUnscaled(i, (long) RowArena.LONG.get(buf, at));
            at += 8;
          } else {
            int n = (int) RowArena.INT.get(buf, at);
            into.setDecimal(i, new BigDecimal(new BigInteger(buf, at + 4, n), t.scale()));
            at += 4 + n;
          }
        }
        case STRUCT, LIST, MAP -> {
          ByteArrayInputStream bytes = new ByteArrayInputStream(buf, at, buf.length - at);
          into.set(i, readValue(t, new DataInputStream(bytes)));
          at = buf.length - bytes.available();
        }
      }
    }
    return at;
  }

  /** Reads one row into {@code into} (cleared first), whose schema is this codec's. */
  public void read(DataInput in, MutableRow into) throws IOException {
    into.clear();
    for (int i = 0; i < schema.size(); i++) {
      if (!in.readBoolean()) {
        continue;
      }
      FieldType t = schema.field(i).type();
      switch (t.kind()) {
        case STRING -> {
          byte[] b = new byte[in.readInt()];
          in.readFully(b);
          into.setStringUtf8(i, b, 0, b.length);
        }
        case BINARY -> {
          byte[] b = new byte[in.readInt()];
          in.readFully(b);
          into.setBinary(i, b);
        }
        case INT8, INT16, INT32, DATE -> into.setInt(i, in.readInt());
        case INT64, TIMESTAMP, LOCAL_TIMESTAMP, TIME -> into.setLong(i, in.readLong());
        case FLOAT32 -> into.setFloat(i, in.readFloat());
        case FLOAT64 -> into.setDouble(i, in.readDouble());
        case BOOLEAN -> into.setBoolean(i, in.readBoolean());
        case DECIMAL -> {
          if (t.isLongDecimal()) {
            into.setDecimalUnscaled(i, in.readLong());
          } else {
            byte[] b = new byte[in.readInt()];
            in.readFully(b);
            into.setDecimal(i, new BigDecimal(new BigInteger(b), t.scale()));
          }
        }
        case STRUCT, LIST, MAP -> into.set(i, readValue(t, in));
      }
    }
  }

  // Nested values travel as the objects Row.get returns.
  private static void writeValue(FieldType t, Object v, DataOutput out) throws IOException {
    if (v == null) {
      out.writeBoolean(false);
      return;
    }
    out.writeBoolean(true);
    switch (t.kind()) {
      case STRING -> writeBytes(((String) v).getBytes(StandardCharsets.UTF_8), out);
      case BINARY -> writeBytes((byte[]) v, out);
      case INT8 -> out.writeInt((Byte) v);
      case INT16 -> out.writeInt((Short) v);
      case INT32 -> out.writeInt((Integer) v);
      case INT64 -> out.writeLong((Long) v);
      case FLOAT32 -> out.writeFloat((Float) v);
      case FLOAT64 -> out.writeDouble((Double) v);
      case BOOLEAN -> out.writeBoolean((Boolean) v);
      case DATE -> out.writeLong(((LocalDate) v).toEpochDay());
      case TIME -> out.writeLong(((LocalTime) v).toNanoOfDay());
      case TIMESTAMP -> {
        Instant ts = (Instant) v;
        out.writeLong(ts.getEpochSecond());
        out.writeInt(ts.getNano());
      }
      case LOCAL_TIMESTAMP -> {
        LocalDateTime ts = (LocalDateTime) v;
        out.writeLong(ts.toEpochSecond(ZoneOffset.UTC));
        out.writeInt(ts.getNano());
      }
      case DECIMAL -> {
        writeBytes(((BigDecimal) v).unscaledValue().toByteArray(), out);
        out.writeInt(((BigDecimal) v).scale());
      }
      case STRUCT -> {
        Row r = (Row) v;
        for (int i = 0; i < t.fields().size(); i++) {
          writeValue(t.fields().field(i).type(), r.get(i), out);
        }
      }
      case LIST -> {
        List<?> l = (List<?>) v;
        out.writeInt(l.size());
        for (Object e : l) {
          writeValue(t.elementType(), e, out);
        }
      }
      case MAP -> {
        Map<?, ?> m = (Map<?, ?>) v;
        out.writeInt(m.size());
        for (Map.Entry<?, ?> e : m.entrySet()) {
          writeValue(t.keyType(), e.getKey(), out);
          writeValue(t.elementType(), e.getValue(), out);
        }
      }
    }
  }

  private static Object readValue(FieldType t, DataInput in) throws IOException {
    if (!in.readBoolean()) {
      return null;
    }
    return switch (t.kind()) {
      case STRING -> new String(readBytes(in), StandardCharsets.UTF_8);
      case BINARY -> readBytes(in);
      case INT8 -> (byte) in.readInt();
      case INT16 -> (short) in.readInt();
      case INT32 -> in.readInt();
      case INT64 -> in.readLong();
      case FLOAT32 -> in.readFloat();
      case FLOAT64 -> in.readDouble();
      case BOOLEAN -> in.readBoolean();
      case DATE -> LocalDate.ofEpochDay(in.readLong());
      case TIME -> LocalTime.ofNanoOfDay(in.readLong());
      case TIMESTAMP -> Instant.ofEpochSecond(in.readLong(), in.readInt());
      case LOCAL_TIMESTAMP -> LocalDateTime.ofEpochSecond(in.readLong(), in.readInt(), ZoneOffset.UTC);
      case DECIMAL -> {
        byte[] b = readBytes(in);
        yield new BigDecimal(new BigInteger(b), in.readInt());
      }
      case STRUCT -> {
        Schema s = t.fields();
        Object[] values = new Object[s.size()];
        for (int i = 0; i < s.size(); i++) {
          values[i] = readValue(s.field(i).type(), in);
        }
        yield Row.of(s, values);
      }
      case LIST -> {
        int n = in.readInt();
        List<Object> l = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
          l.add(readValue(t.elementType(), in));
        }
        yield l;
      }
      case MAP -> {
        int n = in.readInt();
        Map<Object, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < n; i++) {
          Object k = readValue(t.keyType(), in);
          m.put(k, readValue(t.elementType(), in));
        }
        yield m;
      }
    };
  }

  private static void writeBytes(byte[] b, DataOutput out) throws IOException {
    out.writeInt(b.length);
    out.write(b);
  }

  private static byte[] readBytes(DataInput in) throws IOException {
    byte[] b = new byte[in.readInt()];
    in.readFully(b);
    return b;
  }

  /** The codec's fields, for messages. */
  @Override
  public String toString() {
    return "RowCodec" + schema.fields().stream().map(Field::name).toList();
  }
}
