package io.sluice.record;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.util.List;
import java.util.Map;

/**
 * One record: a value (or null) for each field of its {@link #schema()}. Getters take the field's
 * position (fast: resolve names once with {@link Schema#indexOf}) or its name (convenient).
 *
 * <p>Each getter reads the types listed for it and refuses others with an {@link
 * IllegalArgumentException} naming the field and its type; the primitive getters refuse a null
 * value with an {@link IllegalStateException} (check {@link #isNull} first for nullable fields), the
 * object getters return null.
 *
 * <p>The row a {@link RecordReader} returns is reused for the next record; keep a {@link #copy()}.
 * Rows of this package ({@link MutableRow}, copies, {@link #of}) compare by value: same schema, equal
 * values (strings by their text, binaries by their bytes, floats as {@link Double#equals} does). Their
 * {@code equals} and {@code hashCode} allocate nothing for rows of scalar fields, so rows can key hash
 * maps on a hot path (a shuffle groups on them).
 */
public interface Row {
  /** The fields of this row. */
  Schema schema();

  /** Whether field {@code i} has no value. */
  boolean isNull(int i);

  /** A {@link FieldType#STRING} value, or null. */
  String getString(int i);

  /**
   * An {@link FieldType#INT32}, {@link FieldType#INT16} or {@link FieldType#INT8} value, or a {@link
   * FieldType#DATE} as days since 1970-01-01.
   */
  int getInt(int i);

  /**
   * An {@link FieldType#INT64} (or INT32, INT16, INT8) value, a {@link FieldType#TIMESTAMP} as
   * microseconds since the epoch (UTC), a {@link FieldType#LOCAL_TIMESTAMP} as microseconds since
   * 1970-01-01T00:00, or a {@link FieldType#TIME} as microseconds since midnight.
   */
  long getLong(int i);

  /** A {@link FieldType#FLOAT64} value, or a {@link FieldType#FLOAT32} one widened. */
  double getDouble(int i);

  /** A {@link FieldType#FLOAT32} value. */
  float getFloat(int i);

  /** A {@link FieldType#BOOLEAN} value. */
  boolean getBoolean(int i);

  /** A {@link FieldType#decimal decimal} value with exactly the field's scale, or null. */
  BigDecimal getDecimal(int i);

  /**
   * A decimal of precision at most 18 as its unscaled {@code long}, without a {@code BigDecimal}: 19.99
   * in a {@code decimal(9, 2)} field is 1999. This is how Parquet stores such decimals.
   */
  long getDecimalUnscaled(int i);

  /** A {@link FieldType#DATE} value, or null. */
  LocalDate getDate(int i);

  /** A {@link FieldType#TIMESTAMP} value, or null. */
  Instant getTimestamp(int i);

  /** A {@link FieldType#TIME} value, or null. */
  LocalTime getTime(int i);

  /** A {@link FieldType#LOCAL_TIMESTAMP} value, or null. */
  LocalDateTime getLocalTimestamp(int i);

  /** A {@link FieldType#BINARY} value as a new array (changing it does not change the row), or null. */
  byte[] getBinary(int i);

  /** A {@link FieldType#struct STRUCT} value, an immutable row of the struct's fields, or null. */
  Row getStruct(int i);

  /** A {@link FieldType#list LIST} value, immutable, its elements as {@link #get} returns values; or null. */
  List<?> getList(int i);

  /** A {@link FieldType#map MAP} value, immutable and in the order read or set; or null. */
  Map<?, ?> getMap(int i);

  /**
   * The value of any type as an object, or null: the classes listed in {@link FieldType} ({@code
   * String}, {@code Integer} for INT32, {@code Long} for INT64, {@code byte[]} for BINARY, {@code Row}
   * for STRUCT, ...). Boxes: prefer the typed getters in loops.
   */
  Object get(int i);

