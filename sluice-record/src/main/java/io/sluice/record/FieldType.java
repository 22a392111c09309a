package io.sluice.record;

import java.util.Objects;

/**
 * The type of a {@link Field}'s values. A closed set, chosen so that every type maps onto one Parquet
 * type (a primitive with one logical type annotation, or a group of the standard shape), which is how
 * the Parquet writer of {@code sluice-parquet} stores it and how its reader reads it back:
 *
 * <table>
 *   <caption>Field types and their Parquet and Java representations</caption>
 *   <tr><th>type</th><th>Parquet type (logical type)</th><th>{@link Row} getter</th><th>{@link Row#get} class</th></tr>
 *   <tr><td>{@link #STRING}</td><td>{@code BINARY} ({@code STRING}, UTF-8)</td><td>{@code getString}</td><td>{@code String}</td></tr>
 *   <tr><td>{@link #BINARY}</td><td>{@code BINARY} (no annotation)</td><td>{@code getBinary}</td><td>{@code byte[]}</td></tr>
 *   <tr><td>{@link #INT8}</td><td>{@code INT32} ({@code INT(8, true)})</td><td>{@code getInt}</td><td>{@code Byte}</td></tr>
 *   <tr><td>{@link #INT16}</td><td>{@code INT32} ({@code INT(16, true)})</td><td>{@code getInt}</td><td>{@code Short}</td></tr>
 *   <tr><td>{@link #INT32}</td><td>{@code INT32} ({@code INT(32, true)})</td><td>{@code getInt}</td><td>{@code Integer}</td></tr>
 *   <tr><td>{@link #INT64}</td><td>{@code INT64} ({@code INT(64, true)})</td><td>{@code getLong}</td><td>{@code Long}</td></tr>
 *   <tr><td>{@link #FLOAT32}</td><td>{@code FLOAT}</td><td>{@code getFloat}</td><td>{@code Float}</td></tr>
 *   <tr><td>{@link #FLOAT64}</td><td>{@code DOUBLE}</td><td>{@code getDouble}</td><td>{@code Double}</td></tr>
 *   <tr><td>{@link #BOOLEAN}</td><td>{@code BOOLEAN}</td><td>{@code getBoolean}</td><td>{@code Boolean}</td></tr>
 *   <tr><td>{@link #DATE}</td><td>{@code INT32} ({@code DATE}: days since 1970-01-01)</td><td>{@code getInt}, {@code getDate}</td><td>{@code LocalDate}</td></tr>
 *   <tr><td>{@link #TIME}</td><td>{@code INT64} ({@code TIME(isAdjustedToUTC=false, MICROS)}: microseconds of the day)</td>
 *       <td>{@code getLong}, {@code getTime}</td><td>{@code LocalTime}</td></tr>
 *   <tr><td>{@link #TIMESTAMP}</td><td>{@code INT64} ({@code TIMESTAMP(isAdjustedToUTC=true, MICROS)})</td><td>{@code getLong}, {@code getTimestamp}</td><td>{@code Instant}</td></tr>
 *   <tr><td>{@link #LOCAL_TIMESTAMP}</td><td>{@code INT64} ({@code TIMESTAMP(isAdjustedToUTC=false, MICROS)})</td>
 *       <td>{@code getLong}, {@code getLocalTimestamp}</td><td>{@code LocalDateTime}</td></tr>
 *   <tr><td>{@link #decimal decimal(p, s)}</td><td>{@code INT32} if p &le; 9, {@code INT64} if p &le; 18,
 *       else {@code FIXED_LEN_BYTE_ARRAY} of the fewest bytes holding p digits ({@code DECIMAL(p, s)})</td>
 *       <td>{@code getDecimal}, {@code getDecimalUnscaled}</td><td>{@code BigDecimal}</td></tr>
 *   <tr><td>{@link #struct struct(schema)}</td><td>a group (no annotation) of the schema's fields</td>
 *       <td>{@code getStruct}</td><td>{@link Row} (immutable)</td></tr>
 *   <tr><td>{@link #list list(element)}</td><td>the three-level {@code LIST}: {@code group name (LIST) { repeated group
 *       list { optional <element> element; } }}</td><td>{@code getList}</td><td>{@code List} (immutable; null elements allowed)</td></tr>
 *   <tr><td>{@link #map map(key, value)}</td><td>{@code MAP}: {@code group name (MAP) { repeated group key_value {
 *       required <key> key; optional <value> value; } }}</td><td>{@code getMap}</td><td>{@code Map} (immutable, in
 *       insertion order; keys never null, values may be)</td></tr>
 * </table>
 *
 * <p>A {@link Field#nullable() nullable} field is an {@code OPTIONAL} Parquet column (or group), any
 * other a {@code REQUIRED} one. List elements and map values are always {@code OPTIONAL}, map keys
 * {@code REQUIRED}. Dotted names ({@code a.b}, from flattened JSON) stay flat columns; use {@link
 * #struct} for a nested group.
 *
 * <p>Not every format holds every type: a reader or writer refuses a type it cannot produce with an
 * {@link InvalidSchemaException} naming the field (CSV, for instance, refuses {@code STRUCT}, {@code
 * LIST} and {@code MAP}). See {@code docs/records.md} for each format's text forms.
 *
 * <p>Instances are immutable and compare by value: {@code FieldType.decimal(9, 2).equals(FieldType.decimal(9, 2))}.
 */
