package io.sluice.parquet.internal;

import io.sluice.record.Field;
import io.sluice.record.FieldType;
import io.sluice.record.FieldType.Kind;
import io.sluice.record.InvalidSchemaException;
import io.sluice.record.MutableRow;
import io.sluice.record.Row;
import io.sluice.record.Schema;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.apache.parquet.io.api.Binary;
import org.apache.parquet.io.api.Converter;
import org.apache.parquet.io.api.GroupConverter;
import org.apache.parquet.io.api.PrimitiveConverter;
import org.apache.parquet.io.api.RecordMaterializer;
import org.apache.parquet.schema.GroupType;
import org.apache.parquet.schema.LogicalTypeAnnotation;
import org.apache.parquet.schema.LogicalTypeAnnotation.DecimalLogicalTypeAnnotation;
import org.apache.parquet.schema.LogicalTypeAnnotation.TimeLogicalTypeAnnotation;
import org.apache.parquet.schema.LogicalTypeAnnotation.TimeUnit;
import org.apache.parquet.schema.LogicalTypeAnnotation.TimestampLogicalTypeAnnotation;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.PrimitiveType;
import org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName;
import org.apache.parquet.schema.Type;
import org.apache.parquet.schema.Type.Repetition;

/**
 * Turns parquet-java's column values into one reused {@link MutableRow} of the reader's (projected)
 * schema. Each field gets a converter made for its Sluice type and the file's Parquet type, chosen
 * when the reader opens (a mismatch is an {@link InvalidSchemaException} naming the field then).
 * Converters never throw while a record is assembled (that would leave parquet-java's column readers
 * mid-record): a value that cannot convert is noted, and the reader reports the record as bad.
 */
public final class RowMaterializer extends RecordMaterializer<MutableRow> {
  private static final long JULIAN_EPOCH_DAY = 2_440_588L;
  private static final long NANOS_PER_DAY = 86_400_000_000_000L;

  private final MutableRow row;
  private final Root root;
  private final boolean replaceMalformed;
  private final int[] required;
  private String error;

  /**
   * @param projected the rows' schema (a projection of the caller's)
   * @param file the file's message type
   * @param fileName for messages
   * @param replaceMalformed decode malformed UTF-8 to U+FFFD instead of failing the record
   */
  public RowMaterializer(Schema projected, MessageType file, String fileName, boolean replaceMalformed) {
    this.row = new MutableRow(projected);
    this.replaceMalformed = replaceMalformed;
    this.root = new Root(projected, file, fileName);
    this.required = projected.fields().stream().filter(f -> !f.nullable()).mapToInt(f -> projected.indexOf(f.name())).toArray();
  }

  /** The message type to request from the file: its own types of the projected fields, in the file's order. */
  public static MessageType requestedSchema(Schema projected, MessageType file, String fileName) {
    List<Type> fields = new ArrayList<>();
    for (Type t : file.getFields()) {
      if (projected.contains(t.getName())) {
        fields.add(t);
      }
    }
    for (Field f : projected.fields()) {
      if (!file.containsField(f.name())) {
        throw new InvalidSchemaException("Field '" + f.name() + "' is not a column of '" + fileName + "' (its columns: "
            + file.getFields().stream().map(Type::getName).toList() + ")");
      }
    }
    return new MessageType(file.getName(), fields);
  }

  @Override
  public MutableRow getCurrentRecord() {
    if (error == null) {
      for (int i : required) {
        if (row.isNull(i)) {
          fail("field '" + row.schema().field(i).name() + "' is required but null");
          break;
        }
      }
    }
    return row;
  }

  @Override
  public GroupConverter getRootConverter() {
    return root;
  }

  /** Why the record just read cannot be a row, or null if it can. */
  public String error() {
    return error;
  }

  void fail(String message) {
    if (error == null) {
      error = message;
    }
  }

  private final class Root extends GroupConverter {
    private final Converter[] converters;

