package io.sluice.record;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

/** {@link SchemaInference}: the narrowest types the readers parse, widened, and a schema that reads its sample. */
class SchemaInferenceTest {
  private static final SchemaInference INFER = SchemaInference.defaults();
  private static final CsvFormat CSV_HEADER = CsvFormat.builder().header(true).build();

  private static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  @Test
  void csvTypesFromValuesNamesFromTheHeader() {
    String csv = """
        id,price,ok,day,at,name,mixed,when
        1,1.5,true,2026-11-01,2026-11-01T08:30:00Z,apple,1,2026-11-01
        2,2,FALSE,2026-11-02,2026-11-01 09:00:00+01:00,"pear, green",x,2026-11-02T10:00:00
        3,,false,2026-11-03,2026-11-01T10:00:00,NaN,2.5,2026-11-03
        """;
    Schema s = INFER.infer(CSV_HEADER, utf8(csv));
    assertThat(s.toSql()).isEqualTo(
        "id bigint not null, price double, ok boolean not null, day date not null, at timestamp not null, name string not null,"
            + " mixed string not null, `when` timestamp not null".replace("`when`", "when"));
    assertThat(Schema.parse(s.toSql())).isEqualTo(s);
  }

  @Test
  void csvWithoutAHeaderNamesColumnsByPosition() {
    Schema s = INFER.infer(CsvFormat.DEFAULT, utf8("1,a\n2,b,x\n\n"));
    assertThat(s.toSql()).isEqualTo("c0 bigint not null, c1 string not null, c2 string");
  }

  @Test
  void emptyAndRepeatedHeaderNamesAreMadeUnique() {
    Schema s = INFER.infer(CSV_HEADER, utf8("a,,a\n1,2,3\n"));
    assertThat(s.names()).containsExactly("a", "c1", "a_2");
  }

  @Test
  void csvNullMarkersMakeColumnsNullableAndQuotedMarkersAreText() {
    CsvFormat markers = CSV_HEADER.toBuilder().nullString("\\N", "NULL").build();
    Schema s = INFER.infer(markers, utf8("n,d,q,e\n1,2026-11-01,\"NULL\",\n\\N,NULL,\"NULL\",\n3,\\N,\"x\",\n"));
    // an empty field is not a marker here: it is the empty string, so a string
    assertThat(s.toSql()).isEqualTo("n bigint, d date, q string not null, e string not null");
    Read r = readAll(markers, s, "n,d,q,e\n1,2026-11-01,\"NULL\",\n\\N,NULL,\"NULL\",\n");
    assertThat(r.reasons).isEmpty();
    assertThat(r.rows).extracting(row -> row.isNull(0)).containsExactly(false, true);
    // the same text with the default marker: \N and NULL are strings
    assertThat(INFER.infer(CSV_HEADER, utf8("n\n1\n\\N\n")).toSql()).isEqualTo("n string not null");
  }

  @Test
  void aBlankLineOfOneColumnIsTheEmptyStringWhenTheEmptyFieldIsNotAMarker() {
    // one column: a blank line is a record of one empty field, null by default, else the empty string
    assertThat(INFER.infer(CSV_HEADER, utf8("n\n\n0\n")).toSql()).isEqualTo("n bigint");
    CsvFormat marked = CSV_HEADER.toBuilder().nullString("\\N").build();
    Schema s = INFER.infer(marked, utf8("n\n\n0\n"));
    assertThat(s.toSql()).isEqualTo("n string not null");
    assertThat(readAll(marked, s, "n\n\n0\n").reasons).isEmpty();
  }

  @Test
  void csvEscapesAreReadAsTheReaderReadsThem() {
    CsvFormat escaped = CSV_HEADER.toBuilder().escape('\\').build();
    Schema s = INFER.infer(escaped, utf8("a,b\n\"1\\2\",\"x\\\"y\"\n\"3\",z\n"));
    assertThat(s.toSql()).isEqualTo("a bigint not null, b string not null"); // "1\2" is 12
  }

  @Test
  void aColumnOfNullsIsANullableString() {
    Schema s = INFER.infer(CSV_HEADER, utf8("a,b\n1,\n2,\n"));
    assertThat(s.toSql()).isEqualTo("a bigint not null, b string");
  }

