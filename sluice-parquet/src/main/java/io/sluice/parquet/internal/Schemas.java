package io.sluice.parquet.internal;

import io.sluice.record.Field;
import io.sluice.record.FieldType;
import io.sluice.record.InvalidSchemaException;
import io.sluice.record.Schema;
import java.util.ArrayList;
import java.util.List;
import org.apache.parquet.schema.GroupType;
import org.apache.parquet.schema.LogicalTypeAnnotation;
import org.apache.parquet.schema.LogicalTypeAnnotation.DecimalLogicalTypeAnnotation;
import org.apache.parquet.schema.LogicalTypeAnnotation.IntLogicalTypeAnnotation;
import org.apache.parquet.schema.LogicalTypeAnnotation.TimeLogicalTypeAnnotation;
import org.apache.parquet.schema.LogicalTypeAnnotation.TimeUnit;
import org.apache.parquet.schema.LogicalTypeAnnotation.TimestampLogicalTypeAnnotation;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.PrimitiveType;
import org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName;
import org.apache.parquet.schema.Type;
import org.apache.parquet.schema.Type.Repetition;
import org.apache.parquet.schema.Types;

/**
 * Sluice schemas to Parquet message types (as {@link FieldType}'s table says) and back, with the
 * rules for reading lists and maps as other writers shape them.
 */
public final class Schemas {
  private Schemas() {}

  /** The message type a writer of {@code schema} writes. */
  public static MessageType toParquet(Schema schema) {
    List<Type> fields = new ArrayList<>(schema.size());
    for (Field f : schema.fields()) {
      fields.add(toParquet(f.name(), f.type(), f.nullable() ? Repetition.OPTIONAL : Repetition.REQUIRED));
    }
    return new MessageType("sluice", fields);
  }

  static Type toParquet(String name, FieldType type, Repetition rep) {
    return switch (type.kind()) {
      case STRING -> Types.primitive(PrimitiveTypeName.BINARY, rep).as(LogicalTypeAnnotation.stringType()).named(name);
      case BINARY -> Types.primitive(PrimitiveTypeName.BINARY, rep).named(name);
      case INT8 -> Types.primitive(PrimitiveTypeName.INT32, rep).as(LogicalTypeAnnotation.intType(8, true)).named(name);
      case INT16 -> Types.primitive(PrimitiveTypeName.INT32, rep).as(LogicalTypeAnnotation.intType(16, true)).named(name);
      case INT32 -> Types.primitive(PrimitiveTypeName.INT32, rep).named(name);
      case INT64 -> Types.primitive(PrimitiveTypeName.INT64, rep).named(name);
      case FLOAT32 -> Types.primitive(PrimitiveTypeName.FLOAT, rep).named(name);
      case FLOAT64 -> Types.primitive(PrimitiveTypeName.DOUBLE, rep).named(name);
      case BOOLEAN -> Types.primitive(PrimitiveTypeName.BOOLEAN, rep).named(name);
      case DATE -> Types.primitive(PrimitiveTypeName.INT32, rep).as(LogicalTypeAnnotation.dateType()).named(name);
      case TIME -> Types.primitive(PrimitiveTypeName.INT64, rep).as(LogicalTypeAnnotation.timeType(false, TimeUnit.MICROS)).named(name);
      case TIMESTAMP -> Types.primitive(PrimitiveTypeName.INT64, rep).as(LogicalTypeAnnotation.timestampType(true, TimeUnit.MICROS)).named(name);
      case LOCAL_TIMESTAMP -> Types.primitive(PrimitiveTypeName.INT64, rep)
          .as(LogicalTypeAnnotation.timestampType(false, TimeUnit.MICROS)).named(name);
      case DECIMAL -> {
        LogicalTypeAnnotation dec = LogicalTypeAnnotation.decimalType(type.scale(), type.precision());
        if (type.precision() <= 9) {
          yield Types.primitive(PrimitiveTypeName.INT32, rep).as(dec).named(name);
        } else if (type.precision() <= 18) {
          yield Types.primitive(PrimitiveTypeName.INT64, rep).as(dec).named(name);
        }
        yield Types.primitive(PrimitiveTypeName.FIXED_LEN_BYTE_ARRAY, rep).length(decimalBytes(type.precision())).as(dec).named(name);
      }
      case STRUCT -> {
        List<Type> fields = new ArrayList<>();
        for (Field f : type.fields().fields()) {
          fields.add(toParquet(f.name(), f.type(), f.nullable() ? Repetition.OPTIONAL : Repetition.REQUIRED));
        }
        yield new GroupType(rep, name, fields);
      }
      case LIST -> Types.buildGroup(rep).as(LogicalTypeAnnotation.listType())
          .addField(new GroupType(Repetition.REPEATED, "list", toParquet("element", type.elementType(), Repetition.OPTIONAL)))
          .named(name);
      case MAP -> Types.buildGroup(rep).as(LogicalTypeAnnotation.mapType())
          .addField(new GroupType(Repetition.REPEATED, "key_value", toParquet("key", type.keyType(), Repetition.REQUIRED),
              toParquet("value", type.elementType(), Repetition.OPTIONAL)))
          .named(name);
    };
  }

  /** The fewest bytes whose two's complement holds every unscaled value of {@code precision} digits (as Spark sizes them). */
  public static int decimalBytes(int precision) {
    int n = 1;
    while (Math.pow(2, 8 * n - 1) < Math.pow(10, precision)) {
      n++;
    }
    return n;
  }

  /** The Sluice schema of a file's message type. @throws InvalidSchemaException naming a field of a type Sluice has not */
  public static Schema fromParquet(MessageType message, String file) {
    List<Field> fields = new ArrayList<>();
    for (Type t : message.getFields()) {
      fields.add(field(t, t.getName(), file));
    }
    return Schema.of(fields);
  }

