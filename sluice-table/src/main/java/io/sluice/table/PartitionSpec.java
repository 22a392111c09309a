package io.sluice.table;

import io.sluice.record.Field;
import io.sluice.record.FieldType;
import io.sluice.record.FieldType.Kind;
import io.sluice.record.Row;
import io.sluice.record.Schema;
import io.sluice.table.internal.HivePaths;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How the rows of a table are spread over Hive-style partition directories: an ordered list of
 * partition columns, each the value of a column ({@code tenant_id}) or a value derived from a date or
 * timestamp column ({@code year(ts)}, {@code month(ts)}, {@code day(ts)}, {@code hour(ts)}).
 *
 * <pre>{@code
 * PartitionSpec spec = PartitionSpec.parse("tenant_id, year(ts), month(ts)", schema);
 * spec.path(row);          // "tenant_id=acme/year=2024/month=03/"
 * }</pre>
 *
 * <p><b>Which columns are in the files</b> (the Hive/Athena convention, which DuckDB's {@code
 * hive_partitioning} and Spark follow): an <em>identity</em> partition column ({@code tenant_id}) is
 * dropped from the data files, since its value is in the path and engines add it back from there; a
 * <em>derived</em> partition column ({@code year}, {@code month}, ...) is an extra column that exists
 * only in the path, while its source column ({@code ts}) stays in the files. {@link #fileSchema()} is the
 * schema of the rows in the files; the table's columns are {@link #fileSchema()} followed by {@link
 * #partitionSchema()}.
 *
 * <p>Values in paths: years as four digits, months, days and hours as two ({@code month=03}), from
 * the UTC time of a {@code TIMESTAMP} and the wall-clock time of a {@code LOCAL_TIMESTAMP}; identity
 * values as their text ({@code true}, {@code 2024-03-07}, {@code 42}), escaped as Hive escapes path
 * names ({@code %XX} for {@code / = : % ?} and the others Hive lists); a null value is {@value
 * HivePaths#NULL_PARTITION}.
 *
 * <p>Immutable and thread-safe.
 */
public final class PartitionSpec {
  /** How a partition column's value is derived from its source column. */
  public enum Transform {
    /** The column's own value. */
    IDENTITY,
    /** The year of a date or timestamp, four digits. */
    YEAR,
    /** The month of a date or timestamp, {@code 01} to {@code 12}. */
    MONTH,
    /** The day of the month of a date or timestamp, {@code 01} to {@code 31}. */
    DAY,
    /** The hour of a timestamp, {@code 00} to {@code 23}. */
    HOUR
  }

  /**
   * One partition column.
   *
   * @param name the partition column's name (the path segment's key): the source column's for an
   *     identity column, else the transform's name ({@code year}) unless given with {@code AS}
   * @param source the column of the row schema its value comes from
   * @param transform how the value is derived
   */
  public record PartitionField(String name, String source, Transform transform) {
    public PartitionField {
      Objects.requireNonNull(name, "name");
      Objects.requireNonNull(source, "source");
      Objects.requireNonNull(transform, "transform");
    }

    /** {@code tenant_id}, {@code year(ts)} or {@code year(ts) AS ship_year}. */
    @Override
    public String toString() {
      if (transform == Transform.IDENTITY) {
        return source;
      }
      String t = transform.name().toLowerCase(Locale.ROOT) + "(" + source + ")";
      return name.equals(transform.name().toLowerCase(Locale.ROOT)) ? t : t + " AS " + name;
    }
  }

  private static final Set<Kind> IDENTITY_KINDS = EnumSet.of(Kind.STRING, Kind.INT8, Kind.INT16, Kind.INT32, Kind.INT64,
      Kind.BOOLEAN, Kind.DATE);
  private static final Set<Kind> DATE_KINDS = EnumSet.of(Kind.DATE, Kind.TIMESTAMP, Kind.LOCAL_TIMESTAMP);
  private static final Set<Kind> HOUR_KINDS = EnumSet.of(Kind.TIMESTAMP, Kind.LOCAL_TIMESTAMP);
  private static final String[] TWO_DIGITS = new String[32];

  static {
    for (int i = 0; i < TWO_DIGITS.length; i++) {
      TWO_DIGITS[i] = (i < 10 ? "0" : "") + i;
    }
  }

  private static final Pattern NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
  private static final Pattern TERM = Pattern.compile(
      "\\s*(?:([A-Za-z_][A-Za-z0-9_]*)\\s*\\(\\s*([^()\\s]+)\\s*\\)|([^()\\s,]+))\\s*(?:(?i:AS)\\s+([^\\s,()]+)\\s*)?");

  private final Schema schema;
  private final List<PartitionField> fields;
  private final int[] sources;
  private final Schema fileSchema;
  private final int[] fileColumns;
  private final Schema partitionSchema;

  private PartitionSpec(Schema schema, List<PartitionField> fields) {
    this.schema = Objects.requireNonNull(schema, "schema");
    this.fields = List.copyOf(fields);
    this.sources = new int[this.fields.size()];
    Set<String> names = new HashSet<>();
    Set<String> dropped = new HashSet<>();
    List<Field> partitionFields = new ArrayList<>();
    for (int i = 0; i < this.fields.size(); i++) {
      PartitionField f = this.fields.get(i);
      if (!schema.contains(f.source())) {
        throw new IllegalArgumentException("Partition column '" + f + "': no column '" + f.source() + "' in the schema "
            + schema);
      }
      sources[i] = schema.indexOf(f.source());
      Field source = schema.field(sources[i]);
      Kind kind = source.type().kind();
      switch (f.transform()) {
        case IDENTITY -> {
          if (!IDENTITY_KINDS.contains(kind)) {
            throw new IllegalArgumentException("Partition column '" + f + "': cannot partition by the values of column '"
                + f.source() + "' of type " + source.type() + "; identity partitions take " + IDENTITY_KINDS
                + (DATE_KINDS.contains(kind) ? " (use year(" + f.source() + "), month(...), day(...) or hour(...))" : ""));
          }
          dropped.add(f.source());
          partitionFields.add(new Field(f.name(), source.type(), true));
        }
        case YEAR, MONTH, DAY -> {
          if (!DATE_KINDS.contains(kind)) {
            throw new IllegalArgumentException("Partition column '" + f + "': " + f.transform().name().toLowerCase(Locale.ROOT)
                + "() needs a DATE, TIMESTAMP or LOCAL_TIMESTAMP column; '" + f.source() + "' is " + source.type());
          }
          partitionFields.add(new Field(f.name(), FieldType.INT32, true));
        }
        case HOUR -> {
          if (!HOUR_KINDS.contains(kind)) {
            throw new IllegalArgumentException("Partition column '" + f + "': hour() needs a TIMESTAMP or LOCAL_TIMESTAMP column; '"
                + f.source() + "' is " + source.type());
          }
          partitionFields.add(new Field(f.name(), FieldType.INT32, true));
        }
      }
      if (!NAME.matcher(f.name()).matches()) {
        throw new IllegalArgumentException("Partition column name '" + f.name() + "' (of '" + f
            + "') must be letters, digits and underscores, starting with a letter or underscore");
      }
      if (!names.add(f.name().toLowerCase(Locale.ROOT))) {
        throw new IllegalArgumentException("Two partition columns are named '" + f.name() + "' in " + this.fields
            + ": name one with AS, e.g. 'year(" + f.source() + ") AS " + f.source() + "_year'");
      }
      if (f.transform() != Transform.IDENTITY && schema.contains(f.name())) {
        throw new IllegalArgumentException("Partition column '" + f + "' is named '" + f.name()
            + "' like a column of the schema; name it with AS, e.g. '" + f + " AS " + f.source() + "_" + f.name() + "'");
      }
    }
    List<Field> kept = new ArrayList<>();
    List<Integer> keptIndex = new ArrayList<>();
    for (int i = 0; i < schema.size(); i++) {
      if (!dropped.contains(schema.field(i).name())) {
        kept.add(schema.field(i));
        keptIndex.add(i);
      }
    }
    if (kept.isEmpty()) {
      throw new IllegalArgumentException("Partitioning by " + this.fields + " leaves no column in the data files of schema "
          + schema + ": keep at least one column that is not an identity partition column");
    }
    this.fileSchema = kept.size() == schema.size() ? schema : Schema.of(kept);
    this.fileColumns = keptIndex.stream().mapToInt(Integer::intValue).toArray();
    this.partitionSchema = partitionFields.isEmpty() ? null : Schema.of(partitionFields);
  }

  /** No partitions: every file at the table's root. */
  public static PartitionSpec unpartitioned(Schema schema) {
    return new PartitionSpec(schema, List.of());
  }

  /**
   * A spec of these partition columns, in this order.
   *
   * @throws IllegalArgumentException naming the partition column if its source is not in the schema,
   *     its transform cannot derive from the source's type, or two have one name
   */
  public static PartitionSpec of(Schema schema, List<PartitionField> fields) {
    return new PartitionSpec(schema, fields);
  }

  /**
   * Parses a comma-separated list of partition columns: a column name ({@code tenant_id}) or {@code
   * year(col)}, {@code month(col)}, {@code day(col)}, {@code hour(col)}, each optionally followed by
   * {@code AS name}. The function names are case-insensitive; blank text is {@link #unpartitioned}.
   *
   * @throws IllegalArgumentException naming the term and its position if it is malformed, names an
   *     unknown function or column, or derives from a column of the wrong type
   */
  public static PartitionSpec parse(String text, Schema schema) {
    Objects.requireNonNull(schema, "schema");
    if (text == null || text.isBlank()) {
      return unpartitioned(schema);
    }
    List<PartitionField> fields = new ArrayList<>();
    int at = 0;
    for (String term : text.split(",", -1)) {
      Matcher m = TERM.matcher(term);
      if (term.isBlank() || !m.matches()) {
        throw new IllegalArgumentException("Partition spec '" + text + "': cannot read '" + term.strip() + "' at character "
            + (at + 1) + "; expected a column name or year(col), month(col), day(col), hour(col), optionally with AS name");
      }
      String alias = m.group(4);
      if (m.group(3) != null) {
        String column = m.group(3);
        if (alias != null && !alias.equals(column)) {
          throw new IllegalArgumentException("Partition spec '" + text + "': identity partition column '" + column
              + "' cannot be renamed (AS " + alias + "): engines read its values back into the column of that name");
        }
        fields.add(new PartitionField(column, column, Transform.IDENTITY));
      } else {
        String function = m.group(1).toLowerCase(Locale.ROOT);
        Transform t = switch (function) {
          case "year" -> Transform.YEAR;
          case "month" -> Transform.MONTH;
          case "day" -> Transform.DAY;
          case "hour" -> Transform.HOUR;
          default -> throw new IllegalArgumentException("Partition spec '" + text + "': unknown function '" + m.group(1)
              + "' in '" + term.strip() + "'; use year, month, day or hour, or a bare column name");
        };
        fields.add(new PartitionField(alias != null ? alias : function, m.group(2), t));
      }
      at += term.length() + 1;
    }
    try {
      return new PartitionSpec(schema, fields);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("Partition spec '" + text + "': " + e.getMessage(), e);
    }
  }

  /** The schema of the rows given to {@link #path(Row)} and {@link PartitionedWriter#write}. */
  public Schema schema() {
    return schema;
  }

  /** The partition columns in path order; empty when unpartitioned. */
  public List<PartitionField> fields() {
    return fields;
  }

  /** Whether there are no partition columns. */
  public boolean isUnpartitioned() {
    return fields.isEmpty();
  }

  /** The schema of the rows in the data files: {@link #schema()} without the identity partition columns. */
  public Schema fileSchema() {
    return fileSchema;
  }

  /**
   * The partition columns as fields (all nullable): identity columns with their source's type,
   * derived ones as {@code INT32}; empty when unpartitioned.
   */
  public List<Field> partitionSchema() {
    return partitionSchema == null ? List.of() : partitionSchema.fields();
  }

  /** The positions in {@link #schema()} of the columns of {@link #fileSchema()}, in order. */
  int[] fileColumns() {
    return fileColumns.clone();
  }

  /** Whether the data files hold every column of {@link #schema()} (no identity partition column). */
  boolean filesHoldEveryColumn() {
    return fileSchema == schema;
  }

  /**
   * The partition values of {@code row}, by partition column, as they appear in paths but unescaped
   * ({@code "2024"}, {@code "03"}, {@code "acme"}); null for a null value.
   */
  public Map<String, String> values(Row row) {
    Map<String, String> out = new LinkedHashMap<>();
    for (int i = 0; i < fields.size(); i++) {
      out.put(fields.get(i).name(), value(row, i));
    }
    return Collections.unmodifiableMap(out);
  }

  /** The partition directory of {@code row}: {@code tenant_id=acme/year=2024/month=03/}, or {@code ""}. */
  public String path(Row row) {
    if (fields.isEmpty()) {
      return "";
    }
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < fields.size(); i++) {
      sb.append(HivePaths.escape(fields.get(i).name())).append('=').append(HivePaths.escapeValue(value(row, i))).append('/');
    }
    return sb.toString();
  }

  /**
   * The partition directory of these values (as {@link #values} gives them, in the spec's order).
   *
   * @throws IllegalArgumentException if the values are not one per partition column
   */
  public String path(Map<String, String> values) {
    if (!values.keySet().equals(new HashSet<>(fields.stream().map(PartitionField::name).toList()))) {
      throw new IllegalArgumentException("Partition values " + values + " do not match the partition columns " + fields);
    }
    StringBuilder sb = new StringBuilder();
    for (PartitionField f : fields) {
      sb.append(HivePaths.escape(f.name())).append('=').append(HivePaths.escapeValue(values.get(f.name()))).append('/');
    }
    return sb.toString();
  }

  private String value(Row row, int i) {
    int c = sources[i];
    if (row.isNull(c)) {
      return null;
    }
    Transform t = fields.get(i).transform();
    Kind kind = schema.field(c).type().kind();
    if (t == Transform.IDENTITY) {
      return switch (kind) {
        case STRING -> row.getString(c);
        case INT8, INT16, INT32 -> Integer.toString(row.getInt(c));
        case INT64 -> Long.toString(row.getLong(c));
        case BOOLEAN -> Boolean.toString(row.getBoolean(c));
        case DATE -> row.getDate(c).toString();
        default -> throw new IllegalStateException("identity of " + kind);
      };
    }
    LocalDateTime time = switch (kind) {
      case DATE -> LocalDate.ofEpochDay(row.getInt(c)).atStartOfDay();
      // TIMESTAMP: microseconds since the epoch in UTC; LOCAL_TIMESTAMP: since 1970-01-01T00:00 wall clock.
      case TIMESTAMP, LOCAL_TIMESTAMP -> LocalDateTime.ofEpochSecond(Math.floorDiv(row.getLong(c), 1_000_000L), 0, ZoneOffset.UTC);
      default -> throw new IllegalStateException("date of " + kind);
    };
    return switch (t) {
      case YEAR -> time.getYear() >= 1000 && time.getYear() <= 9999 ? Integer.toString(time.getYear())
          : String.format(Locale.ROOT, "%04d", time.getYear());
      case MONTH -> TWO_DIGITS[time.getMonthValue()];
      case DAY -> TWO_DIGITS[time.getDayOfMonth()];
      case HOUR -> TWO_DIGITS[time.getHour()];
      case IDENTITY -> throw new IllegalStateException();
    };
  }

  /** The text {@link #parse} reads back: {@code tenant_id, year(ts), month(ts)}; empty when unpartitioned. */
  @Override
  public String toString() {
    return String.join(", ", fields.stream().map(PartitionField::toString).toList());
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof PartitionSpec p && p.schema.equals(schema) && p.fields.equals(fields);
  }

  @Override
  public int hashCode() {
    return schema.hashCode() * 31 + fields.hashCode();
  }
}
