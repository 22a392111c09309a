package io.sluice.table;

import io.sluice.record.Schema;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * What a table is, as its manifests record it: a name (for the catalog), the schema of its rows, how
 * they are partitioned, and the name of the format its data files are written in ({@link
 * io.sluice.record.RecordFormat#name()}: {@code parquet}, {@code csv}, {@code jsonl}).
 *
 * @param name the table's name in the catalog: lower-case letters, digits and underscores
 * @param spec the partitioning, which carries the row schema ({@link PartitionSpec#schema()})
 * @param format the format name of the data files; also their file extension
 */
public record TableDefinition(String name, PartitionSpec spec, String format) {
  private static final Pattern NAME = Pattern.compile("[a-z_][a-z0-9_]{0,254}");
  private static final Pattern FORMAT = Pattern.compile("[a-z0-9]{1,16}");

  public TableDefinition {
    Objects.requireNonNull(spec, "spec");
    if (name == null || !NAME.matcher(name).matches()) {
      throw new IllegalArgumentException("Table name '" + name + "' is invalid: use lower-case letters, digits and underscores"
          + " (Athena and Glue names), starting with a letter or underscore");
    }
    if (format == null || !FORMAT.matcher(format).matches()) {
      throw new IllegalArgumentException("Format name '" + format + "' of table '" + name
          + "' is invalid: a short lower-case name such as parquet, csv or jsonl");
    }
  }

  /** The schema of the table's rows (partition columns included). */
  public Schema schema() {
    return spec.schema();
  }

  /**
   * A catalog name for a table at {@code location}: its last path segment in lower case, with every
   * character other than letters and digits replaced by {@code _} ({@code s3://b/sales-2024/} is
   * {@code sales_2024}).
   */
  public static String nameFor(java.net.URI location) {
    String p = location.getPath() == null ? location.toString() : location.getPath();
    while (p.endsWith("/")) {
      p = p.substring(0, p.length() - 1);
    }
    String last = p.substring(p.lastIndexOf('/') + 1).toLowerCase(java.util.Locale.ROOT).replaceAll("[^a-z0-9]", "_");
    if (last.isEmpty()) {
      return "table";
    }
    return Character.isDigit(last.charAt(0)) ? "t_" + last : last;
  }
}
