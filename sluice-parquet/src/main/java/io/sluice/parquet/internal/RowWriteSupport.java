package io.sluice.parquet.internal;

import io.sluice.record.Field;
import io.sluice.record.FieldType;
import io.sluice.record.Row;
import io.sluice.record.Schema;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.parquet.conf.ParquetConfiguration;
import org.apache.parquet.hadoop.api.WriteSupport;
import org.apache.parquet.io.api.Binary;
import org.apache.parquet.io.api.RecordConsumer;
import org.apache.parquet.schema.MessageType;

/**
 * Writes {@link Row}s of one schema to parquet-java's record consumer, in the shapes {@link Schemas}
 * gives (three-level lists, standard maps). A row is checked whole (required fields, nested required
 * fields and map keys) before any of it is written, so a refused row leaves the file as it was.
 */
public final class RowWriteSupport extends WriteSupport<Row> {
  private final Schema schema;
  private final MessageType message;
  private final Map<String, String> metadata;
  private RecordConsumer out;

  public RowWriteSupport(Schema schema, Map<String, String> metadata) {
    this.schema = schema;
    this.message = Schemas.toParquet(schema);
    this.metadata = metadata;
  }

  @Override
  public WriteContext init(Configuration configuration) {
    return new WriteContext(message, metadata);
  }

  @Override
  public WriteContext init(ParquetConfiguration configuration) {
    return new WriteContext(message, metadata);
  }

  @Override
  public String getName() {
    return "sluice";
  }

  @Override
  public void prepareForWrite(RecordConsumer recordConsumer) {
    this.out = recordConsumer;
  }

  /** Checks that {@code row} can be written. @throws IllegalArgumentException naming the field if not */
  public void check(Row row) {
    if (!row.schema().equals(schema)) {
      throw new IllegalArgumentException("Cannot write a row of schema " + row.schema() + " to a Parquet writer of " + schema);
    }
    for (int i = 0; i < schema.size(); i++) {
      Field f = schema.field(i);
      if (row.isNull(i)) {
        if (!f.nullable()) {
          throw new IllegalArgumentException("Field '" + f.name() + "' is required but null");
        }
      } else if (f.type().isNested()) {
        checkNested(f.type(), row.get(i), f.name());
      }
    }
  }

  private static void checkNested(FieldType type, Object v, String where) {
    switch (type.kind()) {
      case STRUCT -> {
        Row r = (Row) v;
        for (int k = 0; k < r.schema().size(); k++) {
          Field f = r.schema().field(k);
          if (r.isNull(k)) {
            if (!f.nullable()) {
              throw new IllegalArgumentException("Field '" + where + "." + f.name() + "' is required but null");
            }
          } else if (f.type().isNested()) {
            checkNested(f.type(), r.get(k), where + "." + f.name());
          }
        }
      }
      case LIST -> {
        if (type.elementType().isNested()) {
          List<?> list = (List<?>) v;
          for (int k = 0; k < list.size(); k++) {
            if (list.get(k) != null) {
              checkNested(type.elementType(), list.get(k), where + "[" + k + "]");
            }
          }
        }
      }
      case MAP -> {
        for (Map.Entry<?, ?> e : ((Map<?, ?>) v).entrySet()) {
          if (e.getKey() == null) {
            throw new IllegalArgumentException("Field '" + where + "' has a null map key");
          }
          if (e.getValue() != null && type.elementType().isNested()) {
            checkNested(type.elementType(), e.getValue(), where + "[" + e.getKey() + "]");
          }
        }
      }
      default -> {
      }
    }
  }

  @Override
  public void write(Row row) {
    out.startMessage();
    for (int i = 0; i < schema.size(); i++) {
      if (row.isNull(i)) {
        continue;
      }
      Field f = schema.field(i);
      out.startField(f.name(), i);
      writeTop(row, i, f.type());
      out.endField(f.name(), i);
    }
    out.endMessage();
  }