  private static Field field(Type t, String path, String file) {
    if (t.isRepetition(Repetition.REPEATED)) {
      // A repeated field outside a LIST group: a list of required elements (the spec's backward-compatibility rule).
      return Field.required(t.getName(), FieldType.list(typeOf(t, path, file)));
    }
    return new Field(t.getName(), typeOf(t, path, file), t.isRepetition(Repetition.OPTIONAL));
  }

  /** The Sluice type of a (non-repeated view of a) Parquet type. */
  static FieldType typeOf(Type t, String path, String file) {
    LogicalTypeAnnotation a = t.getLogicalTypeAnnotation();
    if (!t.isPrimitive()) {
      GroupType g = t.asGroupType();
      if (a instanceof LogicalTypeAnnotation.ListLogicalTypeAnnotation) {
        return FieldType.list(typeOf(listElement(g, path, file), path + ".element", file));
      }
      if (a instanceof LogicalTypeAnnotation.MapLogicalTypeAnnotation || a instanceof LogicalTypeAnnotation.MapKeyValueTypeAnnotation) {
        GroupType kv = mapKeyValue(g, path, file);
        return FieldType.map(typeOf(kv.getType(0), path + ".key", file), typeOf(kv.getType(1), path + ".value", file));
      }
      List<Field> fields = new ArrayList<>();
      for (Type c : g.getFields()) {
        fields.add(field(c, path + "." + c.getName(), file));
      }
      return FieldType.struct(Schema.of(fields));
    }
    PrimitiveType p = t.asPrimitiveType();
    if (a instanceof DecimalLogicalTypeAnnotation d) {
      return FieldType.decimal(d.getPrecision(), d.getScale());
    }
    return switch (p.getPrimitiveTypeName()) {
      case BOOLEAN -> FieldType.BOOLEAN;
      case FLOAT -> FieldType.FLOAT32;
      case DOUBLE -> FieldType.FLOAT64;
      case INT96 -> FieldType.TIMESTAMP;
      case BINARY, FIXED_LEN_BYTE_ARRAY -> a instanceof LogicalTypeAnnotation.StringLogicalTypeAnnotation
          || a instanceof LogicalTypeAnnotation.EnumLogicalTypeAnnotation || a instanceof LogicalTypeAnnotation.JsonLogicalTypeAnnotation
          ? FieldType.STRING : FieldType.BINARY;
      case INT32 -> {
        if (a == null) {
          yield FieldType.INT32;
        } else if (a instanceof LogicalTypeAnnotation.DateLogicalTypeAnnotation) {
          yield FieldType.DATE;
        } else if (a instanceof TimeLogicalTypeAnnotation) {
          yield FieldType.TIME;
        } else if (a instanceof IntLogicalTypeAnnotation i) {
          if (i.isSigned()) {
            yield i.getBitWidth() == 8 ? FieldType.INT8 : i.getBitWidth() == 16 ? FieldType.INT16 : FieldType.INT32;
          }
          yield i.getBitWidth() == 8 ? FieldType.INT16 : i.getBitWidth() == 16 ? FieldType.INT32 : FieldType.INT64;
        }
        throw unsupported(t, path, file);
      }
      case INT64 -> {
        if (a == null) {
          yield FieldType.INT64;
        } else if (a instanceof TimeLogicalTypeAnnotation) {
          yield FieldType.TIME;
        } else if (a instanceof TimestampLogicalTypeAnnotation ts) {
          yield ts.isAdjustedToUTC() ? FieldType.TIMESTAMP : FieldType.LOCAL_TIMESTAMP;
        } else if (a instanceof IntLogicalTypeAnnotation i && i.isSigned()) {
          yield FieldType.INT64;
        }
        throw unsupported(t, path, file);
      }
    };
  }

  static InvalidSchemaException unsupported(Type t, String path, String file) {
    return new InvalidSchemaException("Field '" + path + "' of '" + file + "' has Parquet type " + t.toString().trim()
        + ", which no Sluice field type holds");
  }

  /**
   * The element of a LIST group, by the backward-compatibility rules of the Parquet spec: the
   * repeated field itself when it is a primitive, a group of several fields, or a group named
   * {@code array} or {@code <list>_tuple} (two-level lists of older writers); otherwise the repeated
   * group's only field (the standard three-level list).
   */
  public static Type listElement(GroupType list, String path, String file) {
    if (list.getFieldCount() != 1 || !list.getType(0).isRepetition(Repetition.REPEATED)) {
      throw new InvalidSchemaException("Field '" + path + "' of '" + file + "' is a LIST whose group does not hold one repeated field: "
          + list.toString().trim());
    }
    Type repeated = list.getType(0);
    return isTwoLevel(list) ? repeated : repeated.asGroupType().getType(0);
  }

  /** Whether a LIST group is a two-level list: its repeated field is the element itself. */
  public static boolean isTwoLevel(GroupType list) {
    Type repeated = list.getType(0);
    if (repeated.isPrimitive()) {
      return true;
    }
    GroupType g = repeated.asGroupType();
    return g.getFieldCount() > 1 || g.getName().equals("array") || g.getName().equals(list.getName() + "_tuple");
  }

  /** The repeated key-value group of a MAP group. */
  public static GroupType mapKeyValue(GroupType map, String path, String file) {
    if (map.getFieldCount() != 1 || map.getType(0).isPrimitive() || !map.getType(0).isRepetition(Repetition.REPEATED)
        || map.getType(0).asGroupType().getFieldCount() != 2) {
      throw new InvalidSchemaException("Field '" + path + "' of '" + file + "' is a MAP whose group does not hold one repeated"
          + " key-value group: " + map.toString().trim());
    }
    return map.getType(0).asGroupType();
  }
}
