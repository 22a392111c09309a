package io.sluice.table;

import io.sluice.parquet.ParquetFormat;
import io.sluice.record.RecordWriter;
import io.sluice.record.Row;
import io.sluice.record.Schema;
import io.sluice.store.ObjectStore;
import io.sluice.table.internal.HivePaths;
import io.sluice.table.internal.ProjectedRow;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * A small partitioned Parquet table for tests: rows of (id, tenant, ts, amount, qty) partitioned by
 * {@code tenant, year(ts)}, written as real Parquet files into a store and listed as {@link DataFile}s
 * (what the partitioned writer will produce; written here without it).
 */
final class TableFixture {
  static final Schema SCHEMA = Schema.parse("id bigint not null, tenant string, ts timestamp not null, amount decimal(12,2), qty int");
  static final PartitionSpec SPEC = PartitionSpec.parse("tenant, year(ts)", SCHEMA);
  static final TableDefinition DEFINITION = new TableDefinition("orders", SPEC, "parquet");
  /** Small pages and row groups: the files are small, and so are the writers' buffers. */
  static final ParquetFormat FORMAT = ParquetFormat.builder().rowGroupBytes(1 << 20).pageBytes(64 << 10).build();
  static final String[] TENANTS = {"acme", "it's", "globex"};

  private TableFixture() {}

  /** {@code n} rows with ids from {@code firstId}, spread over the tenants (one null) and years 2023..2025. */
  static List<Row> rows(long firstId, int n, long seed) {
    Random random = new Random(seed);
    List<Row> rows = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      long id = firstId + i;
      int t = random.nextInt(TENANTS.length + 1);
      String tenant = t == TENANTS.length ? null : TENANTS[t];
      Instant ts = Instant.parse("2023-01-01T00:00:00Z").plusSeconds(random.nextInt(3 * 365 * 86400));
      BigDecimal amount = random.nextInt(10) == 0 ? null : BigDecimal.valueOf(random.nextInt(1_000_000), 2);
      rows.add(Row.of(SCHEMA, id, tenant, ts, amount, random.nextInt(100)));
    }
    return rows;
  }

  /**
   * Writes {@code rows} under {@code location} as Parquet files of at most {@code rowsPerFile} rows,
   * each partition's rows in order, named {@code part-<tag>-<seq>.parquet}; returns them (not committed).
   */
  static List<DataFile> write(ObjectStore store, String location, List<Row> rows, int rowsPerFile, String tag) {
    Map<String, List<Row>> byPartition = new LinkedHashMap<>();
    for (Row r : rows) {
      byPartition.computeIfAbsent(SPEC.path(r), p -> new ArrayList<>()).add(r);
    }
    Schema fileSchema = SPEC.fileSchema();
    int[] columns = fileSchema.names().stream().mapToInt(SCHEMA::indexOf).toArray();
    List<DataFile> files = new ArrayList<>();
    byPartition.forEach((partition, list) -> {
      for (int from = 0, seq = 0; from < list.size(); from += rowsPerFile, seq++) {
        List<Row> chunk = list.subList(from, Math.min(list.size(), from + rowsPerFile));
        String path = partition + String.format("part-%s-%05d.parquet", tag, seq);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ProjectedRow view = new ProjectedRow(fileSchema, columns);
        try (RecordWriter w = FORMAT.writer(out, fileSchema)) {
          for (Row r : chunk) {
            w.write(view.of(r));
          }
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
        store.put(location + path, out.toByteArray());
        files.add(new DataFile(path, partition, HivePaths.parse(partition), chunk.size(), out.size()));
      }
    });
    return files;
  }
}