  private void writeTop(Row row, int i, FieldType type) {
    switch (type.kind()) {
      case STRING -> {
        byte[] b = new byte[row.byteLength(i)];
        row.copyBytes(i, b, 0);
        out.addBinary(Binary.fromConstantByteArray(b));
      }
      case BINARY -> out.addBinary(Binary.fromConstantByteArray(row.getBinary(i)));
      case INT8, INT16, INT32, DATE -> out.addInteger(row.getInt(i));
      case INT64, TIME, TIMESTAMP, LOCAL_TIMESTAMP -> out.addLong(row.getLong(i));
      case FLOAT32 -> out.addFloat(row.getFloat(i));
      case FLOAT64 -> out.addDouble(row.getDouble(i));
      case BOOLEAN -> out.addBoolean(row.getBoolean(i));
      case DECIMAL -> {
        if (type.precision() <= 9) {
          out.addInteger((int) row.getDecimalUnscaled(i));
        } else if (type.precision() <= 18) {
          out.addLong(row.getDecimalUnscaled(i));
        } else {
          out.addBinary(fixed(row.getDecimal(i).unscaledValue(), Schemas.decimalBytes(type.precision())));
        }
      }
      case STRUCT, LIST, MAP -> writeObject(type, row.get(i));
    }
  }

  private void writeObject(FieldType type, Object v) {
    switch (type.kind()) {
      case STRING -> out.addBinary(Binary.fromString((String) v));
      case BINARY -> out.addBinary(Binary.fromConstantByteArray((byte[]) v));
      case INT8 -> out.addInteger((Byte) v);
      case INT16 -> out.addInteger((Short) v);
      case INT32 -> out.addInteger((Integer) v);
      case DATE -> out.addInteger(Math.toIntExact(((LocalDate) v).toEpochDay()));
      case INT64 -> out.addLong((Long) v);
      case TIME -> out.addLong(((LocalTime) v).toNanoOfDay() / 1_000L);
      case TIMESTAMP -> {
        Instant t = (Instant) v;
        out.addLong(Math.addExact(Math.multiplyExact(t.getEpochSecond(), 1_000_000L), t.getNano() / 1_000));
      }
      case LOCAL_TIMESTAMP -> {
        LocalDateTime t = (LocalDateTime) v;
        out.addLong(Math.addExact(Math.multiplyExact(t.toEpochSecond(ZoneOffset.UTC), 1_000_000L), t.getNano() / 1_000));
      }
      case FLOAT32 -> out.addFloat((Float) v);
      case FLOAT64 -> out.addDouble((Double) v);
      case BOOLEAN -> out.addBoolean((Boolean) v);
      case DECIMAL -> {
        BigInteger unscaled = ((BigDecimal) v).setScale(type.scale()).unscaledValue();
        if (type.precision() <= 9) {
          out.addInteger(unscaled.intValueExact());
        } else if (type.precision() <= 18) {
          out.addLong(unscaled.longValueExact());
        } else {
          out.addBinary(fixed(unscaled, Schemas.decimalBytes(type.precision())));
        }
      }
      case STRUCT -> {
        Row r = (Row) v;
        out.startGroup();
        for (int k = 0; k < r.schema().size(); k++) {
          if (r.isNull(k)) {
            continue;
          }
          Field f = r.schema().field(k);
          out.startField(f.name(), k);
          writeObject(f.type(), r.get(k));
          out.endField(f.name(), k);
        }
        out.endGroup();
      }
      case LIST -> {
        List<?> list = (List<?>) v;
        out.startGroup();
        if (!list.isEmpty()) {
          out.startField("list", 0);
          for (Object e : list) {
            out.startGroup();
            if (e != null) {
              out.startField("element", 0);
              writeObject(type.elementType(), e);
              out.endField("element", 0);
            }
            out.endGroup();
          }
          out.endField("list", 0);
        }
        out.endGroup();
      }
      case MAP -> {
        Map<?, ?> map = (Map<?, ?>) v;
        out.startGroup();
        if (!map.isEmpty()) {
          out.startField("key_value", 0);
          for (Map.Entry<?, ?> e : map.entrySet()) {
            out.startGroup();
            out.startField("key", 0);
            writeObject(type.keyType(), e.getKey());
            out.endField("key", 0);
            if (e.getValue() != null) {
              out.startField("value", 1);
              writeObject(type.elementType(), e.getValue());
              out.endField("value", 1);
            }
            out.endGroup();
          }
          out.endField("key_value", 0);
        }
        out.endGroup();
      }
    }
  }

  /** {@code unscaled} as a big-endian two's complement of exactly {@code n} bytes. */
  static Binary fixed(BigInteger unscaled, int n) {
    byte[] b = unscaled.toByteArray();
    if (b.length == n) {
      return Binary.fromConstantByteArray(b);
    }
    byte[] out = new byte[n];
    byte pad = (byte) (unscaled.signum() < 0 ? 0xff : 0);
    int fill = n - b.length;
    for (int k = 0; k < fill; k++) {
      out[k] = pad;
    }
    System.arraycopy(b, 0, out, fill, b.length);
    return Binary.fromConstantByteArray(out);
  }
}