    Root(Schema projected, MessageType file, String fileName) {
      MessageType requested = requestedSchema(projected, file, fileName);
      converters = new Converter[requested.getFieldCount()];
      for (int k = 0; k < converters.length; k++) {
        Type t = requested.getType(k);
        int slot = projected.indexOf(t.getName());
        Field f = projected.field(slot);
        if (t.isRepetition(Repetition.REPEATED)) {
          throw new InvalidSchemaException("Field '" + f.name() + "' of '" + fileName + "' is a bare repeated field ("
              + t.toString().trim() + "); Sluice reads lists in LIST groups");
        }
        converters[k] = converter(f.type(), t, new RowTarget(slot, f.name()), f.name(), fileName);
      }
    }

    @Override
    public Converter getConverter(int fieldIndex) {
      return converters[fieldIndex];
    }

    @Override
    public void start() {
      row.clear();
      error = null;
    }

    @Override
    public void end() {}
  }

  // ---- where values go ----

  /** Where a converter puts the values it decodes: a field of the row, or a nested value being built. */
  private abstract class Target {
    final String path;

    Target(String path) {
      this.path = path;
    }

    abstract void putInt(int v);

    abstract void putLong(long v);

    abstract void putString(Binary v);

    abstract void putObject(Object v);

    void putDecimal(long unscaled, int fileScale, FieldType type) {
      if (fileScale == type.scale()) {
        putDecimalUnscaled(unscaled, type);
      } else {
        putObject(BigDecimal.valueOf(unscaled, fileScale));
      }
    }

    abstract void putDecimalUnscaled(long unscaled, FieldType type);

    void failed(RuntimeException e) {
      fail("field '" + path + "': " + e.getMessage());
    }
  }

  private final class RowTarget extends Target {
    private final int slot;

    RowTarget(int slot, String path) {
      super(path);
      this.slot = slot;
    }

    @Override
    void putInt(int v) {
      try {
        row.setInt(slot, v);
      } catch (RuntimeException e) {
        failed(e);
      }
    }

    @Override
    void putLong(long v) {
      try {
        row.setLong(slot, v);
      } catch (RuntimeException e) {
        failed(e);
      }
    }

    @Override
    void putString(Binary v) {
      try {
        if (replaceMalformed) {
          row.setString(slot, v.toStringUsingUTF8());
        } else {
          byte[] b = v.isBackingBytesReused() ? v.getBytes() : v.getBytesUnsafe();
          row.setStringUtf8(slot, b, 0, b.length);
        }
      } catch (RuntimeException e) {
        fail("field '" + path + "' is not valid UTF-8");
      }
    }

    @Override
    void putDecimalUnscaled(long unscaled, FieldType type) {
      try {
        if (type.isLongDecimal()) {
          row.setDecimalUnscaled(slot, unscaled);
        } else {
          row.setDecimal(slot, BigDecimal.valueOf(unscaled, type.scale()));
        }
      } catch (RuntimeException e) {
        failed(e);
      }
    }

    @Override
    void putObject(Object v) {
      try {
        row.set(slot, v);
      } catch (RuntimeException e) {
        failed(e);
      }
    }
  }

  /** Boxes values as {@link Row#get} returns them for {@code type}, for a nested value being built. */
  private final class ObjectTarget extends Target {
    private final FieldType type;
    private final Consumer<Object> sink;

    ObjectTarget(FieldType type, Consumer<Object> sink, String path) {
      super(path);
      this.type = type;
      this.sink = sink;
    }

    @Override
    void putInt(int v) {
      switch (type.kind()) {
        case INT8 -> {
          if (v != (byte) v) {
            fail("field '" + path + "': " + v + " is out of the INT8 range");
          } else {
            sink.accept((byte) v);
          }
        }
        case INT16 -> {
          if (v != (short) v) {
            fail("field '" + path + "': " + v + " is out of the INT16 range");
          } else {
            sink.accept((short) v);
          }
        }
        case DATE -> sink.accept(LocalDate.ofEpochDay(v));
        default -> sink.accept(v);
      }
    }

