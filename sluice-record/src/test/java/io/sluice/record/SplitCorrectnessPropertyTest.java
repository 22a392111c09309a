package io.sluice.record;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

/**
 * The split guarantee on hand-made files, not only on what our writers write (that is {@link
 * RecordRoundTripPropertyTest}): for random records (quotes, embedded delimiters, line breaks where the
 * format allows them, CRLF and LF mixed, blank lines, a last line with or without a line break) and a
 * random target size, the records of all of {@link RecordFormat#splits}'s splits, read through the public
 * {@link InputFile} API, are the file's records, each exactly once, in order. Small targets (1 to 48
 * bytes) make records straddle many split boundaries. CSV is written with doubled quotes or a backslash
 * escape (escaped quotes and backslashes inside quotes, bare backslashes outside), and with random null
 * markers (values equal to one quoted).
 */
class SplitCorrectnessPropertyTest {
  private static final Schema ABC = Schema.parse("a string, b string, c string");
  private static final List<String> ATOMS = List.of("x", "yz", " ", ",", "\"", "\"\"", "\n", "\r\n", "\r", "é", "\ud83d\ude00", "\\", "{", "'", "N", "NULL");

  /** One record: three values, null or text. */
  record Rec(String a, String b, String c) {
    Row row() {
      return Row.of(ABC, a, b, c);
    }
  }

  @Property(tries = 1000)
  void csvSplitsReadEveryRecordExactlyOnce(@ForAll("records") List<Rec> records, @ForAll boolean newlinesInQuotes,
      @ForAll("headers") CsvFormat.HeaderMode header, @ForAll("endings") List<String> endings, @ForAll boolean finalBreak,
      @ForAll @IntRange(min = 1, max = 48) int target, @ForAll boolean resynchronize, @ForAll boolean escape,
      @ForAll("nullMarkers") List<String> nulls) {
    CsvFormat.Builder b = CsvFormat.builder().newlinesInQuotes(newlinesInQuotes).resynchronize(resynchronize).header(header)
        .nullString(nulls.toArray(String[]::new));
    CsvFormat format = (escape ? b.escape('\\') : b).build();
    List<Rec> recs = newlinesInQuotes ? records : records.stream().map(SplitCorrectnessPropertyTest::withoutLineFeeds).toList();
    boolean reversed = header == CsvFormat.HeaderMode.BY_NAME; // columns in another order than the schema's
    StringBuilder text = new StringBuilder();
    int e = 0;
    if (header != CsvFormat.HeaderMode.NONE) {
      text.append(reversed ? "c,b,a" : "a,b,c").append(endings.get(e++ % endings.size()));
    }
    for (int k = 0; k < recs.size(); k++) {
      Rec r = recs.get(k);
      List<String> values = reversed ? Arrays.asList(r.c, r.b, r.a) : Arrays.asList(r.a, r.b, r.c);
      for (int j = 0; j < 3; j++) {
        text.append(j == 0 ? "" : ",").append(csvField(values.get(j), escape, nulls));
      }
      String ending = endings.get(e++ % endings.size());
      if (ending.equals("\n\n") && k == recs.size() - 1 && !finalBreak) {
        ending = "\n";
      }
      text.append(k < recs.size() - 1 || finalBreak ? ending : "");
    }
    List<Row> expected = recs.stream().map(Rec::row).toList();
    assertThat(readBySplits(format, text.toString(), target)).isEqualTo(expected);
  }

  @Property(tries = 300)
  void jsonLinesSplitsReadEveryRecordExactlyOnce(@ForAll("records") List<Rec> records, @ForAll("endings") List<String> endings,
      @ForAll boolean finalBreak, @ForAll @IntRange(min = 1, max = 48) int target) {
    StringBuilder text = new StringBuilder();
    for (int k = 0; k < records.size(); k++) {
      Rec r = records.get(k);
      text.append("{\"a\": ").append(json(r.a)).append(", \"c\":").append(json(r.c)).append(",\"b\" : ").append(json(r.b)).append('}');
      text.append(k < records.size() - 1 || finalBreak ? endings.get(k % endings.size()) : "");
    }
    List<Row> expected = records.stream().map(Rec::row).toList();
    assertThat(readBySplits(JsonLinesFormat.DEFAULT, text.toString(), target)).isEqualTo(expected);
  }

  static List<Row> readBySplits(RecordFormat format, String text, int target) {
    InputFile file = InputFile.of("f", text.getBytes(StandardCharsets.UTF_8));
    List<Row> rows = new ArrayList<>();
    try {
      List<Split> splits = format.splits(file, target);
      if (format.splittable()) {
        assertThat(splits).hasSize((int) ((file.length() + target - 1) / target));
      }
      for (Split split : splits) {
        try (RecordReader r = format.reader(file, split, ABC, ReadOptions.of(BadRecordPolicy.fail()))) {
          while (r.next()) {
            rows.add(r.row().copy());
          }
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return rows;
  }

  private static Rec withoutLineFeeds(Rec r) {
    return new Rec(noLf(r.a), noLf(r.b), noLf(r.c));
  }

  private static String noLf(String s) {
    return s == null ? null : s.replace('\n', '_');
  }

  /**
   * A value as CSV: null is the first null marker, the empty string {@code ""}; quoted when it holds a special
   * character or equals a marker; inside quotes, a quote doubled, or with {@code escape} a quote and a
   * backslash escaped with a backslash.
   */
  private static String csvField(String v, boolean escape, List<String> nulls) {
    if (v == null) {
      return nulls.get(0);
    }
    boolean special = v.isEmpty() || v.contains(",") || v.contains("\"") || v.contains("\n") || v.contains("\r") || nulls.contains(v);
    if (!special) {
      return v; // a backslash outside quotes is text
    }
    return "\"" + (escape ? v.replace("\\", "\\\\").replace("\"", "\\\"") : v.replace("\"", "\"\"")) + "\"";
  }

  private static String json(String v) {
    if (v == null) {
      return "null";
    }
    StringBuilder sb = new StringBuilder("\"");
    for (char ch : v.toCharArray()) {
      switch (ch) {
        case '"' -> sb.append("\\\"");
        case '\\' -> sb.append("\\\\");
        case '\n' -> sb.append("\\n");
        case '\r' -> sb.append("\\r");
        default -> sb.append(ch);
      }
    }
    return sb.append('"').toString();
  }

  @Provide
  Arbitrary<List<Rec>> records() {
    Arbitrary<String> value = Arbitraries.oneOf(
        Arbitraries.just(null),
        Arbitraries.of(ATOMS).list().ofMaxSize(5).map(parts -> String.join("", parts)));
    // a record of three nulls is a blank line's look-alike (",,"), which is still a record
    return net.jqwik.api.Combinators.combine(value, value, value).as(Rec::new).list().ofMinSize(1).ofMaxSize(12);
  }

  /** Null markers, the first written for null: the default empty field, PostgreSQL's and DuckDB's. */
  @Provide
  Arbitrary<List<String>> nullMarkers() {
    return Arbitraries.of(List.of(""), List.of("\\N"), List.of("NULL", ""), List.of("\\N", "NULL"), List.of("N"));
  }

  @Provide
  Arbitrary<CsvFormat.HeaderMode> headers() {
    return Arbitraries.of(CsvFormat.HeaderMode.class);
  }

  /** Line endings, used in turn: LF, CRLF, and LF followed by a blank line (skipped by readers). */
  @Provide
  Arbitrary<List<String>> endings() {
    return Arbitraries.of("\n", "\r\n", "\n\n", "\r\n\r\n").list().ofMinSize(1).ofMaxSize(4);
  }
}
