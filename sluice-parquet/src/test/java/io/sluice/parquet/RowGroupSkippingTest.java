package io.sluice.parquet;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.record.BadRecordPolicy;
import io.sluice.record.FieldType;
import io.sluice.record.InputFile;
import io.sluice.record.MutableRow;
import io.sluice.record.ReadOptions;
import io.sluice.record.RecordPredicate;
import io.sluice.record.RecordReader;
import io.sluice.record.RecordWriter;
import io.sluice.record.Row;
import io.sluice.record.Schema;
import io.sluice.record.Split;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Row groups ruled out by their statistics are not read; projections read only their columns' bytes. */
class RowGroupSkippingTest {
  private static final Schema SCHEMA = Schema.builder()
      .required("id", FieldType.INT64)
      .required("tenant", FieldType.STRING)
      .optional("at", FieldType.TIMESTAMP)
      .optional("payload", FieldType.STRING)
      .build();

  /** 10 row groups of 1,000 rows; ids ascend, so each row group holds one id range. */
  private static List<Row> rows() {
    List<Row> rows = new ArrayList<>();
    MutableRow r = new MutableRow(SCHEMA);
    for (int k = 0; k < 10_000; k++) {
      r.setLong(0, k);
      r.setString(1, "tenant-" + (k / 1000));
      r.setTimestamp(2, Instant.ofEpochSecond(1_700_000_000L + k));
      r.setString(3, "payload " + k + " " + "x".repeat(k % 50));
      rows.add(r.copy());
    }
    return rows;
  }

  private static byte[] write(List<Row> rows) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (RecordWriter w = ParquetFormat.builder().rowGroupRows(1000).build().writer(out, SCHEMA)) {
      for (Row r : rows) {
        w.write(r);
      }
    }
    return out.toByteArray();
  }

  private static List<Row> read(InputFile file, ReadOptions options) throws IOException {
    List<Row> read = new ArrayList<>();
    for (Split s : ParquetFormat.DEFAULT.splits(file, 1 << 20)) {
      try (RecordReader in = ParquetFormat.DEFAULT.reader(file, s, SCHEMA, options)) {
        while (in.next()) {
          read.add(in.row().copy());
        }
      }
    }
    return read;
  }

  @Test
  void aFilterSkipsRowGroupsItRulesOutAndKeepsEveryMatchingRow() throws IOException {
    List<Row> rows = rows();
    byte[] data = write(rows);
    CountingInputFile all = new CountingInputFile(InputFile.of("all", data));
    assertThat(read(all, ReadOptions.of(BadRecordPolicy.fail()))).isEqualTo(rows);

    for (RecordPredicate p : List.of(
        RecordPredicate.and(RecordPredicate.ge("id", 2500L), RecordPredicate.lt("id", 3200L)),
        RecordPredicate.eq("tenant", "tenant-7"),
        RecordPredicate.gt("at", Instant.ofEpochSecond(1_700_000_000L + 8_999)),
        RecordPredicate.not(RecordPredicate.ge("id", 1000L)))) {
      CountingInputFile filtered = new CountingInputFile(InputFile.of("filtered", data));
      List<Row> read = read(filtered, ReadOptions.builder().badRecords(BadRecordPolicy.fail()).filter(p).build());
      List<Row> expected = rows.stream().filter(p::test).toList();
      assertThat(expected).isNotEmpty();
      assertThat(read.stream().filter(p::test).toList()).as("every matching row of %s", p).isEqualTo(expected);
      assertThat(read.size()).as("rows read for %s", p).isLessThanOrEqualTo(2000);
      assertThat(filtered.bytesRead.get()).as("bytes read for %s", p).isLessThan(all.bytesRead.get() / 3);
    }
  }

  @Test
  void aFilterNoRowGroupCanMatchReadsNoColumnChunk() throws IOException {
    byte[] data = write(rows());
    CountingInputFile file = new CountingInputFile(InputFile.of("f", data));
    List<Row> read = read(file, ReadOptions.builder().badRecords(BadRecordPolicy.fail()).filter(RecordPredicate.gt("id", 10_000L)).build());
    assertThat(read).isEmpty();
    // two footer reads (splits, then the reader), each a few KB: no data page
    assertThat(file.bytesRead.get()).isLessThan(data.length / 10);
  }

  @Test
  void aProjectionReadsOnlyItsColumnsBytes() throws IOException {
    List<Row> rows = rows();
    byte[] data = write(rows);
    CountingInputFile all = new CountingInputFile(InputFile.of("all", data));
    read(all, ReadOptions.of(BadRecordPolicy.fail()));
    CountingInputFile ids = new CountingInputFile(InputFile.of("ids", data));
    List<Row> read = read(ids, ReadOptions.builder().badRecords(BadRecordPolicy.fail()).project("id").build());
    assertThat(read).hasSize(rows.size());
    assertThat(read.get(1234).getLong(0)).isEqualTo(1234L);
    // id is a small share of the file (payload dominates): its chunks and the footers only
    assertThat(ids.bytesRead.get()).isLessThan(all.bytesRead.get() / 3);
  }
}
