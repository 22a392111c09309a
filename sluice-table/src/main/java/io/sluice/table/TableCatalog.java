package io.sluice.table;

import io.sluice.record.Field;
import io.sluice.record.FieldType;
import io.sluice.record.Schema;
import io.sluice.table.PartitionSpec.PartitionField;
import io.sluice.table.PartitionSpec.Transform;
import io.sluice.table.internal.HivePaths;
import java.net.URI;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * The Athena/Glue (Hive DDL) statements that register a table in a catalog, so that engines can query
 * it by name.
 *
 * <pre>{@code
 * TableCatalog catalog = new TableCatalog(definition, URI.create("s3://bucket/tables/orders/"));
 * catalog.createTable();                 // CREATE EXTERNAL TABLE IF NOT EXISTS `orders` (...) PARTITIONED BY (...) ...
 * catalog.addPartitions(snapshot);       // ALTER TABLE `orders` ADD IF NOT EXISTS PARTITION (...) LOCATION '...', one a partition
 * catalog.repairTable();                 // MSCK REPAIR TABLE `orders`
 * }</pre>
 *
 * <p>Two tables can be declared over the same files:
 *
 * <ul>
 *   <li>{@link #createTable()}: a plain table over the partition directories, {@code STORED AS PARQUET}.
 *       Engines list the directories, so until {@link TableManifest#vacuum} deletes them they also read
 *       the files a compaction replaced (duplicates).
 *   <li>{@link #createSymlinkTable()}: a table over the Hive symlink manifests ({@code
 *       SymlinkTextInputFormat}), whose partitions are {@code _sluice/symlink/<partition dir>/}: engines
 *       that honour it (Athena, Presto, Trino's Hive connector) read exactly the live files, as the
 *       manifests list them.
 * </ul>
 *
 * <p>Columns are the data files' columns ({@link PartitionSpec#fileSchema()}) with their Hive types
 * ({@code string}, {@code tinyint}, {@code smallint}, {@code int}, {@code bigint}, {@code float}, {@code
 * double}, {@code boolean}, {@code date}, {@code timestamp} (both timestamps), {@code decimal(p,s)},
 * {@code binary}, {@code array<...>}, {@code map<...>}, {@code struct<...>}); {@code TIME} has no Hive
 * type and is refused. Partition columns follow in the spec's order: an identity column with its
 * source's type, a derived one ({@code year}, {@code month}, {@code day}, {@code hour}) as {@code int}.
 * Names are in backquotes (a backquote in a name doubled). String literals are in single quotes with
 * {@code \} and {@code '} escaped by a backslash, as Hive's DDL reads them. Statements carry no
 * trailing semicolon (Athena runs one statement a query).
 *
 * <p>Only Parquet tables are supported. Immutable and thread-safe.
 */
public final class TableCatalog {
  /** The SerDe of Parquet data read through symlink manifests. */
  public static final String PARQUET_SERDE = "org.apache.hadoop.hive.ql.io.parquet.serde.ParquetHiveSerDe";
  /** The input format that reads the files listed in text manifests. */
  public static final String SYMLINK_INPUT_FORMAT = "org.apache.hadoop.hive.ql.io.SymlinkTextInputFormat";
  /** The output format Hive requires beside {@link #SYMLINK_INPUT_FORMAT} (never written through). */
  public static final String SYMLINK_OUTPUT_FORMAT = "org.apache.hadoop.hive.ql.io.HiveIgnoreKeyTextOutputFormat";

  private static final Pattern SIMPLE_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

  private final TableDefinition definition;
  private final String location;

  /**
   * The statements for the table {@code definition} describes, at {@code location}.
   *
   * @param location the table's absolute location as engines address it ({@code s3://bucket/tables/orders/})
   * @throws IllegalArgumentException if the location is not absolute, the format is not Parquet, or a
   *     column's type has no Hive type (naming the column)
   */
  public TableCatalog(TableDefinition definition, URI location) {
    this.definition = Objects.requireNonNull(definition, "definition");
    this.location = TableManifest.tableBase(location);
    if (!definition.format().equals("parquet")) {
      throw new IllegalArgumentException("Table '" + definition.name() + "' holds " + definition.format() + " files; the"
          + " catalog statements are written for Parquet tables only");
    }
    columns(); // checks every type now
  }

  /** The table's definition. */
  public TableDefinition definition() {
    return definition;
  }

  /**
   * {@code CREATE EXTERNAL TABLE IF NOT EXISTS} of a plain table over the partition directories:
   * columns, {@code PARTITIONED BY} (when partitioned), {@code STORED AS PARQUET}, the location and
   * {@code TBLPROPERTIES ('parquet.compression'='SNAPPY')}.
   */
  public String createTable() {
    return head() + "STORED AS PARQUET\nLOCATION " + literal(location) + "\nTBLPROPERTIES ('parquet.compression'='SNAPPY')";
  }

  /**
   * {@code CREATE EXTERNAL TABLE IF NOT EXISTS} of a table over the symlink manifests: the same
   * columns and partitions, {@code ROW FORMAT SERDE} {@value #PARQUET_SERDE}, {@code STORED AS
   * INPUTFORMAT} {@value #SYMLINK_INPUT_FORMAT} {@code OUTPUTFORMAT} {@value #SYMLINK_OUTPUT_FORMAT},
   * located at {@code <table>/_sluice/symlink/}. Register its partitions with {@link
   * #addSymlinkPartitions} (or {@link #repairTable()}: the symlink directories are Hive-style too).
   */
  public String createSymlinkTable() {
    return head() + "ROW FORMAT SERDE " + literal(PARQUET_SERDE) + "\nSTORED AS INPUTFORMAT " + literal(SYMLINK_INPUT_FORMAT)
        + "\nOUTPUTFORMAT " + literal(SYMLINK_OUTPUT_FORMAT) + "\nLOCATION " + literal(location + TableManifest.SYMLINKS);
  }

  private String head() {
    StringBuilder sb = new StringBuilder("CREATE EXTERNAL TABLE IF NOT EXISTS ").append(quote(definition.name())).append(" (\n");
    List<String> columns = columns();
    sb.append(String.join(",\n", columns)).append("\n)\n");
    List<String> partitionColumns = partitionColumns();
    if (!partitionColumns.isEmpty()) {
      sb.append("PARTITIONED BY (\n").append(String.join(",\n", partitionColumns)).append("\n)\n");
    }
    return sb.toString();
  }

  private List<String> columns() {
    List<String> out = new ArrayList<>();
    for (Field f : definition.spec().fileSchema().fields()) {
      out.add("  " + quote(f.name()) + " " + hiveType(f.type(), f.name()));
    }
    return out;
  }

  private List<String> partitionColumns() {
    List<String> out = new ArrayList<>();
    for (PartitionField p : definition.spec().fields()) {
      out.add("  " + quote(p.name()) + " " + partitionType(p));
    }
    return out;
  }

  private String partitionType(PartitionField p) {
    return p.transform() == Transform.IDENTITY ? hiveType(definition.schema().field(p.source()).type(), p.source()) : "int";
  }

  /**
   * The Hive type of {@code type}: {@code bigint}, {@code decimal(12,2)}, {@code array<string>},
   * {@code struct<a:int,b:string>}.
   *
   * @param column the column, named in the error
   * @throws IllegalArgumentException if the type has no Hive type ({@code TIME})
   */
  public static String hiveType(FieldType type, String column) {
    return switch (type.kind()) {
      case STRING -> "string";
      case INT8 -> "tinyint";
      case INT16 -> "smallint";
      case INT32 -> "int";
      case INT64 -> "bigint";
      case FLOAT32 -> "float";
      case FLOAT64 -> "double";
      case BOOLEAN -> "boolean";
      case DATE -> "date";
      case TIMESTAMP, LOCAL_TIMESTAMP -> "timestamp";
      case DECIMAL -> "decimal(" + type.precision() + "," + type.scale() + ")";
      case BINARY -> "binary";
      case LIST -> "array<" + hiveType(type.elementType(), column) + ">";
      case MAP -> "map<" + hiveType(type.keyType(), column) + "," + hiveType(type.elementType(), column) + ">";
      case STRUCT -> {
        Schema fields = type.fields();
        List<String> parts = new ArrayList<>();
        for (Field f : fields.fields()) {
          String name = SIMPLE_NAME.matcher(f.name()).matches() ? f.name() : quote(f.name());
          parts.add(name + ":" + hiveType(f.type(), column + "." + f.name()));
        }
        yield "struct<" + String.join(",", parts) + ">";
      }
      case TIME -> throw new IllegalArgumentException("Column '" + column + "' is of type TIME, which Hive, Glue and Athena"
          + " tables cannot declare; store it as a string or as microseconds of the day (bigint) to register the table");
    };
  }

  /**
   * One partition of a snapshot.
   *
   * @param values the partition values by partition column, in the spec's order (null for a null value)
   * @param directory the partition's directory relative to the table ({@code year=2024/month=03/})
   * @param location the directory's absolute location
   * @param symlinkLocation the absolute location of its symlink manifest's directory
   */
  public record Partition(Map<String, String> values, String directory, String location, String symlinkLocation) {
    public Partition {
      values = Collections.unmodifiableMap(new LinkedHashMap<>(values));
    }
  }

  /** The partitions that hold live files in {@code snapshot}, in directory order; none when unpartitioned. */
  public List<Partition> partitions(TableSnapshot snapshot) {
    checkTable(snapshot);
    List<Partition> out = new ArrayList<>();
    if (definition.spec().fields().isEmpty()) {
      return out;
    }
    for (Map.Entry<String, List<DataFile>> e : snapshot.partitions().entrySet()) {
      out.add(new Partition(e.getValue().get(0).partitionValues(), e.getKey(), location + e.getKey(),
          location + TableManifest.SYMLINKS + e.getKey()));
    }
    return out;
  }

  /**
   * {@code ALTER TABLE `name` ADD IF NOT EXISTS PARTITION (year=2024, month=3) LOCATION '...'}, one
   * statement a partition of {@code snapshot}, for the table of {@link #createTable()}. Values of
   * string and date columns are quoted, numbers and booleans are not; a null value is {@code
   * '__HIVE_DEFAULT_PARTITION__'}.
   */
  public List<String> addPartitions(TableSnapshot snapshot) {
    return partitions(snapshot).stream().map(p -> addPartition(p, p.location())).toList();
  }

  /** {@link #addPartitions}, located at the partitions' symlink directories, for the table of {@link #createSymlinkTable()}. */
  public List<String> addSymlinkPartitions(TableSnapshot snapshot) {
    return partitions(snapshot).stream().map(p -> addPartition(p, p.symlinkLocation())).toList();
  }

  private String addPartition(Partition p, String at) {
    List<String> parts = new ArrayList<>();
    for (PartitionField f : definition.spec().fields()) {
      parts.add(quote(f.name()) + "=" + partitionValue(f, p.values().get(f.name())));
    }
    return "ALTER TABLE " + quote(definition.name()) + " ADD IF NOT EXISTS PARTITION (" + String.join(", ", parts)
        + ") LOCATION " + literal(at);
  }

  private String partitionValue(PartitionField f, String value) {
    if (value == null) {
      return literal(HivePaths.NULL_PARTITION);
    }
    if (f.transform() != Transform.IDENTITY) {
      return Integer.toString(Integer.parseInt(value)); // "03" is 3
    }
    return switch (definition.schema().field(f.source()).type().kind()) {
      case INT8, INT16, INT32, INT64 -> Long.toString(Long.parseLong(value));
      case BOOLEAN -> Boolean.toString(Boolean.parseBoolean(value));
      default -> literal(value);
    };
  }

  /** {@code MSCK REPAIR TABLE `name`}: the catalog finds the Hive-style partition directories itself. */
  public String repairTable() {
    return "MSCK REPAIR TABLE " + quote(definition.name());
  }

  private void checkTable(TableSnapshot snapshot) {
    if (!snapshot.definition().equals(definition)) {
      throw new IllegalArgumentException("The snapshot is of table '" + snapshot.definition().name() + "' ("
          + snapshot.definition().schema().toSql() + "), not of this catalog's table '" + definition.name() + "'");
    }
  }

  /** {@code name} in backquotes, a backquote in it doubled. */
  static String quote(String name) {
    return "`" + name.replace("`", "``") + "`";
  }

  /** {@code text} as a Hive string literal: single quotes, {@code \} and {@code '} escaped with a backslash. */
  static String literal(String text) {
    return "'" + text.replace("\\", "\\\\").replace("'", "\\'") + "'";
  }
}
