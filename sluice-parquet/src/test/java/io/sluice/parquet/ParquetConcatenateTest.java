package io.sluice.parquet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sluice.record.BadRecordPolicy;
import io.sluice.record.FieldType;
import io.sluice.record.InputFile;
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

/** {@link ParquetFormat#concatenate}: row groups copied, rows kept in order, schemas checked. */
class ParquetConcatenateTest {
  private static final Schema SCHEMA = Schema.builder()
      .required("id", FieldType.INT64)
      .optional("name", FieldType.STRING)
      .optional("price", FieldType.decimal(12, 2))
      .build();

  private static List<Row> rows(int from, int n) {
    List<Row> rows = new ArrayList<>();
    MutableRow r = new MutableRow(SCHEMA);
    for (int k = from; k < from + n; k++) {
      r.setLong(0, k);
      if (k % 7 == 0) {
        r.setNull(1);
      } else {
        r.setString(1, "name " + k);
      }
      r.setDecimal(2, BigDecimal.valueOf(k * 12345L, 2));
      rows.add(r.copy());
    }
    return rows;
  }

  private static InputFile file(String name, ParquetFormat format, Schema schema, List<Row> rows) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (RecordWriter w = format.writer(out, schema)) {
      for (Row r : rows) {
        w.write(r);
      }
    }
    return InputFile.of(name, out.toByteArray());
  }

  private static List<Row> read(InputFile file) throws IOException {
    List<Row> read = new ArrayList<>();
    for (Split s : ParquetFormat.DEFAULT.splits(file, 1)) {
      try (RecordReader in = ParquetFormat.DEFAULT.reader(file, s, SCHEMA, ReadOptions.of(BadRecordPolicy.fail()))) {
        while (in.next()) {
          read.add(in.row().copy());
        }
      }
    }
    return read;
  }

  @Test
  void rowGroupsOfEveryInputAreCopiedInOrder() throws IOException {
    ParquetFormat small = ParquetFormat.builder().rowGroupRows(400).build();
    List<Row> a = rows(0, 1000);
    List<Row> b = rows(1000, 10);
    List<Row> c = rows(1010, 2500);
    List<InputFile> inputs = List.of(file("a", small, SCHEMA, a), file("b", ParquetFormat.DEFAULT, SCHEMA, b),
        file("c", small, SCHEMA, c));
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    long rows = ParquetFormat.concatenate(inputs, out);
    InputFile joined = InputFile.of("joined", out.toByteArray());
    List<Row> expected = new ArrayList<>(a);
    expected.addAll(b);
    expected.addAll(c);
    assertThat(rows).isEqualTo(expected.size());
    assertThat(read(joined)).containsExactlyElementsOf(expected);
    // 3 + 1 + 7 row groups, none decoded and re-encoded into others
    assertThat(ParquetFormat.DEFAULT.splits(joined, 1)).hasSize(3 + 1 + 7);
    assertThat(ParquetFormat.schemaOf(joined)).isEqualTo(SCHEMA);
  }

  @Test
  void anInputOfAnotherSchemaIsRefusedNamingIt() throws IOException {
    Schema other = Schema.builder().required("id", FieldType.INT64).build();
    MutableRow r = new MutableRow(other);
    r.setLong(0, 1);
    List<InputFile> inputs = List.of(file("first.parquet", ParquetFormat.DEFAULT, SCHEMA, rows(0, 5)),
        file("odd.parquet", ParquetFormat.DEFAULT, other, List.of(r.copy())));
    assertThatThrownBy(() -> ParquetFormat.concatenate(inputs, new ByteArrayOutputStream()))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("odd.parquet").hasMessageContaining("first.parquet");
    assertThatThrownBy(() -> ParquetFormat.concatenate(List.of(InputFile.of("junk.parquet", new byte[] {1, 2, 3})),
        new ByteArrayOutputStream())).isInstanceOf(IOException.class).hasMessageContaining("junk.parquet");
  }
}