    @Override
    void putLong(long v) {
      switch (type.kind()) {
        case TIMESTAMP -> sink.accept(Instant.ofEpochSecond(Math.floorDiv(v, 1_000_000L), Math.floorMod(v, 1_000_000L) * 1_000L));
        case LOCAL_TIMESTAMP -> sink.accept(LocalDateTime.ofEpochSecond(Math.floorDiv(v, 1_000_000L),
            (int) Math.floorMod(v, 1_000_000L) * 1_000, ZoneOffset.UTC));
        case TIME -> {
          if (v < 0 || v >= 86_400_000_000L) {
            fail("field '" + path + "': " + v + " is not a TIME (microseconds of a day)");
          } else {
            sink.accept(LocalTime.ofNanoOfDay(v * 1_000L));
          }
        }
        default -> sink.accept(v);
      }
    }

    @Override
    void putString(Binary v) {
      if (replaceMalformed) {
        sink.accept(v.toStringUsingUTF8());
        return;
      }
      try {
        sink.accept(StandardCharsets.UTF_8.newDecoder().decode(v.toByteBuffer()).toString());
      } catch (java.nio.charset.CharacterCodingException e) {
        fail("field '" + path + "' is not valid UTF-8");
      }
    }

    @Override
    void putDecimalUnscaled(long unscaled, FieldType t) {
      putObject(BigDecimal.valueOf(unscaled, t.scale()));
    }

    @Override
    void putObject(Object v) {
      if (v instanceof BigDecimal d) {
        try {
          BigDecimal scaled = d.setScale(type.scale(), RoundingMode.UNNECESSARY);
          if (scaled.precision() > type.precision() && scaled.signum() != 0) {
            fail("field '" + path + "': " + d.toPlainString() + " has more than " + type.precision() + " digits");
            return;
          }
          sink.accept(scaled);
        } catch (ArithmeticException e) {
          fail("field '" + path + "': " + d.toPlainString() + " has more than " + type.scale() + " digits after the point");
        }
        return;
      }
      sink.accept(v);
    }
  }

  // ---- converters ----

