package io.sluice.record;

import java.util.Objects;

/**
 * The type of a {@link Field}'s values. A closed set, chosen so that every type maps onto one Parquet
 * primitive type with one logical type annotation, which is how the Parquet writer will store it:
 *
 * <table>
 *   <caption>Field types and their Parquet and Java representations</caption>
 *   <tr><th>type</th><th>Parquet primitive (logical type)</th><th>{@link Row} getter</th></tr>
 *   <tr><td>{@link #STRING}</td><td>{@code BINARY} ({@code STRING}, UTF-8)</td><td>{@code getString}</td></tr>
 *   <tr><td>{@link #INT32}</td><td>{@code INT32} ({@code INT(32, true)})</td><td>{@code getInt}</td></tr>
 *   <tr><td>{@link #INT64}</td><td>{@code INT64} ({@code INT(64, true)})</td><td>{@code getLong}</td></tr>
 *   <tr><td>{@link #FLOAT64}</td><td>{@code DOUBLE}</td><td>{@code getDouble}</td></tr>
 *   <tr><td>{@link #BOOLEAN}</td><td>{@code BOOLEAN}</td><td>{@code getBoolean}</td></tr>
 *   <tr><td>{@link #DATE}</td><td>{@code INT32} ({@code DATE}: days since 1970-01-01)</td><td>{@code getInt}, {@code getDate}</td></tr>
 *   <tr><td>{@link #TIMESTAMP}</td><td>{@code INT64} ({@code TIMESTAMP(isAdjustedToUTC=true, MICROS)})</td><td>{@code getLong}, {@code getTimestamp}</td></tr>
 *   <tr><td>{@link #decimal decimal(p, s)}</td><td>{@code INT32} if p &le; 9, {@code INT64} if p &le; 18,
 *       else {@code FIXED_LEN_BYTE_ARRAY} of the fewest bytes holding p digits ({@code DECIMAL(p, s)})</td>
 *       <td>{@code getDecimal}</td></tr>
 * </table>
 *
 * <p>A {@link Field#nullable() nullable} field is an {@code OPTIONAL} Parquet column, any other a
 * {@code REQUIRED} one. Nested names ({@code a.b}, from flattened JSON) stay flat columns.
 *
 * <p>Instances are immutable and compare by value: {@code FieldType.decimal(9, 2).equals(FieldType.decimal(9, 2))}.
 */
public final class FieldType {
  /** What kind of values a type holds; {@link #DECIMAL} types also carry a precision and a scale. */
  public enum Kind {
    STRING, INT32, INT64, FLOAT64, BOOLEAN, DATE, TIMESTAMP, DECIMAL
  }

  /** The largest precision of a decimal: 38 digits, the most Parquet readers (Athena, Spark, Trino) accept. */
  public static final int MAX_DECIMAL_PRECISION = 38;
  /** Decimals up to this precision are held as an unscaled {@code long}, without a {@code BigDecimal}. */
  public static final int MAX_LONG_DECIMAL_PRECISION = 18;

  /** UTF-8 text. */
  public static final FieldType STRING = new FieldType(Kind.STRING, 0, 0);
  /** A signed 32-bit integer. */
  public static final FieldType INT32 = new FieldType(Kind.INT32, 0, 0);
  /** A signed 64-bit integer. */
  public static final FieldType INT64 = new FieldType(Kind.INT64, 0, 0);
  /** An IEEE 754 double. */
  public static final FieldType FLOAT64 = new FieldType(Kind.FLOAT64, 0, 0);
  /** {@code true} or {@code false}. */
  public static final FieldType BOOLEAN = new FieldType(Kind.BOOLEAN, 0, 0);
  /** A calendar date without a time zone, held as days since 1970-01-01. */
  public static final FieldType DATE = new FieldType(Kind.DATE, 0, 0);
  /** An instant, held as microseconds since 1970-01-01T00:00:00Z. */
  public static final FieldType TIMESTAMP = new FieldType(Kind.TIMESTAMP, 0, 0);

  private final Kind kind;
  private final int precision;
  private final int scale;

  private FieldType(Kind kind, int precision, int scale) {
    this.kind = kind;
    this.precision = precision;
    this.scale = scale;
  }

  /**
   * An exact decimal of {@code precision} digits in all, {@code scale} of them after the point:
   * {@code decimal(9, 2)} holds -9999999.99 to 9999999.99.
   *
   * @throws InvalidSchemaException unless {@code 1 <= precision <= 38} and {@code 0 <= scale <= precision}
   */
  public static FieldType decimal(int precision, int scale) {
    if (precision < 1 || precision > MAX_DECIMAL_PRECISION) {
      throw new InvalidSchemaException("decimal precision must be between 1 and " + MAX_DECIMAL_PRECISION + ", got " + precision);
    }
    if (scale < 0 || scale > precision) {
      throw new InvalidSchemaException("decimal scale must be between 0 and the precision (" + precision + "), got " + scale);
    }
    return new FieldType(Kind.DECIMAL, precision, scale);
  }

  /** What kind of values this type holds. */
  public Kind kind() {
    return kind;
  }

  /** Total digits of a decimal; 0 for other kinds. */
  public int precision() {
    return precision;
  }

  /** Digits after the point of a decimal; 0 for other kinds. */
  public int scale() {
    return scale;
  }

  /** True for a decimal whose values fit an unscaled {@code long} (precision at most 18). */
  public boolean isLongDecimal() {
    return kind == Kind.DECIMAL && precision <= MAX_LONG_DECIMAL_PRECISION;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof FieldType t && t.kind == kind && t.precision == precision && t.scale == scale;
  }

  @Override
  public int hashCode() {
    return Objects.hash(kind, precision, scale);
  }

  /** {@code STRING}, {@code INT32}, ..., {@code DECIMAL(9,2)}. */
  @Override
  public String toString() {
    return kind == Kind.DECIMAL ? "DECIMAL(" + precision + "," + scale + ")" : kind.name();
  }
}
