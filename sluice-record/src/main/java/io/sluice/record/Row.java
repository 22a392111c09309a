package io.sluice.record;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;

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
 * Rows of this package compare by value: same schema, equal values.
 */
public interface Row {
  /** The fields of this row. */
  Schema schema();

  /** Whether field {@code i} has no value. */
  boolean isNull(int i);

  /** A {@link FieldType#STRING} value, or null. */
  String getString(int i);

  /** An {@link FieldType#INT32} value, or a {@link FieldType#DATE} as days since 1970-01-01. */
  int getInt(int i);

  /** An {@link FieldType#INT64} or {@link FieldType#INT32} value, or a {@link FieldType#TIMESTAMP} as microseconds since the epoch (UTC). */
  long getLong(int i);

  /** A {@link FieldType#FLOAT64} value. */
  double getDouble(int i);

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

  /**
   * The value of any type as an object, or null: {@code String}, {@code Integer} (INT32), {@code Long}
   * (INT64), {@code Double}, {@code Boolean}, {@code LocalDate}, {@code Instant}, {@code BigDecimal}.
   * Boxes: prefer the typed getters in loops.
   */
  Object get(int i);

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