  private Converter converter(FieldType type, Type file, Target target, String path, String fileName) {
    if (type.isNested()) {
      if (file.isPrimitive()) {
        throw mismatch(type, file, path, fileName);
      }
      GroupType g = file.asGroupType();
      LogicalTypeAnnotation a = g.getLogicalTypeAnnotation();
      return switch (type.kind()) {
        case STRUCT -> {
          if (a instanceof LogicalTypeAnnotation.ListLogicalTypeAnnotation || a instanceof LogicalTypeAnnotation.MapLogicalTypeAnnotation) {
            throw mismatch(type, file, path, fileName);
          }
          yield new StructConverter(type.fields(), g, target, path, fileName);
        }
        case LIST -> {
          if (!(a instanceof LogicalTypeAnnotation.ListLogicalTypeAnnotation)) {
            throw mismatch(type, file, path, fileName);
          }
          yield new ListConverter(type, g, target, path, fileName);
        }
        case MAP -> {
          if (!(a instanceof LogicalTypeAnnotation.MapLogicalTypeAnnotation || a instanceof LogicalTypeAnnotation.MapKeyValueTypeAnnotation)) {
            throw mismatch(type, file, path, fileName);
          }
          yield new MapConverter(type, g, target, path, fileName);
        }
        default -> throw new AssertionError(type);
      };
    }
    if (!file.isPrimitive()) {
      throw mismatch(type, file, path, fileName);
    }
    PrimitiveType p = file.asPrimitiveType();
    PrimitiveTypeName physical = p.getPrimitiveTypeName();
    LogicalTypeAnnotation a = p.getLogicalTypeAnnotation();
    switch (type.kind()) {
      case STRING -> {
        if (physical == PrimitiveTypeName.BINARY && (a == null || a instanceof LogicalTypeAnnotation.StringLogicalTypeAnnotation
            || a instanceof LogicalTypeAnnotation.EnumLogicalTypeAnnotation || a instanceof LogicalTypeAnnotation.JsonLogicalTypeAnnotation)) {
          return new PrimitiveConverter() {
            @Override
            public void addBinary(Binary value) {
              target.putString(value);
            }
          };
        }
      }
      case BINARY -> {
        if ((physical == PrimitiveTypeName.BINARY || physical == PrimitiveTypeName.FIXED_LEN_BYTE_ARRAY) && !(a instanceof DecimalLogicalTypeAnnotation)) {
          return new PrimitiveConverter() {
            @Override
            public void addBinary(Binary value) {
              target.putObject(value.getBytes());
            }
          };
        }
      }
      case INT8, INT16, INT32 -> {
        if (physical == PrimitiveTypeName.INT32 && (a == null || a instanceof LogicalTypeAnnotation.IntLogicalTypeAnnotation)) {
          return new PrimitiveConverter() {
            @Override
            public void addInt(int value) {
              target.putInt(value);
            }
          };
        }
      }
      case INT64 -> {
        if ((physical == PrimitiveTypeName.INT64 || physical == PrimitiveTypeName.INT32)
            && (a == null || a instanceof LogicalTypeAnnotation.IntLogicalTypeAnnotation)) {
          boolean unsigned64 = physical == PrimitiveTypeName.INT64 && a instanceof LogicalTypeAnnotation.IntLogicalTypeAnnotation i && !i.isSigned();
          boolean unsigned32 = physical == PrimitiveTypeName.INT32 && a instanceof LogicalTypeAnnotation.IntLogicalTypeAnnotation i && !i.isSigned();
          if (!unsigned64) {
            return new PrimitiveConverter() {
              @Override
              public void addInt(int value) {
                target.putLong(unsigned32 ? Integer.toUnsignedLong(value) : value);
              }

              @Override
              public void addLong(long value) {
                target.putLong(value);
              }
            };
          }
        }
      }
      case FLOAT32 -> {
        if (physical == PrimitiveTypeName.FLOAT) {
          return new PrimitiveConverter() {
            @Override
            public void addFloat(float value) {
              target.putObject(value);
            }
          };
        }
      }
      case FLOAT64 -> {
        if (physical == PrimitiveTypeName.DOUBLE || physical == PrimitiveTypeName.FLOAT) {
          return new PrimitiveConverter() {
            @Override
            public void addDouble(double value) {
              target.putObject(value);
            }

            @Override
            public void addFloat(float value) {
              target.putObject((double) value);
            }
          };
        }
      }
      case BOOLEAN -> {
        if (physical == PrimitiveTypeName.BOOLEAN) {
          return new PrimitiveConverter() {
            @Override
            public void addBoolean(boolean value) {
              target.putObject(value);
            }
          };
        }
      }
      case DATE -> {
        if (physical == PrimitiveTypeName.INT32 && a instanceof LogicalTypeAnnotation.DateLogicalTypeAnnotation) {
          return new PrimitiveConverter() {
            @Override
            public void addInt(int value) {
              target.putInt(value);
            }
          };
        }
      }
      case TIME -> {
        if (a instanceof TimeLogicalTypeAnnotation t) {
          long perMicro = t.getUnit() == TimeUnit.NANOS ? 1000 : 1;
          long microsPer = t.getUnit() == TimeUnit.MILLIS ? 1000 : 1;
          return new PrimitiveConverter() {
            @Override
            public void addInt(int value) {
              target.putLong(value * microsPer);
            }

            @Override
            public void addLong(long value) {
              target.putLong(Math.floorDiv(value, perMicro) * microsPer);
            }
          };
        }
      }
      case TIMESTAMP, LOCAL_TIMESTAMP -> {
        if (physical == PrimitiveTypeName.INT96) {
          return new PrimitiveConverter() {
            @Override
            public void addBinary(Binary value) {
              ByteBuffer b = value.toByteBuffer().order(ByteOrder.LITTLE_ENDIAN);
              long nanosOfDay = b.getLong(b.position());
              long julianDay = Integer.toUnsignedLong(b.getInt(b.position() + 8));
              long nanos = (julianDay - JULIAN_EPOCH_DAY) * NANOS_PER_DAY + nanosOfDay;
              target.putLong(Math.floorDiv(nanos, 1_000L));
            }
          };
        }
        if (physical == PrimitiveTypeName.INT64 && a instanceof TimestampLogicalTypeAnnotation t) {
          TimeUnit unit = t.getUnit();
          return new PrimitiveConverter() {
            @Override
            public void addLong(long value) {
              switch (unit) {
                case MILLIS -> {
                  try {
                    target.putLong(Math.multiplyExact(value, 1_000L));
                  } catch (ArithmeticException e) {
                    fail("field '" + target.path + "': " + value + " ms is out of the range of microseconds");
                  }
                }
                case MICROS -> target.putLong(value);
                case NANOS -> target.putLong(Math.floorDiv(value, 1_000L));
              }
            }
          };
        }
      }
      case DECIMAL -> {
        if (a instanceof DecimalLogicalTypeAnnotation d) {
          int fileScale = d.getScale();
          return new PrimitiveConverter() {
            @Override
            public void addInt(int value) {
              target.putDecimal(value, fileScale, type);
            }

            @Override
            public void addLong(long value) {
              target.putDecimal(value, fileScale, type);
            }

            @Override
            public void addBinary(Binary value) {
              byte[] b = value.getBytesUnsafe();
              if (b.length == 0) {
                target.putDecimal(0, fileScale, type);
              } else if (b.length <= 8) {
                long v = b[0];
                for (int k = 1; k < b.length; k++) {
                  v = (v << 8) | (b[k] & 0xff);
                }
                target.putDecimal(v, fileScale, type);
              } else {
                target.putObject(new BigDecimal(new BigInteger(b), fileScale));
              }
            }
          };
        }
      }
      default -> {
      }
    }
    throw mismatch(type, file, path, fileName);
  }

