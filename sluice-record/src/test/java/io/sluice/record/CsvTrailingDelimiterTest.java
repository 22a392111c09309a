package io.sluice.record;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@link CsvFormat.Builder#trailingDelimiter}: records ending with the delimiter, as dbgen writes TPC-H tables. */
class CsvTrailingDelimiterTest {
  private static final Schema LINEITEM = Schema.parse("l_orderkey bigint not null, l_partkey bigint, l_quantity decimal(15,2),"
      + " l_shipdate date, l_comment string");
  private static final CsvFormat DBGEN = CsvFormat.builder().delimiter('|').newlinesInQuotes(false).trailingDelimiter(true).build();
  /** Lines as dbgen writes them (a trailing '|'); the last has a \r\n and the one before an empty comment. */
  private static final String TEXT = "1|155190|17.00|1996-03-13|egular courts above the|\n"
      + "1|67310|36.00|1996-04-12|ly final dependencies: slyly bold |\n"
      + "2|106170|38.00|1997-01-28||\n"
      + "3|4297|45.00|1994-02-02|ongside of the furiously brave acco|\r\n";
  private static final List<Row> ROWS = List.of(
      Row.of(LINEITEM, 1L, 155190L, new BigDecimal("17.00"), LocalDate.parse("1996-03-13"), "egular courts above the"),
      Row.of(LINEITEM, 1L, 67310L, new BigDecimal("36.00"), LocalDate.parse("1996-04-12"), "ly final dependencies: slyly bold "),
      Row.of(LINEITEM, 2L, 106170L, new BigDecimal("38.00"), LocalDate.parse("1997-01-28"), null),
      Row.of(LINEITEM, 3L, 4297L, new BigDecimal("45.00"), LocalDate.parse("1994-02-02"), "ongside of the furiously brave acco"));

  private static List<Row> read(CsvFormat format, Schema schema, String text, long target, List<BadRecord> bad) throws IOException {
    InputFile file = InputFile.of("lineitem.tbl", text.getBytes(StandardCharsets.UTF_8));
    ReadOptions options = ReadOptions.of(bad == null ? BadRecordPolicy.fail() : BadRecordPolicy.skipAndReport(bad::add));
    List<Row> rows = new ArrayList<>();
    for (Split split : format.splits(file, target)) {
      try (RecordReader r = format.reader(file, split, schema, options)) {
        while (r.next()) {
          rows.add(r.row().copy());
        }
      }
    }
    return rows;
  }

  @Test
  void aRecordEndingWithTheDelimiterHasNoExtraField() throws IOException {
    assertThat(read(DBGEN, LINEITEM, TEXT, 1 << 20, null)).isEqualTo(ROWS);
    assertThat(DBGEN.trailingDelimiter()).isTrue();
    assertThat(CsvFormat.DEFAULT.trailingDelimiter()).isFalse();
    assertThat(DBGEN.toBuilder().build()).isEqualTo(DBGEN).hasSameHashCodeAs(DBGEN);
    assertThat(DBGEN.toBuilder().trailingDelimiter(false).build()).isNotEqualTo(DBGEN);
    assertThat(DBGEN.toString()).contains("trailingDelimiter=true");
  }

  @Test
  void theLastLineNeedsNeitherALineBreakNorTheDelimiter() throws IOException {
    String noBreak = TEXT.substring(0, TEXT.length() - 2);
    assertThat(read(DBGEN, LINEITEM, noBreak, 1 << 20, null)).isEqualTo(ROWS);
    String noDelimiter = TEXT.replace("acco|\r\n", "acco");
    assertThat(read(DBGEN, LINEITEM, noDelimiter, 1 << 20, null)).isEqualTo(ROWS);
  }

  @Test
  void splitsCutAtAnyByteReadEveryRecordOnce() throws IOException {
    for (int target = 1; target <= TEXT.length(); target++) {
      assertThat(read(DBGEN, LINEITEM, TEXT, target, null)).as("splits of %d bytes", target).isEqualTo(ROWS);
    }
    // resynchronising splits (quoted line breaks allowed): a quoted last field followed by the delimiter
    CsvFormat resync = DBGEN.toBuilder().newlinesInQuotes(true).resynchronize(true).build();
    String quoted = TEXT.replace("|egular courts above the|", "|\"egular courts\nabove the\"|");
    List<Row> expected = new ArrayList<>(ROWS);
    expected.set(0, Row.of(LINEITEM, 1L, 155190L, new BigDecimal("17.00"), LocalDate.parse("1996-03-13"), "egular courts\nabove the"));
    for (int target = 1; target <= quoted.length(); target++) {
      assertThat(read(resync, LINEITEM, quoted, target, null)).as("splits of %d bytes", target).isEqualTo(expected);
    }
  }

