package io.sluice.table;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sluice.parquet.ParquetFormat;
import io.sluice.record.BadRecordPolicy;
import io.sluice.record.CsvFormat;
import io.sluice.record.FieldType;
import io.sluice.record.InputFile;
import io.sluice.record.ReadOptions;
import io.sluice.record.RecordFormat;
import io.sluice.record.RecordReader;
import io.sluice.record.RecordWriter;
import io.sluice.record.Row;
import io.sluice.record.Schema;
import io.sluice.record.Split;
import io.sluice.table.internal.HivePaths;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PartitionedWriterTest {
  /** Lineitem-like rows: a ship date over 7 years (84 months), a few other columns. */
  static final Schema ITEMS = Schema.builder()
      .required("orderkey", FieldType.INT64)
      .required("shipdate", FieldType.DATE)
      .optional("quantity", FieldType.decimal(12, 2))
      .optional("mode", FieldType.STRING)
      .optional("comment", FieldType.STRING)
      .build();
  static final LocalDate FIRST = LocalDate.of(1992, 1, 1);
  static final CsvFormat CSV = CsvFormat.DEFAULT;
  static final ParquetFormat PARQUET = ParquetFormat.builder().rowGroupBytes(64 << 10).build();

  static List<Row> items(int n, int months, long seed) {
    Random random = new Random(seed);
    List<Row> rows = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      LocalDate ship = FIRST.plusMonths(random.nextInt(months)).plusDays(random.nextInt(28));
      rows.add(Row.of(ITEMS, (long) i, ship, random.nextInt(10) == 0 ? null : BigDecimal.valueOf(random.nextInt(5000), 2),
          random.nextInt(10) == 0 ? null : List.of("AIR", "RAIL", "SHIP", "TRUCK").get(random.nextInt(4)),
          "comment " + i + " " + "x".repeat(random.nextInt(40))));
    }
    return rows;
  }

  static PartitionSpec months() {
    return PartitionSpec.parse("year(shipdate), month(shipdate)", ITEMS);
  }

  static List<DataFile> write(PartitionedWriter.Builder b, List<Row> rows) throws IOException {
    try (PartitionedWriter w = b.build()) {
      for (Row r : rows) {
        w.write(r);
      }
      assertThat(w.rows()).isEqualTo(rows.size());
      return w.finish();
    }
  }

  static List<Row> read(RecordFormat format, Path file, Schema schema) throws IOException {
    InputFile in = InputFile.of(file);
    List<Row> out = new ArrayList<>();
    for (Split split : format.splits(in, Long.MAX_VALUE)) {
      try (RecordReader r = format.reader(in, split, schema, ReadOptions.of(BadRecordPolicy.fail()))) {
        while (r.next()) {
          out.add(r.row().copy());
        }
      }
    }
    return out;
  }

  /** The rows of every file, by partition directory, files in the list's order (by sequence number). */
  static Map<String, List<Row>> readBack(RecordFormat format, Path dir, PartitionSpec spec, List<DataFile> files)
      throws IOException {
    Map<String, List<Row>> out = new LinkedHashMap<>();
    for (DataFile f : files) {
      Path file = dir.resolve(f.path());
      List<Row> rows = read(format, file, spec.fileSchema());
      assertThat(f.rows()).as("rows of %s", f.path()).isEqualTo(rows.size());
      assertThat(f.bytes()).as("bytes of %s", f.path()).isEqualTo(Files.size(file));
      assertThat(f.partitionValues()).as("values of %s", f.path()).isEqualTo(HivePaths.parse(f.partition()));
      assertThat(spec.path(f.partitionValues())).isEqualTo(f.partition());
      out.computeIfAbsent(f.partition(), k -> new ArrayList<>()).addAll(rows);
    }
    return out;
  }

  /** Each partition's rows in input order. */
  static Map<String, List<Row>> byPartition(PartitionSpec spec, List<Row> rows) {
    Map<String, List<Row>> out = new HashMap<>();
    for (Row r : rows) {
      out.computeIfAbsent(spec.path(r), k -> new ArrayList<>()).add(r);
    }
    return out;
  }

  static List<Path> filesUnder(Path dir) throws IOException {
    try (Stream<Path> s = Files.walk(dir)) {
      return s.filter(Files::isRegularFile).sorted().toList();
    }
  }

  @Test
  void csvRowsOf84PartitionsWithFourOpenWritersComeBackInOrder(@TempDir Path dir, @TempDir Path spill) throws Exception {
    checkEightyFourPartitions(CSV, dir, spill);
  }

  @Test
  void parquetRowsOf84PartitionsWithFourOpenWritersComeBackInOrder(@TempDir Path dir, @TempDir Path spill) throws Exception {
    checkEightyFourPartitions(PARQUET, dir, spill);
  }

  private static void checkEightyFourPartitions(RecordFormat format, Path dir, Path spill) throws IOException {
    PartitionSpec spec = months();
    List<Row> rows = items(20_000, 84, 7);
    PartitionedWriter w = PartitionedWriter.builder(spec, format, FileSink.directory(dir), "t0001")
        .maxOpenWriters(4).spillDir(spill).spillBufferBytes(16 << 10).build();
    assertThat(w.maxOpenWriters()).isEqualTo(4);
    for (Row r : rows) {
      w.write(r);
    }
    // every partition but the first four met went to the spill
    Map<String, List<Row>> expected = byPartition(spec, rows);
    List<String> firstFour = rows.stream().map(spec::path).distinct().limit(4).toList();
    long unspilled = firstFour.stream().mapToLong(p -> expected.get(p).size()).sum();
    assertThat(w.spilledRows()).isEqualTo(rows.size() - unspilled);
    assertThat(filesUnder(spill)).hasSize(1);
    List<DataFile> files = w.finish();
    w.close();
    assertThat(filesUnder(spill)).isEmpty();

    assertThat(expected).hasSize(84);
    assertThat(files).hasSize(84); // the default target is far above these sizes: one file per partition
    assertThat(files).extracting(DataFile::partition).isSorted().doesNotHaveDuplicates();
    assertThat(files).allSatisfy(f -> assertThat(f.name()).isEqualTo("part-t0001-00000." + format.name()));
    assertThat(files.getFirst().path()).isEqualTo("year=1992/month=01/part-t0001-00000." + format.name());
    assertThat(files.getFirst().partitionValues()).containsExactly(Map.entry("year", "1992"), Map.entry("month", "01"));
    assertThat(filesUnder(dir)).hasSize(84);
    Map<String, List<Row>> got = readBack(format, dir, spec, files);
    assertThat(got.keySet()).containsExactlyInAnyOrderElementsOf(expected.keySet());
    for (String p : expected.keySet()) {
      assertThat(got.get(p)).as("rows of %s, in order", p).containsExactlyElementsOf(expected.get(p));
    }
  }

  @Test
  void identityColumnsLeaveTheFilesAndNullValuesGoToTheDefaultPartition(@TempDir Path dir, @TempDir Path spill)
      throws Exception {
    Schema s = Schema.builder()
        .optional("tenant", FieldType.STRING)
        .optional("ts", FieldType.TIMESTAMP)
        .required("n", FieldType.INT32)
        .build();
    PartitionSpec spec = PartitionSpec.parse("tenant, year(ts)", s);
    Random random = new Random(3);
    List<Row> rows = new ArrayList<>();
    List<String> tenants = java.util.Arrays.asList("acme", "a/b=c", null, "z%");
    for (int i = 0; i < 2000; i++) {
      Instant ts = random.nextInt(8) == 0 ? null : Instant.parse("2020-06-01T00:00:00Z").plusSeconds(random.nextInt(3 * 365) * 86400L);
      rows.add(Row.of(s, tenants.get(random.nextInt(tenants.size())), ts, i));
    }
    for (RecordFormat format : List.of(CSV, PARQUET)) {
      Path out = dir.resolve(format.name());
      List<DataFile> files = write(PartitionedWriter.builder(spec, format, FileSink.directory(out), "x")
          .maxOpenWriters(2).spillDir(spill).spillBufferBytes(4096), rows);
      assertThat(files).extracting(DataFile::partition)
          .contains("tenant=__HIVE_DEFAULT_PARTITION__/year=__HIVE_DEFAULT_PARTITION__/", "tenant=a%2Fb%3Dc/year=2021/",
              "tenant=z%25/year=2022/", "tenant=acme/year=__HIVE_DEFAULT_PARTITION__/");
      DataFile nulls = files.stream().filter(f -> f.partition().startsWith("tenant=__HIVE")).findFirst().orElseThrow();
      assertThat(nulls.partitionValues()).containsEntry("tenant", null);
      assertThat(files).anySatisfy(f -> assertThat(f.partitionValues()).containsEntry("tenant", "a/b=c"));
      // the files hold ts and n, not tenant; put the tenant back from the path and compare the rows
      List<Row> back = new ArrayList<>();
      for (DataFile f : files) {
        for (Row r : read(format, out.resolve(f.path()), spec.fileSchema())) {
          assertThat(r.schema().names()).containsExactly("ts", "n");
          back.add(Row.of(s, f.partitionValues().get("tenant"), r.get(0), r.get(1)));
        }
      }
      assertThat(back).as(format.name()).containsExactlyInAnyOrderElementsOf(rows);
    }
  }

  @Test
  void theSameRowsGiveTheSameFilesByteForByte(@TempDir Path a, @TempDir Path b, @TempDir Path spill) throws Exception {
    PartitionSpec spec = months();
    List<Row> rows = items(6000, 30, 5);
    for (RecordFormat format : List.of(CSV, PARQUET)) {
      List<List<DataFile>> runs = new ArrayList<>();
      for (Path dir : List.of(a, b)) {
        runs.add(write(PartitionedWriter.builder(spec, format, FileSink.directory(dir.resolve(format.name())), "t7")
            .maxOpenWriters(3).spillDir(spill).spillBufferBytes(8 << 10).targetFileBytes(8 << 10), rows));
      }
      assertThat(runs.get(0)).isEqualTo(runs.get(1));
      assertThat(runs.get(0).size()).isGreaterThan(30); // files rolled, so sequence numbers matter too
      for (DataFile f : runs.get(0)) {
        assertThat(Files.readAllBytes(b.resolve(format.name()).resolve(f.path())))
            .as("%s %s", format.name(), f.path()).isEqualTo(Files.readAllBytes(a.resolve(format.name()).resolve(f.path())));
      }
    }
    // a retry into the same directory overwrites: the same files, no more
    List<Path> before = filesUnder(a);
    write(PartitionedWriter.builder(spec, CSV, FileSink.directory(a.resolve("csv")), "t7")
        .maxOpenWriters(3).spillDir(spill).spillBufferBytes(8 << 10).targetFileBytes(8 << 10), rows);
    assertThat(filesUnder(a)).isEqualTo(before);
  }

  /** The CSV bytes of one row, as a writer without a header writes it. */
  static long csvBytes(Schema schema, Row row) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (RecordWriter w = CSV.writer(out, schema)) {
      w.write(row);
    }
    return out.size();
  }

  @Test
  void csvFilesRollAtTheTargetExactly(@TempDir Path dir, @TempDir Path spill) throws Exception {
    PartitionSpec spec = months();
    List<Row> rows = items(5000, 12, 9);
    long target = 3000;
    List<DataFile> files = write(PartitionedWriter.builder(spec, CSV, FileSink.directory(dir), "r")
        .maxOpenWriters(2).spillDir(spill).spillBufferBytes(4096).targetFileBytes(target), rows);
    // the expected files: in each partition, rows in order, a file closed at the row that makes it reach the target
    Map<String, List<Long>> expectedSizes = new HashMap<>();
    for (Map.Entry<String, List<Row>> e : byPartition(spec, rows).entrySet()) {
      List<Long> sizes = new ArrayList<>();
      long size = 0;
      for (Row r : e.getValue()) {
        size += csvBytes(ITEMS, r);
        if (size >= target) {
          sizes.add(size);
          size = 0;
        }
      }
      if (size > 0) {
        sizes.add(size);
      }
      expectedSizes.put(e.getKey(), sizes);
    }
    Map<String, List<Long>> sizes = new HashMap<>();
    for (DataFile f : files) {
      sizes.computeIfAbsent(f.partition(), k -> new ArrayList<>()).add(f.bytes());
    }
    assertThat(sizes).isEqualTo(expectedSizes);
    assertThat(files).hasSize(expectedSizes.values().stream().mapToInt(List::size).sum());
    checkRolled(files, target, rows, spec, CSV, dir);
  }

  @Test
  void parquetFilesRollAtTheTarget(@TempDir Path dir, @TempDir Path spill) throws Exception {
    PartitionSpec spec = months();
    List<Row> rows = items(30_000, 6, 13);
    long target = 24 << 10;
    long rowGroup = 8 << 10;
    ParquetFormat format = ParquetFormat.builder().rowGroupBytes(rowGroup).build();
    List<DataFile> files = write(PartitionedWriter.builder(spec, format, FileSink.directory(dir), "r")
        .memoryBudgetBytes(3 << 20).spillDir(spill).spillBufferBytes(64 << 10).targetFileBytes(target), rows);
    assertThat(files.size()).isGreaterThan(6 * 3);
    // Parquet rolls on its estimate (bytes written + the buffered row group, uncompressed): the closed file
    // holds at least what was already written, so it falls short of the target by less than a row group
    checkRolled(files, target - rowGroup, rows, spec, format, dir);
  }

  /** Every file but the last of its partition reached the target; file names count from 00000; rows exactly once. */
  private static void checkRolled(List<DataFile> files, long target, List<Row> rows, PartitionSpec spec, RecordFormat format,
      Path dir) throws IOException {
    Map<String, List<DataFile>> byPart = new LinkedHashMap<>();
    for (DataFile f : files) {
      byPart.computeIfAbsent(f.partition(), k -> new ArrayList<>()).add(f);
    }
    for (List<DataFile> part : byPart.values()) {
      for (int i = 0; i < part.size(); i++) {
        assertThat(part.get(i).name()).isEqualTo(String.format("part-r-%05d.%s", i, format.name()));
        if (i < part.size() - 1) {
          assertThat(part.get(i).bytes()).as(part.get(i).path()).isGreaterThanOrEqualTo(target);
        }
        assertThat(part.get(i).rows()).isPositive();
      }
    }
    Map<String, List<Row>> got = readBack(format, dir, spec, files);
    Map<String, List<Row>> expected = byPartition(spec, rows);
    assertThat(got).containsOnlyKeys(expected.keySet());
    expected.forEach((p, r) -> assertThat(got.get(p)).as(p).containsExactlyElementsOf(r));
  }

  @Test
  void randomRowsPartitionsBudgetsAndTargets(@TempDir Path root) throws Exception {
    Random seeds = new Random(2026);
    for (int trial = 0; trial < 25; trial++) {
      long seed = seeds.nextLong();
      Random random = new Random(seed);
      int months = 1 + random.nextInt(40);
      int n = random.nextInt(3000);
      int open = 1 + random.nextInt(6);
      long target = 200 + random.nextInt(20_000);
      long buffer = 1024 + random.nextInt(32 << 10);
      long batchBytes = switch (random.nextInt(3)) {
        case 0 -> 0; // every row straight to its writer
        case 1 -> 1 + random.nextInt(16 << 10); // many small batches
        default -> 16L << 20; // one batch, written at finish
      };
      RecordFormat format = random.nextBoolean() ? CSV : PARQUET;
      PartitionSpec spec = random.nextBoolean() ? months() : PartitionSpec.parse("mode, year(shipdate)", ITEMS);
      List<Row> rows = items(n, months, seed);
      Path dir = root.resolve("t" + trial);
      Path spill = root.resolve("spill" + trial);
      String what = "trial " + trial + " (seed " + seed + ", " + format.name() + ", " + spec + ", " + n + " rows, " + open
          + " open, target " + target + ", batch " + batchBytes + ")";
      List<DataFile> files = write(PartitionedWriter.builder(spec, format, FileSink.directory(dir), "q")
          .maxOpenWriters(open).spillDir(spill).spillBufferBytes(buffer).targetFileBytes(target).batchBytes(batchBytes),
          rows);
      assertThat(filesUnder(dir)).as(what).hasSize(files.size());
      assertThat(Files.exists(spill) ? filesUnder(spill) : List.of()).as(what).isEmpty();
      Map<String, List<Row>> expected = new HashMap<>();
      for (Row r : rows) {
        expected.computeIfAbsent(spec.path(r), k -> new ArrayList<>()).add(spec.fileSchema() == ITEMS ? r : project(spec, r));
      }
      Map<String, List<Row>> got = readBack(format, dir, spec, files);
      assertThat(got.keySet()).as(what).containsExactlyInAnyOrderElementsOf(expected.keySet());
      expected.forEach((p, r) -> assertThat(got.get(p)).as("%s: %s", what, p).containsExactlyElementsOf(r));
      for (DataFile f : files) {
        assertThat(f.name()).as(what).matches("part-q-\\d{5}\\." + format.name());
      }
    }
  }

  static Row project(PartitionSpec spec, Row r) {
    Schema fs = spec.fileSchema();
    Object[] values = new Object[fs.size()];
    for (int i = 0; i < values.length; i++) {
      values[i] = r.get(r.schema().indexOf(fs.field(i).name()));
    }
    return Row.of(fs, values);
  }

  @Test
  void unpartitionedTablesWriteAtTheRoot(@TempDir Path dir) throws Exception {
    List<Row> rows = items(100, 3, 1);
    List<DataFile> files = write(PartitionedWriter.builder(PartitionSpec.unpartitioned(ITEMS), CSV, FileSink.directory(dir), "u"),
        rows);
    assertThat(files).containsExactly(new DataFile("part-u-00000.csv", "", Map.of(), 100, Files.size(dir.resolve("part-u-00000.csv"))));
    assertThat(read(CSV, dir.resolve("part-u-00000.csv"), ITEMS)).containsExactlyElementsOf(rows);
  }

  @Test
  void nothingWrittenIsNoFile(@TempDir Path dir) throws Exception {
    assertThat(write(PartitionedWriter.builder(months(), PARQUET, FileSink.directory(dir), "e"), List.of())).isEmpty();
    assertThat(filesUnder(dir)).isEmpty();
  }

  @Test
  void aRowOfAnotherSchemaIsRefused(@TempDir Path dir) throws Exception {
    Schema other = Schema.builder().required("orderkey", FieldType.INT64).build();
    try (PartitionedWriter w = PartitionedWriter.builder(months(), CSV, FileSink.directory(dir), "s").build()) {
      w.write(items(1, 1, 1).getFirst());
      assertThatThrownBy(() -> w.write(Row.of(other, 1L)))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("row at index 1")
          .hasMessageContaining("orderkey INT64")
          .hasMessageContaining("PartitionSpec.schema()");
      assertThat(w.rows()).isEqualTo(1);
    }
  }

  @Test
  void writingAfterFinishOrCloseIsRefused(@TempDir Path dir) throws Exception {
    Row row = items(1, 1, 1).getFirst();
    PartitionedWriter w = PartitionedWriter.builder(months(), CSV, FileSink.directory(dir), "f").build();
    w.write(row);
    assertThat(w.finish()).hasSize(1);
    assertThatThrownBy(() -> w.write(row)).isInstanceOf(IllegalStateException.class).hasMessageContaining("already finished");
    assertThatThrownBy(w::finish).isInstanceOf(IllegalStateException.class).hasMessageContaining("already finished");
    w.close();
    w.close();
    PartitionedWriter c = PartitionedWriter.builder(months(), CSV, FileSink.directory(dir), "g").build();
    c.close();
    assertThatThrownBy(() -> c.write(row)).isInstanceOf(IllegalStateException.class).hasMessageContaining("already closed");
  }

  @Test
  void spillingWithoutASpillDirectoryFailsSayingWhatToSet(@TempDir Path dir) throws Exception {
    List<Row> rows = items(500, 12, 2);
    try (PartitionedWriter w = PartitionedWriter.builder(months(), CSV, FileSink.directory(dir), "n")
        .maxOpenWriters(2).build()) {
      assertThatThrownBy(() -> {
        for (Row r : rows) {
          w.write(r);
        }
      }).isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("only 2 writers")
          .hasMessageContaining("spillDir");
      assertThat(w.rows()).isLessThan(rows.size()).isGreaterThan(1);
    }
  }

  @Test
  void closeAbortsAndDeletesTheSpill(@TempDir Path dir, @TempDir Path spill) throws Exception {
    PartitionedWriter w = PartitionedWriter.builder(months(), PARQUET, FileSink.directory(dir), "a")
        .maxOpenWriters(1).spillDir(spill).spillBufferBytes(1024).build();
    for (Row r : items(2000, 20, 4)) {
      w.write(r);
    }
    assertThat(filesUnder(spill)).hasSize(1);
    w.close();
    w.close();
    assertThat(filesUnder(spill)).isEmpty();
    assertThatThrownBy(w::finish).isInstanceOf(IllegalStateException.class).hasMessageContaining("already closed");
  }

  @Test
  void badSettingsAreRefusedNamingThem(@TempDir Path dir) {
    FileSink sink = FileSink.directory(dir);
    assertThatThrownBy(() -> PartitionedWriter.builder(months(), CSV, sink, "a/b"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("File tag 'a/b'");
    assertThatThrownBy(() -> PartitionedWriter.builder(months(), CSV, sink, "t").targetFileBytes(0))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("targetFileBytes");
    assertThatThrownBy(() -> PartitionedWriter.builder(months(), CSV, sink, "t").spillBufferBytes(2L << 30))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("spillBufferBytes");
  }

  @Test
  void defaultsAndTheWriterCount(@TempDir Path dir) {
    FileSink sink = FileSink.directory(dir);
    assertThat(PartitionedWriter.builder(months(), ParquetFormat.DEFAULT, sink, "t").build().maxOpenWriters())
        .isEqualTo(PartitionedWriter.DEFAULT_MAX_OPEN_WRITERS);
    assertThat(PartitionedWriter.builder(months(), CSV, sink, "t").maxOpenWriters(7).build().maxOpenWriters()).isEqualTo(7);
    assertThatThrownBy(() -> PartitionedWriter.builder(months(), CSV, sink, "t").maxOpenWriters(0))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("maxOpenWriters");
  }

  @Test
  void parquetRowGroupsEndEarlyToKeepTheOpenWritersWithinTheBudget(@TempDir Path dir) throws Exception {
    PartitionSpec spec = months();
    List<Row> rows = items(60_000, 12, 5);
    long budget = 256 << 10;
    ParquetFormat format = ParquetFormat.builder().rowGroupBytes(64L << 20).build();
    PartitionedWriter w = PartitionedWriter.builder(spec, format, FileSink.directory(dir), "b").memoryBudgetBytes(budget)
        .batchBytes(32 << 10).build();
    for (Row r : rows) {
      w.write(r);
    }
    assertThat(w.spilledRows()).as("12 partitions, 128 writers: nothing spills").isZero();
    assertThat(w.earlyFlushes()).as("12 partitions' row groups do not fit in 256 KiB together").isPositive();
    List<DataFile> files = w.finish();
    assertThat(files).hasSize(12);
    // every file has several row groups (ended early), and the rows are all there, in order
    // every file has several row groups (one split per row group at a 1-byte target), the rows all there, in order
    Map<String, List<Row>> expected = byPartition(spec, rows);
    for (DataFile f : files) {
      assertThat(format.splits(InputFile.of(dir.resolve(f.path())), 1)).as(f.path()).hasSizeGreaterThan(1);
    }
    Map<String, List<Row>> got = readBack(format, dir, spec, files);
    for (String p : expected.keySet()) {
      assertThat(got.get(p)).as("rows of %s, in order", p).containsExactlyElementsOf(expected.get(p));
    }
    // with a budget the row groups fit in, no row group ends early: one per file
    Path dir2 = dir.resolve("roomy");
    PartitionedWriter roomy = PartitionedWriter.builder(spec, format, FileSink.directory(dir2), "b").build();
    for (Row r : rows) {
      roomy.write(r);
    }
    assertThat(roomy.earlyFlushes()).isZero();
    roomy.finish();
  }

  @Test
  void theDirectorySinkStaysUnderItsRoot(@TempDir Path dir) {
    FileSink sink = FileSink.directory(dir.resolve("table"));
    assertThatThrownBy(() -> sink.create("../escape.csv")).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'../escape.csv'");
    assertThatThrownBy(() -> sink.create("/etc/x")).isInstanceOf(IllegalArgumentException.class);
  }
}