  private static InvalidSchemaException mismatch(FieldType type, Type file, String path, String fileName) {
    return new InvalidSchemaException("Field '" + path + "' is " + type + " in the schema, but its column in '" + fileName
        + "' is " + file.toString().trim() + ", which cannot be read as " + type);
  }

  /** A struct being built: its fields' values, made a {@link Row} at the group's end. */
  private final class StructConverter extends GroupConverter {
    private final Schema fields;
    private final Object[] values;
    private final Converter[] converters;
    private final Target target;

    StructConverter(Schema fields, GroupType file, Target target, String path, String fileName) {
      this.fields = fields;
      this.values = new Object[fields.size()];
      this.target = target;
      this.converters = new Converter[file.getFieldCount()];
      for (Field f : fields.fields()) {
        if (!file.containsField(f.name())) {
          throw new InvalidSchemaException("Field '" + path + "." + f.name() + "' is not in '" + fileName + "' (the group has "
              + file.getFields().stream().map(Type::getName).toList() + ")");
        }
      }
      for (int k = 0; k < converters.length; k++) {
        Type t = file.getType(k);
        if (!fields.contains(t.getName())) {
          converters[k] = Ignored.ignored(t);
          continue;
        }
        int slot = fields.indexOf(t.getName());
        FieldType ft = fields.field(slot).type();
        String p = path + "." + t.getName();
        converters[k] = converter(ft, t, new ObjectTarget(ft, v -> values[slot] = v, p), p, fileName);
      }
    }

    @Override
    public Converter getConverter(int fieldIndex) {
      return converters[fieldIndex];
    }

    @Override
    public void start() {
      java.util.Arrays.fill(values, null);
    }

    @Override
    public void end() {
      for (int k = 0; k < values.length; k++) {
        if (values[k] == null && !fields.field(k).nullable()) {
          fail("field '" + target.path + "." + fields.field(k).name() + "' is required but null");
          return;
        }
      }
      try {
        target.putObject(Row.of(fields, values.clone()));
      } catch (RuntimeException e) {
        target.failed(e);
      }
    }
  }

  /** A list being built, from a standard three-level LIST group or a two-level one. */
  private final class ListConverter extends GroupConverter {
    private final Target target;
    private final Converter repeated;
    private List<Object> items;

