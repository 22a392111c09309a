package io.sluice.pipeline;

import io.sluice.parquet.ParquetFormat;
import io.sluice.record.RecordFormat;
import java.util.Objects;

/**
 * Where a pipeline writes: a table of files under a {@link Location}, Hive-partitioned by {@code
 * partitionBy} ({@code "tenant_id, year(ts), month(ts)"}, see {@link io.sluice.table.PartitionSpec#parse}),
 * rolled at {@code targetFileBytes}, with the set of live files published by the table's manifest
 * ({@link io.sluice.table.TableManifest}). Immutable.
 *
 * @param format the data files' format: Parquet by default
 * @param location the table's root
 * @param partitionBy the partitioning, {@code ""} for none
 * @param targetFileBytes the size at which a file is rolled (and compaction's target)
 * @param tableName the table's name in the catalog; null for one derived from the location
 */
public record Sink(RecordFormat format, Location location, String partitionBy, long targetFileBytes, String tableName) {
  /** 256 MiB: the upper end of the 128-256 MB files that Athena, Trino and Spark read best. */
  public static final long DEFAULT_TARGET_FILE_BYTES = 256L << 20;

  public Sink {
    Objects.requireNonNull(format, "format");
    Objects.requireNonNull(location, "location");
    Objects.requireNonNull(partitionBy, "partitionBy");
    if (targetFileBytes <= 0) {
      throw new IllegalArgumentException("A sink's target file size must be positive, got " + targetFileBytes);
    }
  }

  /** A Snappy Parquet table at {@code location}, unpartitioned, with 256 MiB files. */
  public static Sink parquet(String location) {
    return new Sink(ParquetFormat.DEFAULT, Location.of(location), "", DEFAULT_TARGET_FILE_BYTES, null);
  }

  public Sink partitionBy(String spec) {
    return new Sink(format, location, spec, targetFileBytes, tableName);
  }

  public Sink targetFileBytes(long bytes) {
    return new Sink(format, location, partitionBy, bytes, tableName);
  }

  /** This sink with Parquet compressed by {@code compression} (Snappy by default). */
  public Sink compression(ParquetFormat.Compression compression) {
    return new Sink(ParquetFormat.builder().compression(compression).build(), location, partitionBy, targetFileBytes, tableName);
  }

  public Sink format(RecordFormat format) {
    return new Sink(format, location, partitionBy, targetFileBytes, tableName);
  }

  public Sink tableName(String name) {
    return new Sink(format, location, partitionBy, targetFileBytes, name);
  }
}