  @Test
  void onlyOneEmptyFieldIsDroppedAndOnlyAtTheEnd() throws IOException {
    Schema three = Schema.parse("a string, b string, c string");
    assertThat(read(DBGEN, three, "x|y||\nx||z|\n\"\"|y|\"\"|\n", 1 << 20, null)).containsExactly(
        Row.of(three, "x", "y", null), Row.of(three, "x", null, "z"), Row.of(three, "", "y", ""));
    // one field: "|" is a record of one null field, an empty line too
    Schema one = Schema.parse("a string");
    assertThat(read(DBGEN, one, "|\nq|\n\n", 1 << 20, null)).containsExactly(
        Row.of(one, (Object) null), Row.of(one, "q"), Row.of(one, (Object) null));
  }

  @Test
  void aShortRecordIsBadAndTheReasonSaysWhy() throws IOException {
    Schema three = Schema.parse("a string, b string, c string");
    List<BadRecord> bad = new ArrayList<>();
    assertThat(read(DBGEN, three, "x|y|\nx|y|z|\n", 1 << 20, bad)).containsExactly(Row.of(three, "x", "y", "z"));
    assertThat(bad).singleElement().satisfies(b -> {
      assertThat(b.offset()).isZero();
      assertThat(b.reason()).isEqualTo("expected 3 fields, got 2 (the delimiter ending the record ends no field:"
          + " this format has trailingDelimiter(true))");
    });
  }

  @Test
  void withoutTheOptionTheErrorPointsToIt() {
    CsvFormat plain = DBGEN.toBuilder().trailingDelimiter(false).build();
    assertThatThrownBy(() -> read(plain, LINEITEM, TEXT, 1 << 20, null)).isInstanceOf(BadRecordException.class)
        .hasMessageContaining("lineitem.tbl").hasMessageContaining("expected 5 fields, got 6")
        .hasMessageContaining("the record ends with the delimiter; trailingDelimiter(true) reads such records");
  }

  @Test
  void headersAndInferenceSeeTheSameFields() throws IOException {
    String withHeader = "l_orderkey|l_partkey|l_quantity|l_shipdate|l_comment|\n" + TEXT;
    CsvFormat byName = DBGEN.toBuilder().header(CsvFormat.HeaderMode.BY_NAME).build();
    assertThat(read(byName, LINEITEM, withHeader, 1 << 20, null)).isEqualTo(ROWS);
    assertThat(read(byName, LINEITEM, withHeader, 40, null)).isEqualTo(ROWS); // later splits read the header at 0
    CsvFormat positional = DBGEN.toBuilder().header(true).build();
    assertThat(read(positional, LINEITEM, withHeader, 1 << 20, null)).isEqualTo(ROWS);

    Schema inferred = SchemaInference.defaults().infer(positional, withHeader.getBytes(StandardCharsets.UTF_8));
    assertThat(inferred.names()).containsExactly("l_orderkey", "l_partkey", "l_quantity", "l_shipdate", "l_comment");
    assertThat(inferred.field(3).type()).isEqualTo(FieldType.DATE);
    assertThat(SchemaInference.defaults().infer(DBGEN, TEXT.getBytes(StandardCharsets.UTF_8)).size()).isEqualTo(5);
  }

  @Test
  void theWriterEndsEveryRecordWithTheDelimiter() throws IOException {
    CsvFormat withHeader = DBGEN.toBuilder().header(true).build();
    String written = new String(Records.write(withHeader, LINEITEM, ROWS), StandardCharsets.UTF_8);
    assertThat(written).isEqualTo("l_orderkey|l_partkey|l_quantity|l_shipdate|l_comment|\n" + TEXT.replace("\r\n", "\n"));
    assertThat(read(withHeader, LINEITEM, written, 1 << 20, null)).isEqualTo(ROWS);
  }
}