  /**
   * The number of bytes of a {@link FieldType#STRING} value in UTF-8, or of a {@link FieldType#BINARY}
   * value; -1 if null. With {@link #copyBytes}, how writers copy text without building a String.
   */
  default int byteLength(int i) {
    if (isNull(i)) {
      return -1;
    }
    return schema().field(i).type().kind() == FieldType.Kind.BINARY ? getBinary(i).length
        : getString(i).getBytes(StandardCharsets.UTF_8).length;
  }

  /**
   * Copies the UTF-8 bytes of a {@link FieldType#STRING} value, or the bytes of a {@link
   * FieldType#BINARY} one, into {@code dst} at {@code at}, which must have room for {@link
   * #byteLength}; returns the number of bytes copied. Rows of this package decode nothing and
   * allocate nothing here.
   *
   * @throws IllegalStateException if the value is null
   */
  default int copyBytes(int i, byte[] dst, int at) {
    if (isNull(i)) {
      throw new IllegalStateException("Field '" + schema().field(i).name() + "' is null; check isNull(" + i + ") first");
    }
    byte[] b = schema().field(i).type().kind() == FieldType.Kind.BINARY ? getBinary(i)
        : getString(i).getBytes(StandardCharsets.UTF_8);
    System.arraycopy(b, 0, dst, at, b.length);
    return b.length;
  }

  /** An immutable copy that stays valid after the reader moves on. */
  Row copy();

  /** Whether the field named {@code name} has no value. */
  default boolean isNull(String name) {
    return isNull(schema().indexOf(name));
  }

  /** {@link #getString(int)} by name. */
  default String getString(String name) {
    return getString(schema().indexOf(name));
  }

  /** {@link #getInt(int)} by name. */
  default int getInt(String name) {
    return getInt(schema().indexOf(name));
  }

  /** {@link #getLong(int)} by name. */
  default long getLong(String name) {
    return getLong(schema().indexOf(name));
  }

  /** {@link #getFloat(int)} by name. */
  default float getFloat(String name) {
    return getFloat(schema().indexOf(name));
  }

  /** {@link #getTime(int)} by name. */
  default LocalTime getTime(String name) {
    return getTime(schema().indexOf(name));
  }

  /** {@link #getLocalTimestamp(int)} by name. */
  default LocalDateTime getLocalTimestamp(String name) {
    return getLocalTimestamp(schema().indexOf(name));
  }

  /** {@link #getBinary(int)} by name. */
  default byte[] getBinary(String name) {
    return getBinary(schema().indexOf(name));
  }

  /** {@link #getStruct(int)} by name. */
  default Row getStruct(String name) {
    return getStruct(schema().indexOf(name));
  }

  /** {@link #getList(int)} by name. */
  default List<?> getList(String name) {
    return getList(schema().indexOf(name));
  }

  /** {@link #getMap(int)} by name. */
  default Map<?, ?> getMap(String name) {
    return getMap(schema().indexOf(name));
  }

  /** {@link #getDouble(int)} by name. */
  default double getDouble(String name) {
    return getDouble(schema().indexOf(name));
  }

  /** {@link #getBoolean(int)} by name. */
  default boolean getBoolean(String name) {
    return getBoolean(schema().indexOf(name));
  }

  /** {@link #getDecimal(int)} by name. */
  default BigDecimal getDecimal(String name) {
    return getDecimal(schema().indexOf(name));
  }

  /** {@link #getDate(int)} by name. */
  default LocalDate getDate(String name) {
    return getDate(schema().indexOf(name));
  }

  /** {@link #getTimestamp(int)} by name. */
  default Instant getTimestamp(String name) {
    return getTimestamp(schema().indexOf(name));
  }

  /** {@link #get(int)} by name. */
  default Object get(String name) {
    return get(schema().indexOf(name));
  }

  /** A row of {@code values} given as {@link #get} returns them (nulls allowed where the schema allows). */
  static Row of(Schema schema, Object... values) {
    if (values.length != schema.size()) {
      throw new IllegalArgumentException("Schema " + schema + " has " + schema.size() + " fields, got " + values.length + " values");
    }
    MutableRow row = new MutableRow(schema);
    for (int i = 0; i < values.length; i++) {
      row.set(i, values[i]);
    }
    return row.copy();
  }
}
