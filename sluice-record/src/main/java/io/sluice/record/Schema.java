package io.sluice.record;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The ordered, named, typed fields every record of a dataset has. Immutable; built once, validated
 * when built, shared by every reader, writer and row of that dataset. Fields are addressed by
 * position on the hot path ({@code row.getLong(3)}); {@link #indexOf} turns a name into a position
 * once, outside the loop.
 *
 * <pre>{@code
 * Schema orders = Schema.builder()
 *     .required("order_id", FieldType.STRING)
 *     .required("ordered_at", FieldType.TIMESTAMP)
 *     .required("unit_price", FieldType.decimal(9, 2))
 *     .optional("customer.city", FieldType.STRING)
 *     .build();
 * int price = orders.indexOf("unit_price");
 * }</pre>
 */
public final class Schema {
  private final List<Field> fields;
  private final Map<String, Integer> index;
  private final int hash;

  private Schema(List<Field> fields) {
    this.fields = List.copyOf(fields);
    if (this.fields.isEmpty()) {
      throw new InvalidSchemaException("A schema needs at least one field");
    }
    this.index = new HashMap<>(fields.size() * 2);
    for (int i = 0; i < fields.size(); i++) {
      Integer previous = index.putIfAbsent(fields.get(i).name(), i);
      if (previous != null) {
        throw new InvalidSchemaException("Duplicate field name '" + fields.get(i).name() + "' at positions " + previous
            + " and " + i + " of schema " + describe(fields));
      }
    }
    this.hash = this.fields.hashCode();
  }

  /** A schema of these fields, in this order. */
  public static Schema of(Field... fields) {
    return new Schema(List.of(fields));
  }

  /** A schema of these fields, in this order. */
  public static Schema of(List<Field> fields) {
    return new Schema(fields);
  }

  /**
   * The schema a SQL column list describes, as engines spell it (Spark, Hive, Athena, Trino):
   *
   * <pre>{@code
   * Schema orders = Schema.parse("order_id string not null, ordered_at timestamp, unit_price decimal(9,2), tags array<string>");
   * }</pre>
   *
   * <p>Each column is a name, a type and optionally {@code not null} (a required field) or {@code null};
   * without either the field is nullable, as in SQL. Names are bare ({@code customer.city}: letters,
   * digits, {@code _}, {@code $} and dots) or quoted in {@code `backquotes`} or {@code "double quotes"},
   * the quote doubled inside. Type names are case-insensitive:
   *
   * <table>
   *   <caption>Type names</caption>
   *   <tr><th>text</th><th>type</th></tr>
   *   <tr><td>{@code string}, {@code varchar}, {@code varchar(n)}, {@code char(n)}, {@code text}</td><td>{@link FieldType#STRING} (a length is accepted and not kept)</td></tr>
   *   <tr><td>{@code tinyint}, {@code byte}</td><td>{@link FieldType#INT8}</td></tr>
   *   <tr><td>{@code smallint}, {@code short}</td><td>{@link FieldType#INT16}</td></tr>
   *   <tr><td>{@code int}, {@code integer}</td><td>{@link FieldType#INT32}</td></tr>
   *   <tr><td>{@code bigint}, {@code long}</td><td>{@link FieldType#INT64}</td></tr>
   *   <tr><td>{@code float}, {@code real}</td><td>{@link FieldType#FLOAT32}</td></tr>
   *   <tr><td>{@code double}, {@code double precision}</td><td>{@link FieldType#FLOAT64}</td></tr>
   *   <tr><td>{@code boolean}, {@code bool}</td><td>{@link FieldType#BOOLEAN}</td></tr>
   *   <tr><td>{@code date}, {@code time}</td><td>{@link FieldType#DATE}, {@link FieldType#TIME}</td></tr>
   *   <tr><td>{@code timestamp}, {@code timestamp_ltz}, {@code timestamptz}</td><td>{@link FieldType#TIMESTAMP} (an instant, as Spark's {@code timestamp})</td></tr>
   *   <tr><td>{@code timestamp_ntz}</td><td>{@link FieldType#LOCAL_TIMESTAMP}</td></tr>
   *   <tr><td>{@code decimal(p,s)}, {@code numeric(p,s)}, {@code decimal(p)}, {@code decimal}</td><td>{@link FieldType#decimal decimal(p, s)}; scale 0 by default, {@code decimal} alone is {@code decimal(10,0)} as in Hive and Spark</td></tr>
   *   <tr><td>{@code binary}, {@code varbinary}, {@code bytes}</td><td>{@link FieldType#BINARY}</td></tr>
   *   <tr><td>{@code array<t>}</td><td>{@link FieldType#list list(t)}</td></tr>
   *   <tr><td>{@code map<k, v>}</td><td>{@link FieldType#map map(k, v)}</td></tr>
   *   <tr><td>{@code struct<a: t, b t not null>}</td><td>{@link FieldType#struct struct(...)} (the colon is optional)</td></tr>
   * </table>
   *
   * <p>{@link #toSql()} prints a schema that this method reads back equal.
   *
   * @throws InvalidSchemaException naming the character where the text goes wrong and why: an unknown
   *     type (listing the known ones), a duplicate column, a bad decimal precision or scale
   */
  public static Schema parse(String text) {
    return SchemaText.parseSchema(Objects.requireNonNull(text, "text"));
  }

  /**
   * This schema as a SQL column list that {@link #parse} reads back equal: {@code id bigint not null,
   * name string, price decimal(12,2), tags array<string>}. Types are printed by the first name of
   * their row in {@link #parse}'s table ({@code timestamp_ntz} for LOCAL_TIMESTAMP); names that are not
   * dotted words of letters, digits and underscores are {@code `backquoted`}.
   */
  public String toSql() {
    return SchemaText.print(this);
  }

  /** Starts an empty schema. */
  public static Builder builder() {
    return new Builder();
  }

  /** The fields in order. */
  public List<Field> fields() {
    return fields;
  }

  /** The number of fields. */
  public int size() {
    return fields.size();
  }

  /** The field at {@code position}. */
  public Field field(int position) {
    return fields.get(position);
  }

  /** The field named {@code name}. @throws IllegalArgumentException if there is none */
  public Field field(String name) {
    return fields.get(indexOf(name));
  }

  /** The position of the field named {@code name}. @throws IllegalArgumentException if there is none */
  public int indexOf(String name) {
    Integer i = index.get(name);
    if (i == null) {
      throw new IllegalArgumentException("No field '" + name + "' in schema " + this);
    }
    return i;
  }

  /** Whether a field is named {@code name}. */
  public boolean contains(String name) {
    return index.containsKey(name);
  }

  /**
   * The schema of just the fields named {@code names}, in that order: what a reader with a
   * {@linkplain ReadOptions.Builder#project projection} gives its rows.
   *
   * @throws IllegalArgumentException naming the field if a name is unknown or given twice
   */
  public Schema select(List<String> names) {
    List<Field> selected = new ArrayList<>(names.size());
    for (String name : names) {
      Integer i = index.get(name);
      if (i == null) {
        throw new IllegalArgumentException("Cannot project field '" + name + "': no such field in schema " + this);
      }
      selected.add(fields.get(i));
    }
    try {
      return new Schema(selected);
    } catch (InvalidSchemaException e) {
      throw new IllegalArgumentException("Cannot project " + names + " from " + this + ": " + e.getMessage(), e);
    }
  }

  /** The field names in order. */
  public List<String> names() {
    return fields.stream().map(Field::name).toList();
  }

  @Override
  public boolean equals(Object o) {
    return o == this || o instanceof Schema s && s.hash == hash && s.fields.equals(fields);
  }

  @Override
  public int hashCode() {
    return hash;
  }

  /** {@code (order_id STRING, price DECIMAL(9,2) NULL)}. */
  @Override
  public String toString() {
    return describe(fields);
  }

  private static String describe(List<Field> fields) {
    StringBuilder sb = new StringBuilder("(");
    for (int i = 0; i < fields.size(); i++) {
      sb.append(i == 0 ? "" : ", ").append(fields.get(i));
    }
    return sb.append(')').toString();
  }

  /** Collects fields in order; {@link #build()} checks that names are unique. Not thread-safe. */
  public static final class Builder {
    private final List<Field> fields = new ArrayList<>();

    private Builder() {}

    /** Adds a field. */
    public Builder field(Field field) {
      fields.add(Objects.requireNonNull(field, "field"));
      return this;
    }

    /** Adds a field. */
    public Builder field(String name, FieldType type, boolean nullable) {
      return field(new Field(name, type, nullable));
    }

    /** Adds a field every record must have. */
    public Builder required(String name, FieldType type) {
      return field(Field.required(name, type));
    }

    /** Adds a field records may leave null. */
    public Builder optional(String name, FieldType type) {
      return field(Field.optional(name, type));
    }

    /**
     * The schema.
     *
     * @throws InvalidSchemaException if two fields share a name (empty names are refused by {@link Field})
     */
    public Schema build() {
      return new Schema(fields);
    }
  }
}
