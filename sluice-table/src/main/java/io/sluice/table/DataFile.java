package io.sluice.table;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * One data file of a table, as a {@link PartitionedWriter} wrote it and a {@link TableManifest} lists
 * it. A record Jackson writes and reads as JSON (task summaries carry lists of them).
 *
 * @param path the file's key relative to the table's location: {@code year=2024/month=03/part-t1-00000.parquet}
 * @param partition its partition directory relative to the table's location ({@code year=2024/month=03/}),
 *     {@code ""} when the table is unpartitioned
 * @param partitionValues the partition values by partition column, unescaped, in the spec's order; a
 *     value is null for a null partition value
 * @param rows rows in the file
 * @param bytes the file's size in bytes
 */
public record DataFile(String path, String partition, Map<String, String> partitionValues, long rows, long bytes) {
  public DataFile {
    Objects.requireNonNull(path, "path");
    Objects.requireNonNull(partition, "partition");
    if (!path.startsWith(partition) || path.length() == partition.length() || path.indexOf('/', partition.length()) >= 0) {
      throw new IllegalArgumentException("Data file '" + path + "' is not a file directly in partition '" + partition + "'");
    }
    if (rows < 0 || bytes < 0) {
      throw new IllegalArgumentException("Data file '" + path + "': rows (" + rows + ") and bytes (" + bytes + ") must not be negative");
    }
    // null values are allowed (a null partition), so no Map.copyOf; the order is the spec's.
    partitionValues = Collections.unmodifiableMap(new LinkedHashMap<>(partitionValues == null ? Map.of() : partitionValues));
  }

  /** The file's name within its partition: {@code part-t1-00000.parquet}. */
  public String name() {
    return path.substring(partition.length());
  }
}
