package io.sluice.record;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** {@link CsvFormat.Builder#escape(char)} and {@link CsvFormat.Builder#nullString(String...)}, rule by rule. */
class CsvEscapeAndNullMarkersTest {
  private static final Schema S = Schema.parse("id bigint, note string");
  private static final CsvFormat BACKSLASH = CsvFormat.builder().escape('\\').build();
  private static final CsvFormat MARKERS = CsvFormat.builder().nullString("\\N", "NULL").build();

  private final List<BadRecord> bad = new ArrayList<>();
  private final BadRecordPolicy collect = BadRecordPolicy.skipAndReport(bad::add);

  private List<Row> read(CsvFormat format, Schema schema, String text) {
    return Records.readAll(format, schema, text, collect);
  }

  private static String write(CsvFormat format, Schema schema, Row... rows) {
    return new String(Records.write(format, schema, List.of(rows)), StandardCharsets.UTF_8);
  }

  // ---- escape

  @Test
  void insideQuotesTheEscapeMakesTheNextCharacterLiteral() {
    String text = "1,\"a\\\"b\"\n2,\"c\\\\d\"\n3,\"e\\xf\"\n4,\"g\\,h\"\n5,\"\\\"\"\n";
    assertThat(read(BACKSLASH, S, text)).containsExactly(Row.of(S, 1L, "a\"b"), Row.of(S, 2L, "c\\d"), Row.of(S, 3L, "exf"),
        Row.of(S, 4L, "g,h"), Row.of(S, 5L, "\""));
    assertThat(bad).isEmpty();
  }

  @Test
  void outsideQuotesTheEscapeIsText() {
    assertThat(read(BACKSLASH, S, "1,C:\\temp\n2,a\\\"b\n3,\\\n")).containsExactly(
        Row.of(S, 1L, "C:\\temp"), Row.of(S, 2L, "a\\\"b"), Row.of(S, 3L, "\\"));
  }

  @Test
  void anEscapedLineBreakIsPartOfTheFieldWhereQuotedLineBreaksAreAllowed() {
    assertThat(read(BACKSLASH, S, "1,\"a\\\nb\"\n")).containsExactly(Row.of(S, 1L, "a\nb"));
    // with newlinesInQuotes(false) every \n ends a record, escaped or not
    CsvFormat lines = CsvFormat.builder().escape('\\').newlinesInQuotes(false).build();
    assertThat(read(lines, S, "1,\"a\\\nb\"\n2,ok\n")).containsExactly(Row.of(S, 2L, "ok"));
    assertThat(bad).extracting(BadRecord::reason).first().asString().contains("unterminated quoted field 'note'");
  }

  @Test
  void aDoubledQuoteIsABadRecordWhenThereIsAnEscape() {
    assertThat(read(BACKSLASH, S, "1,\"a\"\"b\"\n2,\"c\"\n")).containsExactly(Row.of(S, 2L, "c"));
    assertThat(bad).singleElement().satisfies(b -> {
      assertThat(b.offset()).isZero();
      assertThat(b.reason()).contains("after the closing quote of field 'note'").contains("escaped with '\\' in this format, not doubled");
    });
    // without an escape, doubling is the rule and a backslash is text
    assertThat(read(CsvFormat.DEFAULT, S, "1,\"a\"\"b\\\"\n")).containsExactly(Row.of(S, 1L, "a\"b\\"));
  }

  @Test
  void anEscapeAtTheEndOfTheInputLeavesTheFieldUnterminated() {
    assertThat(read(BACKSLASH, S, "1,\"abc\\")).isEmpty();
    assertThat(bad).singleElement().extracting(BadRecord::reason).asString().contains("unterminated quoted field 'note'");
  }

  @Test
  void malformedUtf8InAnEscapedFieldIsReportedAtItsInputByte() {
    byte[] data = {'1', ',', '"', 'a', '\\', '"', (byte) 0xC3, 0x28, '"', '\n'};
    assertThat(Records.readAll(BACKSLASH, S, data, collect)).isEmpty();
    assertThat(bad).singleElement().extracting(BadRecord::reason).asString()
        .contains("field 'note' is not valid UTF-8: malformed sequence at byte 6 (0xC3 0x28)");
  }

  @Test
  void theWriterEscapesQuotesAndEscapesInsideQuotesAndLeavesOtherFieldsBare() {
    String text = write(BACKSLASH, S, Row.of(S, 1L, "a\"b"), Row.of(S, 2L, "c\\d"), Row.of(S, 3L, "x,\\y"), Row.of(S, 4L, ""));
    assertThat(text).isEqualTo("1,\"a\\\"b\"\n2,c\\d\n3,\"x,\\\\y\"\n4,\"\"\n");
    assertThat(read(BACKSLASH, S, text)).containsExactly(Row.of(S, 1L, "a\"b"), Row.of(S, 2L, "c\\d"), Row.of(S, 3L, "x,\\y"),
        Row.of(S, 4L, ""));
    // a header name is escaped the same way
    CsvFormat header = BACKSLASH.toBuilder().header(true).build();
    Schema odd = Schema.of(Field.optional("a\"\\b", FieldType.STRING));
    assertThat(write(header, odd)).isEqualTo("\"a\\\"\\\\b\"\n");
  }

  @Test
  void escapeSettingsAreCheckedAndKept() {
    assertThat(CsvFormat.DEFAULT.escape()).isEmpty();
    assertThat(BACKSLASH.escape()).isEqualTo(Optional.of('\\'));
    assertThat(BACKSLASH.toBuilder().build()).isEqualTo(BACKSLASH).isNotEqualTo(CsvFormat.DEFAULT);
    assertThat(BACKSLASH.toString()).contains("escape='\\'");
    // the quote as escape is doubling: the default
    assertThat(CsvFormat.builder().escape('"').build()).isEqualTo(CsvFormat.DEFAULT);
    assertThat(CsvFormat.builder().quote('\'').escape('\'').build().escape()).isEmpty();
    assertThatThrownBy(() -> CsvFormat.builder().escape(',').build()).hasMessageContaining("delimiter and escape must differ");
    assertThatThrownBy(() -> CsvFormat.builder().escape('\n').build()).hasMessageContaining("CSV escape must be one ASCII character");
  }

  @Test
  void resynchronisingSplitsShareTheWorkWithEscapedQuotesAndLineBreaks() throws java.io.IOException {
    CsvFormat resync = BACKSLASH.toBuilder().resynchronize(true).build();
    StringBuilder text = new StringBuilder();
    List<Row> expected = new ArrayList<>();
    for (int k = 0; k < 40; k++) {
      // an escaped quote followed by what looks like the end of a field and a record: only the escape tells
      String note = "a\",\n" + k + ",\"b\\";
      text.append(k).append(",\"").append(note.replace("\\", "\\\\").replace("\"", "\\\"")).append("\"\n");
      expected.add(Row.of(S, (long) k, note));
    }
    List<List<Row>> splits = CsvResynchronizeTest.perSplit(resync, text.toString(), 64);
    assertThat(splits.stream().flatMap(List::stream).toList()).isEqualTo(expected);
    assertThat(splits.stream().filter(rows -> !rows.isEmpty()).count()).isGreaterThan(splits.size() / 2);
  }

  // ---- null markers

  @Test
  void anUnquotedMarkerIsNullAndAQuotedOneIsText() {
    assertThat(read(MARKERS, S, "1,\\N\n2,NULL\n3,\"NULL\"\n4,\"\\N\"\n5,null\n")).containsExactly(Row.of(S, 1L, null),
        Row.of(S, 2L, null), Row.of(S, 3L, "NULL"), Row.of(S, 4L, "\\N"), Row.of(S, 5L, "null"));
    assertThat(read(MARKERS, S, "\\N,x\n")).containsExactly(Row.of(S, null, "x"));
    assertThat(bad).isEmpty();
  }

  @Test
  void theDefaultMarkerIsTheEmptyFieldAlone() {
    assertThat(CsvFormat.DEFAULT.nullStrings()).containsExactly("");
    assertThat(read(CsvFormat.DEFAULT, S, ",\n2,\"\"\n3,NULL\n")).containsExactly(Row.of(S, null, null), Row.of(S, 2L, ""),
        Row.of(S, 3L, "NULL"));
    // "" in a field of another type than STRING and BINARY is null too, while the empty string is a marker
    assertThat(read(CsvFormat.DEFAULT, S, "\"\",x\n")).containsExactly(Row.of(S, null, "x"));
  }

  @Test
  void withoutTheEmptyMarkerAnEmptyFieldIsTheEmptyStringOrABadValue() {
    assertThat(read(MARKERS, S, "1,\n2,\"\"\n,x\n\"\",y\n")).containsExactly(Row.of(S, 1L, ""), Row.of(S, 2L, ""));
    assertThat(bad).hasSize(2).allSatisfy(b -> assertThat(b.reason())
        .isEqualTo("field 'id' (INT64) is empty, which is neither a value nor one of the null markers ['\\N', 'NULL'] of this format"));
    Schema bin = Schema.parse("b binary");
    assertThat(read(MARKERS, bin, "\"\"\n\\N\n")).extracting(r -> r.isNull(0) ? null : r.getBinary(0).length).containsExactly(0, null);
  }

  @Test
  void aMarkerInARequiredFieldIsABadRecordNamingFieldAndMarker() {
    Schema required = Schema.parse("id bigint not null, note string not null");
    assertThat(read(MARKERS, required, "1,NULL\n\\N,x\n2,\"NULL\"\n")).containsExactly(Row.of(required, 2L, "NULL"));
    assertThat(bad).extracting(BadRecord::reason).containsExactly("field 'note' holds the null marker 'NULL' but is required",
        "field 'id' holds the null marker '\\N' but is required");
    assertThat(bad).extracting(BadRecord::offset).containsExactly(0L, 7L);
  }

  @Test
  void theWriterWritesTheFirstMarkerAndQuotesValuesEqualToAny() {
    Schema s = Schema.parse("n int, s string, b boolean");
    CsvFormat format = CsvFormat.builder().nullString("\\N", "0", "true", "NULL").build();
    String text = write(format, s, Row.of(s, null, null, null), Row.of(s, 0, "NULL", true), Row.of(s, 7, "\\N", false),
        Row.of(s, 10, "", null));
    assertThat(text).isEqualTo("\\N,\\N,\\N\n\"0\",\"NULL\",\"true\"\n7,\"\\N\",false\n10,\"\",\\N\n");
    assertThat(read(format, s, text)).containsExactly(Row.of(s, null, null, null), Row.of(s, 0, "NULL", true),
        Row.of(s, 7, "\\N", false), Row.of(s, 10, "", null));
  }

  @Test
  void markersAreCheckedAndKeptInOrderWithoutRepeats() {
    assertThat(CsvFormat.builder().nullString("NULL", "", "NULL").build().nullStrings()).containsExactly("NULL", "");
    assertThat(MARKERS.toBuilder().build()).isEqualTo(MARKERS).isNotEqualTo(CsvFormat.DEFAULT);
    assertThat(MARKERS.toString()).contains("nullStrings=[\\N, NULL]");
    assertThatThrownBy(() -> CsvFormat.builder().nullString().build()).hasMessageContaining("at least one marker");
    assertThatThrownBy(() -> CsvFormat.builder().nullString("a,b").build())
        .hasMessageContaining("null marker 'a,b' holds the delimiter ','");
    assertThatThrownBy(() -> CsvFormat.builder().delimiter('|').nullString("\"x\"").build())
        .hasMessageContaining("holds the quote '\"'");
    assertThatThrownBy(() -> CsvFormat.builder().nullString("a\nb").build()).hasMessageContaining("'a\\nb' holds a line break");
  }

  @Test
  void escapeAndMarkersTogether() {
    // PostgreSQL's text-like convention: \N for null, backslash escapes inside quotes
    CsvFormat pg = CsvFormat.builder().escape('\\').nullString("\\N").build();
    String text = write(pg, S, Row.of(S, 1L, null), Row.of(S, 2L, "\\N"), Row.of(S, 3L, "q\"\\"));
    assertThat(text).isEqualTo("1,\\N\n2,\"\\\\N\"\n3,\"q\\\"\\\\\"\n");
    assertThat(read(pg, S, text)).containsExactly(Row.of(S, 1L, null), Row.of(S, 2L, "\\N"), Row.of(S, 3L, "q\"\\"));
  }
}