  @Test
  void allNullableMakesEveryColumnNullable() {
    Schema s = INFER.allNullable(true).infer(CSV_HEADER, utf8("a,b\n1,x\n"));
    assertThat(s.toSql()).isEqualTo("a bigint, b string");
  }

  @Test
  void aSampleCutFromALongerFileLeavesTheCutRecordOut() throws IOException {
    InputFile file = InputFile.of("big.csv", utf8("a,b\n1,2\n3,4.5\n"));
    // 12 bytes end inside "3,4.5": the cut record would have made b a bigint... it is left out, and b stays bigint
    assertThat(INFER.sampleBytes(12).infer(CSV_HEADER, file).toSql()).isEqualTo("a bigint not null, b bigint not null");
    assertThat(INFER.infer(CSV_HEADER, file).toSql()).isEqualTo("a bigint not null, b double not null");
    InputFile json = InputFile.of("big.jsonl", utf8("{\"a\":1}\n{\"a\":1.5,\"b\":2}\n"));
    assertThat(INFER.sampleBytes(12).infer(JsonLinesFormat.DEFAULT, json).toSql()).isEqualTo("a bigint not null");
  }

  @Test
  void jsonLinesUnionOfKeysFlattened() {
    String jsonl = """
        {"id": 1, "customer": {"city": "Lyon", "zip": "69001"}, "tags": ["a"], "at": "2026-11-01T08:30:00Z"}
        {"id": 2.5, "customer": {"city": null}, "tags": [], "items": [{"sku": "x", "n": 1}, {"sku": "y", "n": 2.5}], "n": "12"}
        not json
        {"id": 3, "customer": {"city": "Oslo"}, "ok": true}
        """;
    Schema s = INFER.infer(JsonLinesFormat.DEFAULT, utf8(jsonl));
    assertThat(s.toSql()).isEqualTo("id double not null, customer.city string, customer.zip string, tags array<string>,"
        + " at timestamp, items array<struct<sku: string, n: double>>, n string, ok boolean");
    assertThat(Schema.parse(s.toSql())).isEqualTo(s);
    assertThat(readAll(JsonLinesFormat.DEFAULT, s, jsonl).bad).isEqualTo(1); // just "not json"
  }

  @Test
  void aNameThatIsAnObjectAndAValueIsAString() {
    Schema s = INFER.infer(JsonLinesFormat.DEFAULT, utf8("{\"a\": {\"b\": 1}}\n{\"a\": 5}\n"));
    assertThat(s.toSql()).isEqualTo("a string");
    Read r = readAll(JsonLinesFormat.DEFAULT, s, "{\"a\": {\"b\": 1}}\n{\"a\": 5}\n");
    assertThat(r.rows).extracting(row -> row.getString(0)).containsExactly("{\"b\": 1}", "5");
  }

  @Test
  void theFormatsSeparatorFlattensOrNot() {
    String jsonl = "{\"a\": {\"b\": 1}}\n";
    assertThat(INFER.infer(JsonLinesFormat.builder().separator("__").build(), utf8(jsonl)).toSql()).isEqualTo("a__b bigint not null");
    assertThat(INFER.infer(JsonLinesFormat.builder().flatten(false).build(), utf8(jsonl)).toSql())
        .isEqualTo("a struct<b: bigint> not null");
  }

  @Test
  void anEmptySampleIsRefused() {
    assertThatThrownBy(() -> INFER.infer(CsvFormat.DEFAULT, new byte[0])).hasMessageContaining("empty CSV sample");
    assertThatThrownBy(() -> INFER.infer(JsonLinesFormat.DEFAULT, utf8("[1]\n"))).hasMessageContaining("no whole line holds a JSON object");
  }

  record Read(List<Row> rows, long bad, List<BadRecord> reasons) {}

