package io.sluice.parquet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sluice.record.BadRecord;
import io.sluice.record.BadRecordPolicy;
import io.sluice.record.FieldType;
import io.sluice.record.InputFile;
import io.sluice.record.InvalidSchemaException;
import io.sluice.record.MutableRow;
import io.sluice.record.ReadOptions;
import io.sluice.record.RecordReader;
import io.sluice.record.RecordWriter;
import io.sluice.record.Row;
import io.sluice.record.Schema;
import io.sluice.record.Split;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class ParquetFormatTest {
  private static final Schema SCHEMA = Schema.builder()
      .required("id", FieldType.INT64)
      .optional("name", FieldType.STRING)
      .optional("price", FieldType.decimal(12, 2))
      .build();

  private static List<Row> rows(int n) {
    List<Row> rows = new ArrayList<>();
    MutableRow r = new MutableRow(SCHEMA);
    for (int k = 0; k < n; k++) {
      r.setLong(0, k);
      r.setString(1, "name " + k);
      r.setDecimal(2, BigDecimal.valueOf(k * 12345L, 2));
      rows.add(r.copy());
    }
    return rows;
  }

  private static byte[] write(ParquetFormat format, Schema schema, List<Row> rows) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (RecordWriter w = format.writer(out, schema)) {
      for (Row r : rows) {
        w.write(r);
      }
    }
    return out.toByteArray();
  }

  private static List<Row> read(InputFile file, Schema schema, ReadOptions options) throws IOException {
    List<Row> read = new ArrayList<>();
    for (Split s : ParquetFormat.DEFAULT.splits(file, 1 << 20)) {
      try (RecordReader in = ParquetFormat.DEFAULT.reader(file, s, schema, options)) {
        while (in.next()) {
          read.add(in.row().copy());
        }
      }
    }
    return read;
  }

  @ParameterizedTest
  @EnumSource(ParquetFormat.Compression.class)
  void everyCompressionRoundTrips(ParquetFormat.Compression compression) throws IOException {
    List<Row> rows = rows(3000);
    byte[] data = write(ParquetFormat.builder().compression(compression).build(), SCHEMA, rows);
    assertThat(read(InputFile.of("f", data), SCHEMA, ReadOptions.of(BadRecordPolicy.fail()))).isEqualTo(rows);
  }

  @Test
  void bytesWrittenCountsTheBufferedRowGroupSoCallersCanRoll() throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (RecordWriter w = ParquetFormat.DEFAULT.writer(out, SCHEMA)) {
      long before = w.bytesWritten();
      for (Row r : rows(20_000)) {
        w.write(r);
      }
      // nothing reached the stream yet beyond the header (one 128 MB row group is still buffering)
      assertThat(out.size()).isLessThan(100);
      assertThat(w.bytesWritten()).isGreaterThan(before + 50_000);
      assertThat(w.records()).isEqualTo(20_000);
    }
  }

  @Test
  void aRowWithANullRequiredFieldIsRefusedNamingItAndTheFileStaysGood() throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    List<Row> rows = rows(3);
    try (RecordWriter w = ParquetFormat.DEFAULT.writer(out, SCHEMA)) {
      w.write(rows.get(0));
      MutableRow bad = new MutableRow(SCHEMA);
      bad.setString(1, "no id");
      assertThatThrownBy(() -> w.write(bad)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'id'");
      w.write(rows.get(1));
    }
    assertThat(read(InputFile.of("f", out.toByteArray()), SCHEMA, ReadOptions.of(BadRecordPolicy.fail())))
        .isEqualTo(rows.subList(0, 2));
  }

  @Test
  void aColumnMissingFromTheFileIsRefusedNamingIt() throws IOException {
    InputFile file = InputFile.of("f.parquet", write(ParquetFormat.DEFAULT, SCHEMA, rows(5)));
    Schema wanted = Schema.builder().required("id", FieldType.INT64).optional("color", FieldType.STRING).build();
    assertThatThrownBy(() -> ParquetFormat.DEFAULT.reader(file, Split.whole(file.length()), wanted, ReadOptions.of(BadRecordPolicy.fail())))
        .isInstanceOf(InvalidSchemaException.class).hasMessageContaining("'color'").hasMessageContaining("f.parquet");
    Schema mistyped = Schema.builder().required("id", FieldType.STRING).build();
    assertThatThrownBy(() -> ParquetFormat.DEFAULT.reader(file, Split.whole(file.length()), mistyped, ReadOptions.of(BadRecordPolicy.fail())))
        .isInstanceOf(InvalidSchemaException.class).hasMessageContaining("'id'");
  }

  @Test
  void valuesThatDoNotFitTheSchemaAreBadRecordsAtTheirRowGroup() throws IOException {
    InputFile file = InputFile.of("f.parquet", write(ParquetFormat.DEFAULT, SCHEMA, rows(100)));
    // price is DECIMAL(12,2) in the file; as DECIMAL(5,2) only values below 1000 fit (k * 123.45 < 1000: k <= 8)
    Schema narrow = Schema.builder().required("id", FieldType.INT64).optional("price", FieldType.decimal(5, 2)).build();
    List<BadRecord> bad = new ArrayList<>();
    List<Row> read = read(file, narrow, ReadOptions.of(BadRecordPolicy.skipAndReport(bad::add)));
    assertThat(read).hasSize(9);
    assertThat(bad).hasSize(91);
    assertThat(bad.get(0).source()).isEqualTo("f.parquet");
    assertThat(bad.get(0).reason()).contains("row 9 of the row group").contains("'price'");
  }

  @Test
  void schemaOfGivesTheWrittenSchema() throws IOException {
    InputFile file = InputFile.of("f", write(ParquetFormat.DEFAULT, SCHEMA, rows(1)));
    assertThat(ParquetFormat.schemaOf(file)).isEqualTo(SCHEMA);
  }
}
