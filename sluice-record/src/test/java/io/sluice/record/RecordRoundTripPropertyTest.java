package io.sluice.record;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

/**
 * The specification of readers and writers: for any rows and any cuts of the written bytes into
 * ranges, reading the ranges yields every row exactly once, equal to what was written.
 */
class RecordRoundTripPropertyTest {
  static final Schema ALL_TYPES = Schema.builder()
      .optional("s", FieldType.STRING)
      .optional("i", FieldType.INT32)
      .required("l", FieldType.INT64)
      .optional("d", FieldType.FLOAT64)
      .optional("b", FieldType.BOOLEAN)
      .optional("day", FieldType.DATE)
      .optional("ts", FieldType.TIMESTAMP)
      .optional("price", FieldType.decimal(9, 2))
      .optional("big", FieldType.decimal(30, 5))
      .optional("customer.name", FieldType.STRING)
      .optional("customer.address.city", FieldType.STRING)
      .build();

  /** Pieces of text chosen to stress quoting and encoding: delimiters, quotes, line breaks, multi-byte characters. */
  private static final List<String> ATOMS = List.of("a", "Z", "0", " ", ",", ";", "\t", "\"", "'", "\n", "\r", "\r\n", "é", "\u20ac", "\ud83d\ude00", "{", "}", "\\");

  private static final CsvFormat CSV_LINES = CsvFormat.builder().newlinesInQuotes(false).build();
  private static final CsvFormat CSV_RFC = CsvFormat.DEFAULT;

  @Property(tries = 300)
  void csvRangesReadEveryRowExactlyOnceWhereverTheCutsFall(
      @ForAll("rowsWithoutLineBreaks") List<Row> rows, @ForAll @Size(max = 12) List<@IntRange(min = 0, max = 100_000) Integer> cuts) {
    byte[] data = Records.write(CSV_LINES, ALL_TYPES, rows);
    assertThat(Records.readByRanges(CSV_LINES, ALL_TYPES, data, scale(cuts, data.length), BadRecordPolicy.fail())).isEqualTo(rows);
  }

  @Property(tries = 300)
  void jsonLinesRangesReadEveryRowExactlyOnceWhereverTheCutsFall(
      @ForAll("rows") List<Row> rows, @ForAll @Size(max = 12) List<@IntRange(min = 0, max = 100_000) Integer> cuts) {
    byte[] data = Records.write(JsonLinesFormat.DEFAULT, ALL_TYPES, rows);
    assertThat(Records.readByRanges(JsonLinesFormat.DEFAULT, ALL_TYPES, data, scale(cuts, data.length), BadRecordPolicy.fail()))
        .isEqualTo(rows);
  }

  @Property(tries = 300)
  void quotedFieldsWithDelimitersQuotesAndLineBreaksRoundTripUnsplit(@ForAll("rows") List<Row> rows) {
    byte[] data = Records.write(CSV_RFC, ALL_TYPES, rows);
    assertThat(Records.readAll(CSV_RFC, ALL_TYPES, data, BadRecordPolicy.fail())).isEqualTo(rows);
  }

  /**
   * A task that stops after any record and continues from {@link RecordReader#position()} reads each
   * record once, even where quoted line breaks make arbitrary cuts impossible.
   */
  @Property(tries = 200)
  void continuingFromAReportedPositionReadsEveryRowOnceEvenWithQuotedLineBreaks(
      @ForAll("rows") List<Row> rows, @ForAll @Size(max = 8) List<@IntRange(min = 0, max = 30) Integer> stops) throws IOException {
    byte[] data = Records.write(CSV_RFC, ALL_TYPES, rows);
    List<Row> read = new ArrayList<>();
    long position = 0;
    int stop = 0;
    boolean more = true;
    while (more) {
      int budget = stop < stops.size() ? stops.get(stop++) : Integer.MAX_VALUE;
      RecordSource source = position == 0 ? Records.range(data, 0, data.length)
          : RecordSource.continuation("mem", position, data.length, off -> new ByteArrayInputStream(data, (int) off, data.length - (int) off));
      try (RecordReader r = CSV_RFC.reader(source, ALL_TYPES, BadRecordPolicy.fail())) {
        int n = 0;
        while (n < budget && (more = r.next())) {
          read.add(r.row().copy());
          n++;
        }
        position = r.position();
      }
    }
    assertThat(read).isEqualTo(rows);
  }