    ListConverter(FieldType type, GroupType file, Target target, String path, String fileName) {
      this.target = target;
      Type element = Schemas.listElement(file, path, fileName);
      FieldType et = type.elementType();
      String p = path + ".element";
      if (Schemas.isTwoLevel(file)) {
        this.repeated = converter(et, element, new ObjectTarget(et, v -> items.add(v), p), p, fileName);
      } else {
        this.repeated = new Element(converter(et, element, new ObjectTarget(et, v -> items.set(items.size() - 1, v), p), p, fileName));
      }
    }

    @Override
    public Converter getConverter(int fieldIndex) {
      return repeated;
    }

    @Override
    public void start() {
      items = new ArrayList<>();
    }

    @Override
    public void end() {
      target.putObject(Collections.unmodifiableList(items));
    }

    /** The repeated group of a three-level list: each one an element, null unless its field is present. */
    private final class Element extends GroupConverter {
      private final Converter element;

      Element(Converter element) {
        this.element = element;
      }

      @Override
      public Converter getConverter(int fieldIndex) {
        return element;
      }

      @Override
      public void start() {
        items.add(null);
      }

      @Override
      public void end() {}
    }
  }

  /** A map being built from its repeated key-value group. */
  private final class MapConverter extends GroupConverter {
    private final Target target;
    private final KeyValue keyValue;
    private Map<Object, Object> entries;

    MapConverter(FieldType type, GroupType file, Target target, String path, String fileName) {
      this.target = target;
      GroupType kv = Schemas.mapKeyValue(file, path, fileName);
      this.keyValue = new KeyValue(type, kv, path, fileName);
    }

    @Override
    public Converter getConverter(int fieldIndex) {
      return keyValue;
    }

    @Override
    public void start() {
      entries = new LinkedHashMap<>();
    }

    @Override
    public void end() {
      target.putObject(Collections.unmodifiableMap(entries));
    }

    private final class KeyValue extends GroupConverter {
      private final Converter key;
      private final Converter value;
      private Object k;
      private Object v;

      KeyValue(FieldType type, GroupType kv, String path, String fileName) {
        this.key = converter(type.keyType(), kv.getType(0), new ObjectTarget(type.keyType(), x -> k = x, path + ".key"), path + ".key", fileName);
        this.value = converter(type.elementType(), kv.getType(1), new ObjectTarget(type.elementType(), x -> v = x, path + ".value"),
            path + ".value", fileName);
      }

      @Override
      public Converter getConverter(int fieldIndex) {
        return fieldIndex == 0 ? key : value;
      }

      @Override
      public void start() {
        k = null;
        v = null;
      }

      @Override
      public void end() {
        if (k == null) {
          fail("field '" + target.path + "' has a null map key");
          return;
        }
        entries.put(k, v);
      }
    }
  }

  /** A field of a struct the schema does not ask for: its values are dropped. */
  private static final class Ignored extends GroupConverter {
    private final Converter[] children;
    private final PrimitiveConverter primitive;

    Ignored(Type t) {
      if (t.isPrimitive()) {
        primitive = new PrimitiveConverter() {
          @Override
          public void addBinary(Binary value) {}

          @Override
          public void addBoolean(boolean value) {}

          @Override
          public void addDouble(double value) {}

          @Override
          public void addFloat(float value) {}

          @Override
          public void addInt(int value) {}

          @Override
          public void addLong(long value) {}
        };
        children = null;
      } else {
        primitive = null;
        GroupType g = t.asGroupType();
        children = new Converter[g.getFieldCount()];
        for (int k = 0; k < children.length; k++) {
          children[k] = ignored(g.getType(k));
        }
      }
    }

    static Converter ignored(Type t) {
      Ignored i = new Ignored(t);
      return t.isPrimitive() ? i.primitive : i;
    }

    @Override
    public Converter getConverter(int fieldIndex) {
      return children[fieldIndex];
    }

    @Override
    public void start() {}

    @Override
    public void end() {}
  }
}