public final class FieldType {
  /** What kind of values a type holds; {@link #DECIMAL} types also carry a precision and a scale. */
  public enum Kind {
    STRING, INT32, INT64, FLOAT64, BOOLEAN, DATE, TIMESTAMP, DECIMAL,
    BINARY, INT8, INT16, FLOAT32, TIME, LOCAL_TIMESTAMP, STRUCT, LIST, MAP
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
  /** Bytes, uninterpreted. */
  public static final FieldType BINARY = new FieldType(Kind.BINARY, 0, 0);
  /** A signed 8-bit integer (-128 to 127). */
  public static final FieldType INT8 = new FieldType(Kind.INT8, 0, 0);
  /** A signed 16-bit integer (-32768 to 32767). */
  public static final FieldType INT16 = new FieldType(Kind.INT16, 0, 0);
  /** An IEEE 754 single-precision float. */
  public static final FieldType FLOAT32 = new FieldType(Kind.FLOAT32, 0, 0);
  /** A time of day without a time zone, held as microseconds since midnight (0 to 86,399,999,999). */
  public static final FieldType TIME = new FieldType(Kind.TIME, 0, 0);
  /**
   * A date and time without a time zone ("wall clock" time, as in {@code LocalDateTime}), held as
   * microseconds since 1970-01-01T00:00 of the same unspecified zone.
   */
  public static final FieldType LOCAL_TIMESTAMP = new FieldType(Kind.LOCAL_TIMESTAMP, 0, 0);

  private final Kind kind;
  private final int precision;
  private final int scale;
  private final Schema fields;
  private final FieldType element;
  private final FieldType key;

  private FieldType(Kind kind, int precision, int scale) {
    this(kind, precision, scale, null, null, null);
  }

  private FieldType(Kind kind, int precision, int scale, Schema fields, FieldType element, FieldType key) {
    this.kind = kind;
    this.precision = precision;
    this.scale = scale;
    this.fields = fields;
    this.element = element;
    this.key = key;
  }

  /**
   * A nested record of {@code fields}: a Parquet group, a JSON object. Its values are {@link Row}s of
   * that schema ({@link Row#getStruct}).
   */
  public static FieldType struct(Schema fields) {
    return new FieldType(Kind.STRUCT, 0, 0, Objects.requireNonNull(fields, "fields"), null, null);
  }

  /** A list of values of {@code element}, any of which may be null: a Parquet {@code LIST}, a JSON array. */
  public static FieldType list(FieldType element) {
    return new FieldType(Kind.LIST, 0, 0, null, Objects.requireNonNull(element, "element"), null);
  }

  /**
   * A map from keys of {@code key} (never null) to values of {@code value} (may be null): a Parquet
   * {@code MAP}, a JSON object (whose member names are the keys' text).
   *
   * @throws InvalidSchemaException if {@code key} is a STRUCT, LIST, MAP or BINARY (byte arrays have no
   *     value equality in Java maps)
   */
  public static FieldType map(FieldType key, FieldType value) {
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(value, "value");
    if (key.isNested() || key.kind() == Kind.BINARY) {
      throw new InvalidSchemaException("A map key must be a single value, not " + key + " (in MAP<" + key + ", " + value + ">)");
    }
    return new FieldType(Kind.MAP, 0, 0, null, value, key);
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

  /**
   * The type a SQL type name describes: {@code bigint}, {@code decimal(12,2)}, {@code array<string>};
   * the names are those of {@link Schema#parse}.
   *
   * @throws InvalidSchemaException naming an unknown type (and listing the known) or a bad decimal
   */
  public static FieldType parse(String text) {
    return SchemaText.parseType(Objects.requireNonNull(text, "text"));
  }

  /** This type as {@link #parse} reads it: {@code bigint}, {@code decimal(12,2)}, {@code map<string, int>}. */
  public String toSql() {
    return SchemaText.print(this);
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

  /** The fields of a {@link #struct}. @throws IllegalStateException for other kinds */
  public Schema fields() {
    if (kind != Kind.STRUCT) {
      throw new IllegalStateException(this + " is not a STRUCT; it has no fields");
    }
    return fields;
  }

  /** The type of a {@link #list}'s elements, or of a {@link #map}'s values. @throws IllegalStateException for other kinds */
  public FieldType elementType() {
    if (kind != Kind.LIST && kind != Kind.MAP) {
      throw new IllegalStateException(this + " is not a LIST or a MAP; it has no elements");
    }
    return element;
  }

  /** The type of a {@link #map}'s keys. @throws IllegalStateException for other kinds */
  public FieldType keyType() {
    if (kind != Kind.MAP) {
      throw new IllegalStateException(this + " is not a MAP; it has no keys");
    }
    return key;
  }

  /** True for STRUCT, LIST and MAP, whose values hold other values. */
  public boolean isNested() {
    return kind == Kind.STRUCT || kind == Kind.LIST || kind == Kind.MAP;
  }

  /** True for a decimal whose values fit an unscaled {@code long} (precision at most 18). */
  public boolean isLongDecimal() {
    return kind == Kind.DECIMAL && precision <= MAX_LONG_DECIMAL_PRECISION;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof FieldType t && t.kind == kind && t.precision == precision && t.scale == scale
        && Objects.equals(t.fields, fields) && Objects.equals(t.element, element) && Objects.equals(t.key, key);
  }

  @Override
  public int hashCode() {
    return Objects.hash(kind, precision, scale, fields, element, key);
  }

  /** {@code STRING}, {@code INT32}, ..., {@code DECIMAL(9,2)}, {@code STRUCT<a INT32, b STRING NULL>}, {@code LIST<INT32>}, {@code MAP<STRING, INT64>}. */
  @Override
  public String toString() {
    return switch (kind) {
      case DECIMAL -> "DECIMAL(" + precision + "," + scale + ")";
      case STRUCT -> "STRUCT<" + fields.toString().substring(1, fields.toString().length() - 1) + ">";
      case LIST -> "LIST<" + element + ">";
      case MAP -> "MAP<" + key + ", " + element + ">";
      default -> kind.name();
    };
  }
}
