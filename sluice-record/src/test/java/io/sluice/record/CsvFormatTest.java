package io.sluice.record;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class CsvFormatTest {
  private static final Schema ORDERS = Schema.builder()
      .required("id", FieldType.STRING)
      .optional("qty", FieldType.INT32)
      .optional("price", FieldType.decimal(9, 2))
      .build();
  private static final CsvFormat CSV = CsvFormat.DEFAULT;
  private static final CsvFormat LINES = CsvFormat.builder().newlinesInQuotes(false).build();

  private final List<BadRecord> bad = new ArrayList<>();
  private final BadRecordPolicy collect = BadRecordPolicy.skipAndReport(bad::add);

  @Test
  void readsTypedFields() {
    assertThat(Records.readAll(CSV, ORDERS, "a,1,2.50\nb,-3,7\n", collect))
        .containsExactly(Row.of(ORDERS, "a", 1, new BigDecimal("2.50")), Row.of(ORDERS, "b", -3, new BigDecimal("7.00")));
    assertThat(bad).isEmpty();
  }

  @Test
  void quotedFieldsHoldDelimitersQuotesAndLineBreaks() {
    String text = "\"a,\"\"b\"\"\nc\",1,\r\n\"\",,\n";
    assertThat(Records.readAll(CSV, ORDERS, text, collect))
        .containsExactly(Row.of(ORDERS, "a,\"b\"\nc", 1, null), Row.of(ORDERS, "", null, null));
  }

  @Test
  void anEmptyUnquotedFieldIsNullAndQuotedEmptyIsTheEmptyString() {
    Schema s = Schema.builder().optional("a", FieldType.STRING).optional("b", FieldType.STRING).build();
    assertThat(Records.readAll(CSV, s, ",\"\"\n", collect)).containsExactly(Row.of(s, null, ""));
  }

  @Test
  void crLfEndsRecordsAndTheLastLineNeedsNoBreak() {
    assertThat(Records.readAll(CSV, ORDERS, "a,1,1\r\nb,2,2", collect)).extracting(r -> r.getString(0)).containsExactly("a", "b");
    assertThat(Records.readAll(CSV, ORDERS, "a,1,\"1\"\r\nb,2,\"2\"", collect)).hasSize(2);
  }

  @Test
  void blankLinesAreNotRecords() {
    assertThat(Records.readAll(CSV, ORDERS, "\na,1,1\n\r\n\nb,2,2\n\n", collect)).hasSize(2);
    assertThat(bad).isEmpty();
  }

  @Test
  void withOneFieldABlankLineIsANull() {
    Schema one = Schema.of(Field.optional("a", FieldType.INT64));
    List<Row> rows = new ArrayList<>();
    rows.add(Row.of(one, 1L));
    rows.add(Row.of(one, (Object) null));
    rows.add(Row.of(one, 3L));
    byte[] data = Records.write(CSV, one, rows);
    assertThat(new String(data, StandardCharsets.UTF_8)).isEqualTo("1\n\n3\n");
    assertThat(Records.readAll(CSV, one, data, collect)).isEqualTo(rows);
  }

  @Test
  void theHeaderIsSkippedOnlyAtOffsetZero() {
    CsvFormat withHeader = CsvFormat.builder().header(true).newlinesInQuotes(false).build();
    byte[] data = "id,qty,price\na,1,1\nb,2,2\n".getBytes(StandardCharsets.UTF_8);
    assertThat(Records.readAll(withHeader, ORDERS, data, collect)).hasSize(2);
    assertThat(Records.readByRanges(withHeader, ORDERS, data, List.of(5, 14, 15), collect)).hasSize(2);
    assertThat(bad).isEmpty();
  }

  @Test
  void badRecordsAreReportedWithObjectOffsetReasonAndText() {
    String text = "a,1,1\nb,2\nc,x,1\nd,1,1.234\n\"e,1,1\n,1,1\nf,1,1\n";
    List<Row> rows = Records.readAll(LINES, ORDERS, text, collect);
    assertThat(rows).extracting(r -> r.getString(0)).containsExactly("a", "f");
    assertThat(bad).extracting(BadRecord::offset).containsExactly(6L, 10L, 16L, 26L, 33L);
    assertThat(bad).extracting(BadRecord::reason).containsExactly(
        "expected 3 fields, got 2",
        "field 'qty' (INT32): 'x' is not an integer",
        "field 'price' (DECIMAL(9,2)): '1.234' has more than 2 digits after the point, which DECIMAL(9,2) holds",
        "unterminated quoted field 'id' (the line ends inside quotes; this format has newlinesInQuotes(false))",
        "field 'id' is empty but required");
    assertThat(bad.get(0)).isEqualTo(new BadRecord("mem", 6, "expected 3 fields, got 2", "b,2"));
  }

  @Test
  void textAfterAClosingQuoteIsABadRecord() {
    Records.readAll(CSV, ORDERS, "\"a\"x,1,1\nb,1,1\n", collect);
    assertThat(bad).singleElement().satisfies(b -> {
      assertThat(b.reason()).isEqualTo("unexpected character after the closing quote of field 'id'");
      assertThat(b.raw()).isEqualTo("\"a\"x,1,1");
    });
  }

  @Test
  void anUnterminatedQuoteRunsToTheEndWhenNewlinesAreAllowedInQuotes() {
    assertThat(Records.readAll(CSV, ORDERS, "a,1,1\n\"b,1,1\nc,1,1\n", collect)).hasSize(1);
    assertThat(bad).singleElement().satisfies(b -> {
      assertThat(b.offset()).isEqualTo(6);
      assertThat(b.reason()).contains("unterminated quoted field 'id'");
    });
  }

  @Test
  void failPolicyThrowsNamingObjectOffsetAndReason() {
    assertThatThrownBy(() -> Records.read(LINES, ORDERS,
        RecordSource.of("input/orders.csv", new ByteArrayInputStream("a,1,1\nb,oops,1\n".getBytes(StandardCharsets.UTF_8))),
        BadRecordPolicy.fail()))
        .isInstanceOf(BadRecordException.class)
        .hasMessage("Bad record in 'input/orders.csv' at byte 6: field 'qty' (INT32): 'oops' is not an integer (record: b,oops,1)");
  }

  @Test
  void parsesEveryType() {
    Schema all = Schema.builder()
        .required("l", FieldType.INT64).required("d", FieldType.FLOAT64).required("b", FieldType.BOOLEAN)
        .required("day", FieldType.DATE).required("ts", FieldType.TIMESTAMP).required("big", FieldType.decimal(25, 3))
        .build();
    String text = "-9223372036854775808,1e3,TRUE,2024-02-29,2026-11-01T08:30:00.5+01:00,-1234567890123456789012.5\n"
        + "9223372036854775807,NaN,false,1970-01-01,2026-11-01 08:30:00,0\n";
    List<Row> rows = Records.readAll(CSV, all, text, BadRecordPolicy.fail());
    assertThat(rows.get(0)).isEqualTo(Row.of(all, Long.MIN_VALUE, 1000.0, true, LocalDate.of(2024, 2, 29),
        Instant.parse("2026-11-01T07:30:00.5Z"), new BigDecimal("-1234567890123456789012.500")));
    assertThat(rows.get(1)).isEqualTo(Row.of(all, Long.MAX_VALUE, Double.NaN, false, LocalDate.EPOCH,
        Instant.parse("2026-11-01T08:30:00Z"), new BigDecimal("0.000")));
  }

  @Test
  void refusesValuesThatAreNotExactlyTheirType() {
    Schema s = Schema.builder().optional("i", FieldType.INT32).optional("day", FieldType.DATE)
        .optional("ts", FieldType.TIMESTAMP).optional("b", FieldType.BOOLEAN).build();
    Records.readAll(CSV, s, "2147483648,,,\n,2026-02-30,,\n,,2026-11-01T08:30:00.0000001Z,\n,,,yes\n 1,,,\n", collect);
    assertThat(bad).extracting(BadRecord::reason).containsExactly(
        "field 'i' (INT32): '2147483648' is out of the INT32 range",
        "field 'day' (DATE): '2026-02-30' is not a valid date",
        "field 'ts' (TIMESTAMP): '2026-11-01T08:30:00.0000001Z' is more precise than microseconds",
        "field 'b' (BOOLEAN): 'yes' is not a boolean (true or false)",
        "field 'i' (INT32): ' 1' is not an integer");
  }

  @Test
  void aFormatThatAllowsNewlinesInQuotesRefusesRangesNotStartingAtARecord() {
    byte[] data = "a,1,1\nb,2,2\n".getBytes(StandardCharsets.UTF_8);
    assertThat(CSV.splittable()).isFalse();
    assertThat(LINES.splittable()).isTrue();
    assertThatThrownBy(() -> CSV.reader(Records.range(data, 3, 12), ORDERS, collect))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("must start at a record boundary");
    RecordSource continuation = RecordSource.continuation("mem", 6, 12, off -> new ByteArrayInputStream(data, (int) off, 12 - (int) off));
    assertThat(Records.read(CSV, ORDERS, continuation, collect)).extracting(r -> r.getString(0)).containsExactly("b");
  }

  @Test
  void positionIsWhereTheNextRecordStarts() throws Exception {
    byte[] data = "a,1,1\n\nbb,2,2\r\nc,3,3".getBytes(StandardCharsets.UTF_8);
    try (RecordReader r = LINES.reader(Records.range(data, 0, data.length), ORDERS, collect)) {
      assertThat(r.position()).isZero();
      assertThat(r.next()).isTrue();
      assertThat(r.recordOffset()).isZero();
      assertThat(r.position()).isEqualTo(6);
      assertThat(r.next()).isTrue();
      assertThat(r.recordOffset()).isEqualTo(7);
      assertThat(r.position()).isEqualTo(15);
      assertThat(r.next()).isTrue();
      assertThat(r.position()).isEqualTo(data.length);
      assertThat(r.next()).isFalse();
    }
  }

  private static final String EXPECTED =
      "a,b,c,t,p\nplain é,\"x,\"\"y\"\"\nz\",2026-11-01,2026-11-01T08:30:00.000001Z,-0.05\n\"\",,,1970-01-01T00:00:00Z,123.40\n";

  @Test
  void writerQuotesOnlyWhatNeedsIt() throws Exception {
    Schema s = Schema.builder().optional("a", FieldType.STRING).optional("b", FieldType.STRING).optional("c", FieldType.DATE)
        .optional("t", FieldType.TIMESTAMP).optional("p", FieldType.decimal(5, 2)).build();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (RecordWriter w = CsvFormat.builder().header(true).build().writer(out, s)) {
      w.write(Row.of(s, "plain é", "x,\"y\"\nz", LocalDate.of(2026, 11, 1), Instant.parse("2026-11-01T08:30:00.000001Z"),
          new BigDecimal("-0.05")));
      w.write(Row.of(s, "", null, null, Instant.EPOCH, new BigDecimal("123.40")));
      assertThat(w.records()).isEqualTo(2);
      assertThat(w.bytesWritten()).isEqualTo(EXPECTED.getBytes(StandardCharsets.UTF_8).length);
    }
    assertThat(out.toString(StandardCharsets.UTF_8)).isEqualTo(EXPECTED);
  }

  @Test
  void writerRefusesWhatTheFormatCannotHold() {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    RecordWriter w = LINES.writer(out, ORDERS);
    assertThatThrownBy(() -> w.write(Row.of(ORDERS, "a\nb", 1, null)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("Field 'id' of row 1 holds a line break");
    MutableRow missing = new MutableRow(ORDERS);
    assertThatThrownBy(() -> w.write(missing)).hasMessageContaining("Field 'id' is required but null");
    Schema other = Schema.of(Field.required("id", FieldType.STRING));
    assertThatThrownBy(() -> w.write(Row.of(other, "a"))).hasMessageContaining("given to a writer of schema");
  }

  @Test
  void builderRefusesUnusableCharacters() {
    assertThatThrownBy(() -> CsvFormat.builder().delimiter('"').build()).hasMessageContaining("must differ, both are '\"'");
    assertThatThrownBy(() -> CsvFormat.builder().delimiter('\n').build()).hasMessageContaining("got \\n");
    assertThatThrownBy(() -> CsvFormat.builder().quote('é').build()).hasMessageContaining("U+00E9");
    CsvFormat tsv = CsvFormat.builder().delimiter('\t').quote('\'').build();
    assertThat(Records.readAll(tsv, ORDERS, "'a\tb'\t1\t2\n", collect)).containsExactly(Row.of(ORDERS, "a\tb", 1, new BigDecimal("2.00")));
  }
}