  /** Malformed lines among good ones: each is reported once, at its own offset, whatever the cuts; good rows all arrive. */
  @Property(tries = 300)
  void malformedLinesAreReportedOnceAtTheirOffsets(
      @ForAll @Size(max = 40) List<@IntRange(min = 0, max = 9) Integer> kinds,
      @ForAll @Size(max = 10) List<@IntRange(min = 0, max = 100_000) Integer> cuts,
      @ForAll boolean json) {
    Schema schema = Schema.builder().required("id", FieldType.STRING).required("n", FieldType.INT32).optional("day", FieldType.DATE).build();
    StringBuilder text = new StringBuilder();
    List<Long> badOffsets = new ArrayList<>();
    List<Row> good = new ArrayList<>();
    for (int k = 0; k < kinds.size(); k++) {
      long offset = text.toString().getBytes(StandardCharsets.UTF_8).length;
      String id = "r" + k + (k % 3 == 0 ? "é" : "");
      String line = switch (kinds.get(k)) {
        case 0 -> json ? "{\"id\":\"" + id + "\"}" : id + ",1";                       // missing field
        case 1 -> json ? "{\"id\":\"" + id + "\",\"n\":\"x\"}" : id + ",x,";           // not an integer
        case 2 -> json ? "{\"id\":\"" + id + "\",\"n\":1,\"day\":\"2026-13-01\"}" : id + ",1,2026-13-01"; // bad date
        case 3 -> json ? "{\"id\":\"" + id : "\"" + id + ",1,";                         // unterminated
        default -> null;
      };
      if (line == null) {
        line = json ? "{\"id\":\"" + id + "\",\"n\":" + k + ",\"day\":\"2026-11-0" + (1 + k % 9) + "\"}" : id + "," + k + ",2026-11-0" + (1 + k % 9);
        good.add(Row.of(schema, id, k, LocalDate.of(2026, 11, 1 + k % 9)));
      } else {
        badOffsets.add(offset);
      }
      text.append(line).append(k % 4 == 1 ? "\r\n" : "\n");
    }
    byte[] data = text.toString().getBytes(StandardCharsets.UTF_8);
    List<BadRecord> bad = new ArrayList<>();
    RecordFormat format = json ? JsonLinesFormat.DEFAULT : CSV_LINES;
    List<Row> rows = Records.readByRanges(format, schema, data, scale(cuts, data.length), BadRecordPolicy.skipAndReport(bad::add));
    assertThat(rows).isEqualTo(good);
    assertThat(bad).extracting(BadRecord::offset).isEqualTo(badOffsets);
    for (BadRecord b : bad) {
      String lineAt = new String(data, StandardCharsets.UTF_8).substring(
          new String(java.util.Arrays.copyOf(data, (int) b.offset()), StandardCharsets.UTF_8).length()).split("\r?\n", 2)[0];
      assertThat(b.raw()).isEqualTo(lineAt);
    }
  }

  private static List<Integer> scale(List<Integer> cuts, int length) {
    return cuts.stream().map(c -> (int) ((long) c * length / 100_000)).toList();
  }

  @Provide
  Arbitrary<List<Row>> rows() {
    return row(text()).list().ofMaxSize(25);
  }

  @Provide
  Arbitrary<List<Row>> rowsWithoutLineBreaks() {
    return row(text().map(s -> s.replace('\n', ' '))).list().ofMaxSize(25);
  }

  private static Arbitrary<String> text() {
    return Arbitraries.of(ATOMS).list().ofMaxSize(8).map(l -> String.join("", l));
  }

  private static <T> Arbitrary<T> orNull(Arbitrary<T> a) {
    return a.injectNull(0.15);
  }

  private static Arbitrary<Row> row(Arbitrary<String> text) {
    Arbitrary<Double> doubles = Arbitraries.oneOf(Arbitraries.doubles(),
        Arbitraries.of(Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, -0.0, Double.MIN_VALUE, Double.MAX_VALUE));
    Arbitrary<LocalDate> dates = Arbitraries.integers().between(-800_000, 4_000_000).map(LocalDate::ofEpochDay);
    Arbitrary<Instant> timestamps = Arbitraries.longs().between(-80_000_000_000_000_000L, 300_000_000_000_000_000L)
        .map(us -> Instant.ofEpochSecond(Math.floorDiv(us, 1_000_000L), Math.floorMod(us, 1_000_000L) * 1000));
    Arbitrary<BigDecimal> prices = Arbitraries.longs().between(-999_999_999L, 999_999_999L).map(u -> BigDecimal.valueOf(u, 2));
    Arbitrary<BigDecimal> bigs = Arbitraries.bigIntegers().between(new BigInteger("-" + "9".repeat(30)), new BigInteger("9".repeat(30)))
        .map(u -> new BigDecimal(u, 5));
    Arbitrary<Object[]> first = Combinators.combine(orNull(text), orNull(Arbitraries.integers()), Arbitraries.longs(),
        orNull(doubles), orNull(Arbitraries.of(true, false)), orNull(dates)).as((a, b, c, d, e, f) -> new Object[] {a, b, c, d, e, f});
    Arbitrary<Object[]> second = Combinators.combine(orNull(timestamps), orNull(prices), orNull(bigs), orNull(text), orNull(text))
        .as((a, b, c, d, e) -> new Object[] {a, b, c, d, e});
    return Combinators.combine(first, second).as((x, y) -> {
      Object[] all = new Object[x.length + y.length];
      System.arraycopy(x, 0, all, 0, x.length);
      System.arraycopy(y, 0, all, x.length, y.length);
      return Row.of(ALL_TYPES, all);
    });
  }
}
