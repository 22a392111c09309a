package io.sluice.pipeline;

import io.sluice.parquet.ParquetFormat;
import io.sluice.record.CsvFormat;
import io.sluice.record.JsonLinesFormat;
import io.sluice.record.RecordFormat;
import io.sluice.record.Schema;
import java.util.List;
import java.util.Objects;

/**
 * What a pipeline reads: every object under a {@link Location}, in a {@link RecordFormat}, with a
 * schema given or inferred from a sample of the first object. Immutable; each {@code with} method
 * returns a changed copy.
 *
 * <pre>{@code
 * Source.csv("s3://lake/raw/orders/").schema("order_id bigint, tenant string, ts timestamp, amount decimal(12,2)")
 * Source.of(CsvFormat.builder().delimiter('|').build(), Location.of("/data/lineitem/")).inferSchema()
 * }</pre>
 *
 * @param format how the objects are read
 * @param location where they are
 * @param schema the records' schema; null to infer it from a sample of the first object (the run prints it so it can be pinned)
 * @param chunkBytes the target size of a task's split of an object; 0 for the default of the {@link Pipeline}
 * @param columns the columns read ({@link #select}), in the schema's order; empty for all. Readers skip
 *     the others without parsing them, and the pipeline's steps see rows of just these.
 */
public record Source(RecordFormat format, Location location, Schema schema, long chunkBytes, List<String> columns) {
  public Source {
    Objects.requireNonNull(format, "format");
    Objects.requireNonNull(location, "location");
    if (chunkBytes < 0) {
      throw new IllegalArgumentException("A source's chunk size must be positive (or 0 for the default), got " + chunkBytes);
    }
    columns = columns == null ? List.of() : List.copyOf(columns);
    if (!columns.isEmpty() && schema != null) {
      schema.select(columns); // an unknown column fails here, naming it
    }
  }

  public Source(RecordFormat format, Location location, Schema schema, long chunkBytes) {
    this(format, location, schema, chunkBytes, List.of());
  }

  /**
   * This source reading only {@code columns} (comma-separated names): text readers skip the other
   * fields without parsing them, Parquet does not read their column chunks.
   *
   * @throws IllegalArgumentException if the source has a schema without one of them
   */
  public Source select(String columns) {
    List<String> names = new java.util.ArrayList<>();
    for (String c : columns.split(",")) {
      if (!c.isBlank()) {
        names.add(c.strip());
      }
    }
    return new Source(format, location, schema, chunkBytes, names);
  }

  /** The schema of the rows read: {@code full}, or its selected columns. */
  public Schema readSchema(Schema full) {
    return columns.isEmpty() || full == null ? full : full.select(columns);
  }

  /** Read options with the selection applied. */
  public io.sluice.record.ReadOptions readOptions(io.sluice.record.ReadOptions options) {
    return columns.isEmpty() ? options : options.toBuilder().project(columns).build();
  }

  /** Objects in {@code format} under {@code location}, their schema to be inferred unless {@link #schema} is given. */
  public static Source of(RecordFormat format, Location location) {
    return new Source(format, location, null, 0);
  }

  /**
   * CSV with a header line matched to the schema by name ({@link CsvFormat.HeaderMode#BY_NAME}), split
   * at line breaks: a quoted field that holds a line break is a bad record (quarantined, with its
   * place). For files whose quoted fields hold line breaks, give {@link #format} a {@link CsvFormat}
   * with {@code resynchronize(true)}, which splits them exactly at some cost per split.
   */
  public static Source csv(String location) {
    return of(CsvFormat.builder().header(CsvFormat.HeaderMode.BY_NAME).newlinesInQuotes(false).build(), Location.of(location));
  }

  /** JSON Lines, nested objects flattened with {@code .} ({@link JsonLinesFormat#DEFAULT}). */
  public static Source jsonl(String location) {
    return of(JsonLinesFormat.DEFAULT, Location.of(location));
  }

  /** Parquet files (splits by row groups; projection and row-group skipping come with the format). */
  public static Source parquet(String location) {
    return of(ParquetFormat.DEFAULT, Location.of(location));
  }

  /** This source with schema {@code sql} ({@link Schema#parse}: {@code "id bigint, name string, ts timestamp"}). */
  public Source schema(String sql) {
    return schema(Schema.parse(sql));
  }

  public Source schema(Schema schema) {
    return new Source(format, location, Objects.requireNonNull(schema, "schema"), chunkBytes, columns);
  }

  /** This source with its schema inferred from a sample of the first object. */
  public Source inferSchema() {
    return new Source(format, location, null, chunkBytes, columns);
  }

  public Source format(RecordFormat format) {
    return new Source(format, location, schema, chunkBytes, columns);
  }

  /** This source cut into splits of about {@code bytes} per task (instead of the workload's default). */
  public Source chunkBytes(long bytes) {
    if (bytes <= 0) {
      throw new IllegalArgumentException("A chunk size must be positive, got " + bytes);
    }
    return new Source(format, location, schema, bytes, columns);
  }
}