  static Read readAll(RecordFormat format, Schema schema, String text) {
    InputFile file = InputFile.of("sample", utf8(text));
    List<Row> rows = new ArrayList<>();
    long bad;
    List<BadRecord> reasons = new ArrayList<>();
    try (RecordReader r = format.reader(file, Split.whole(file.length()), schema, ReadOptions.of(BadRecordPolicy.skipAndReport(reasons::add)))) {
      while (r.next()) {
        rows.add(r.row().copy());
      }
      bad = r.badRecords();
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
    return new Read(rows, bad, reasons);
  }

  private static final List<String> VALUES = List.of("", "0", "-7", "12345678901234", "99999999999999999999", "1.5", "-0.25", "1e5",
      "true", "False", "2026-11-01", "2026-02-30", "2026-11-01T08:30:00Z", "2026-11-01 08:30:00.123456", "NaN", "x", "a b", "\"q\"",
      ",", "2026-11-01T08:30:00.1234567Z", "+3", "007", " 1", "\\N", "NULL");

  /** Whatever the values, the inferred schema reads every record of its own sample, and prints to text that parses back. */
  @Property(tries = 300)
  void theInferredSchemaReadsItsSample(@ForAll("tables") List<List<String>> table, @ForAll boolean header,
      @ForAll("nullMarkers") List<String> nulls) {
    CsvFormat format = CsvFormat.builder().header(header).nullString(nulls.toArray(String[]::new)).build();
    StringBuilder csv = new StringBuilder();
    if (header) {
      for (int j = 0; j < table.get(0).size(); j++) {
        csv.append(j == 0 ? "" : ",").append("col").append(j);
      }
      csv.append('\n');
    }
    for (List<String> row : table) {
      for (int j = 0; j < row.size(); j++) {
        String v = row.get(j);
        csv.append(j == 0 ? "" : ",").append(v.contains(",") || v.contains("\"") ? "\"" + v.replace("\"", "\"\"") + "\"" : v);
      }
      csv.append('\n');
    }
    Schema s = INFER.infer(format, utf8(csv.toString()));
    assertThat(Schema.parse(s.toSql())).isEqualTo(s);
    Read r = readAll(format, s, csv.toString());
    long blank = table.stream().filter(row -> row.size() == 1 && row.get(0).isEmpty()).count();
    assertThat(r.reasons).as(s.toSql()).isEmpty();
    assertThat(r.rows).hasSize(table.size() - (s.size() == 1 ? 0 : (int) blank));
  }

  @Property(tries = 200)
  void theInferredJsonSchemaReadsItsSample(@ForAll("jsonLines") List<String> lines) {
    String text = String.join("\n", lines) + "\n";
    Schema s = INFER.infer(JsonLinesFormat.DEFAULT, utf8(text));
    assertThat(Schema.parse(s.toSql())).isEqualTo(s);
    Read r = readAll(JsonLinesFormat.DEFAULT, s, text);
    assertThat(r.reasons).as(s.toSql()).isEmpty();
    assertThat(r.rows).hasSize(lines.size());
  }

  @Provide
  Arbitrary<List<String>> nullMarkers() {
    return Arbitraries.of(List.of(""), List.of("\\N"), List.of("NULL", ""), List.of("\\N", "NULL"));
  }

  @Provide
  Arbitrary<List<List<String>>> tables() {
    return Arbitraries.integers().between(1, 4).flatMap(width ->
        Arbitraries.of(VALUES).list().ofSize(width).list().ofMinSize(1).ofMaxSize(8)
            .filter(t -> width > 1 || t.stream().anyMatch(row -> !row.get(0).isEmpty())));
  }

  @Provide
  Arbitrary<List<String>> jsonLines() {
    Arbitrary<String> scalar = Arbitraries.of("1", "-2", "1.5", "1e3", "true", "null", "\"x\"", "\"2026-11-01\"", "\"2026-11-01T08:30:00Z\"",
        "\"12\"", "[]", "[1, 2.5]", "[\"a\", null]", "{}", "{\"k\": 1}", "{\"k\": \"v\", \"j\": [true]}", "[{\"s\": 1}, {\"t\": \"u\"}]");
    Arbitrary<String> member = Arbitraries.of("a", "b", "c.d", "c").flatMap(k -> scalar.map(v -> "\"" + k + "\": " + v));
    return member.list().ofMaxSize(4).map(ms -> "{" + String.join(", ", ms) + "}")
        .list().ofMinSize(1).ofMaxSize(6)
        .filter(ls -> ls.stream().anyMatch(l -> !l.equals("{}")));
  }
}
