package io.sluice.record;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@link CsvFormat.HeaderMode#BY_NAME}: columns matched to the schema by the header's names. */
class CsvHeaderByNameTest {
  private static final Schema ORDERS = Schema.parse("id bigint not null, name string, price decimal(9,2)");
  private static final CsvFormat BY_NAME = CsvFormat.builder().header(CsvFormat.HeaderMode.BY_NAME).newlinesInQuotes(false).build();
  private static final String TEXT = "price,id,name\n1.50,1,apple\n2.00,2,\"pear, green\"\n";

  static List<Row> read(CsvFormat format, Schema schema, String text, Split split) throws IOException {
    InputFile file = InputFile.of("orders.csv", text.getBytes(StandardCharsets.UTF_8));
    List<Row> out = new ArrayList<>();
    try (RecordReader r = format.reader(file, split, schema, ReadOptions.of(BadRecordPolicy.fail()))) {
      while (r.next()) {
        out.add(r.row().copy());
      }
    }
    return out;
  }

  static List<Row> readAll(CsvFormat format, Schema schema, String text) throws IOException {
    return read(format, schema, text, Split.whole(text.getBytes(StandardCharsets.UTF_8).length));
  }

  @Test
  void columnsAreMatchedByNameInAnyOrder() throws IOException {
    assertThat(readAll(BY_NAME, ORDERS, TEXT)).containsExactly(
        Row.of(ORDERS, 1L, "apple", new BigDecimal("1.50")), Row.of(ORDERS, 2L, "pear, green", new BigDecimal("2.00")));
  }

  @Test
  void aSplitNotAtZeroReadsTheHeaderFromOffsetZero() throws IOException {
    int second = TEXT.indexOf("2.00");
    List<Row> all = new ArrayList<>();
    all.addAll(read(BY_NAME, ORDERS, TEXT, new Split(0, 20)));
    all.addAll(read(BY_NAME, ORDERS, TEXT, new Split(20, TEXT.length())));
    assertThat(all).containsExactlyElementsOf(readAll(BY_NAME, ORDERS, TEXT));
    assertThat(read(BY_NAME, ORDERS, TEXT, new Split(second, TEXT.length()))).hasSize(1);
  }

  @Test
  void aContinuationReadsTheHeaderToo() throws IOException {
    InputFile file = InputFile.of("orders.csv", TEXT.getBytes(StandardCharsets.UTF_8));
    Split whole = Split.whole(file.length());
    Position after;
    try (RecordReader r = BY_NAME.reader(file, whole, ORDERS, ReadOptions.of(BadRecordPolicy.fail()))) {
      assertThat(r.next()).isTrue();
      after = r.continuation();
    }
    try (RecordReader r = BY_NAME.reader(file, whole, after, ORDERS, ReadOptions.of(BadRecordPolicy.fail()))) {
      assertThat(r.next()).isTrue();
      assertThat(r.row().getString(1)).isEqualTo("pear, green");
      assertThat(r.row().getLong(0)).isEqualTo(2);
      assertThat(r.next()).isFalse();
    }
  }

  @Test
  void aMissingColumnIsNamedWithTheHeader() {
    assertThatThrownBy(() -> readAll(BY_NAME, ORDERS, "price,name\n1.50,apple\n"))
        .isInstanceOf(InvalidSchemaException.class)
        .hasMessageContaining("Schema field 'id' is not in the CSV header of 'orders.csv'")
        .hasMessageContaining("header: [price, name]");
  }

  @Test
  void namesMatchExactlyUnlessToldToIgnoreCase() throws IOException {
    String upper = "PRICE,Id,name\n1.50,1,apple\n";
    assertThatThrownBy(() -> readAll(BY_NAME, ORDERS, upper))
        .isInstanceOf(InvalidSchemaException.class)
        .hasMessageContaining("'id' is not in the CSV header")
        .hasMessageContaining("headerIgnoreCase(true) ignores case");
    CsvFormat ignoreCase = BY_NAME.toBuilder().headerIgnoreCase(true).build();
    assertThat(readAll(ignoreCase, ORDERS, upper)).hasSize(1);
    assertThatThrownBy(() -> readAll(ignoreCase, Schema.parse("a int, A int"), "a\n1\n"))
        .isInstanceOf(InvalidSchemaException.class).hasMessageContaining("'a' and 'A' differ only in case");
  }

  @Test
  void extraColumnsAreRefusedUnlessIgnored() throws IOException {
    String extra = "id,colour,name,price,size\n1,red,apple,1.50,L\n";
    assertThatThrownBy(() -> readAll(BY_NAME, ORDERS, extra))
        .isInstanceOf(InvalidSchemaException.class)
        .hasMessageContaining("has columns 'colour' (column 2), 'size' (column 5) that schema")
        .hasMessageContaining("ignoreExtraColumns(true) skips them");
    CsvFormat lenient = BY_NAME.toBuilder().ignoreExtraColumns(true).build();
    assertThat(readAll(lenient, ORDERS, extra)).containsExactly(Row.of(ORDERS, 1L, "apple", new BigDecimal("1.50")));
  }

  @Test
  void aColumnNamedTwiceIsRefused() {
    assertThatThrownBy(() -> readAll(BY_NAME, ORDERS, "id,name,price,id\n1,a,1.00,2\n"))
        .isInstanceOf(InvalidSchemaException.class)
        .hasMessageContaining("names field 'id' twice (columns 1 and 4)");
  }

  @Test
  void recordsMustHaveTheHeadersFieldCount() throws IOException {
    List<BadRecord> bad = new ArrayList<>();
    InputFile file = InputFile.of("orders.csv", "id,name,price\n1,a\n".getBytes(StandardCharsets.UTF_8));
    try (RecordReader r = BY_NAME.reader(file, Split.whole(file.length()), ORDERS, ReadOptions.of(BadRecordPolicy.skipAndReport(bad::add)))) {
      assertThat(r.next()).isFalse();
    }
    assertThat(bad).singleElement().satisfies(b -> assertThat(b.reason()).isEqualTo("expected 3 fields (as the header has), got 2"));
  }

  @Test
  void anEmptyObjectReadsAsNothing() throws IOException {
    assertThat(readAll(BY_NAME, ORDERS, "")).isEmpty();
  }

  @Test
  void optionsOfMatchingNeedMatchingByName() {
    assertThatThrownBy(() -> CsvFormat.builder().header(true).ignoreExtraColumns(true).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("ignoreExtraColumns applies only to header(HeaderMode.BY_NAME)");
  }

  @Test
  void theWriterWritesTheHeaderItReads() throws IOException {
    Row row = Row.of(ORDERS, 7L, "fig", new BigDecimal("3.25"));
    String text = new String(Records.write(BY_NAME, ORDERS, List.of(row)), StandardCharsets.UTF_8);
    assertThat(text).startsWith("id,name,price\n");
    assertThat(readAll(BY_NAME, ORDERS, text)).containsExactly(row);
  }
}
