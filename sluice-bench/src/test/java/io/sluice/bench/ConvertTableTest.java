package io.sluice.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The bench-convert table: ratios against DuckDB's run of the same input and round, and what a bad run shows. */
class ConvertTableTest {
  private static final TpchLineitem.Generated SF1 = new TpchLineitem.Generated(1, 2, 6_001_215, 760_000_000, 22_957_731_090L);
  private static final TpchLineitem.Generated SF_QUARTER = new TpchLineitem.Generated(0.25, 2, 1_500_000, 190_000_000, 5_000_000_00L);
  private static final ParquetOutput OUT = new ParquetOutput(List.of(1_000_000L, 3_000_000L, 2_000_000L, 4_000_000L), 2);

  private static EngineRun run(String engine, int round, TpchLineitem.Generated in, int exit, double wall, long rss, GcLogPeak heap) {
    OutputCheck check = new OutputCheck(in.rows(), BigDecimal.valueOf(in.extendedPriceCents(), 2), 0, List.of("SNAPPY"));
    return new EngineRun(engine, round, in, new MeasuredProcess(exit, wall, wall * 1.5, rss, "test"), exit == 0 ? OUT : null, heap,
        exit == 0 ? check : null, 1.5);
  }

  private static List<String> cells(String table, int row) {
    String line = table.lines().toList().get(row + 2);
    List<String> c = List.of(line.substring(2, line.length() - 2).split(" \\| "));
    assertThat(c).hasSize(18);
    return c;
  }

  @Test
  void ratiosAreAgainstDuckDbOfTheSameInputAndRound() {
    String t = ConvertTable.markdown(List.of(
        run("duckdb", 1, SF1, 0, 10, 400_000_000, null),
        run("sluice", 1, SF1, 0, 20, 600_000_000, new GcLogPeak(900_000_000, 150_000_000, 1_000_000_000, 12)),
        run("duckdb", 2, SF1, 0, 5, 400_000_000, null),
        run("sluice", 2, SF1, 0, 4, 200_000_000, new GcLogPeak(0, 0, 0, 0)),
        run("sluice", 1, SF_QUARTER, 0, 4, 200_000_000, null)));
    assertThat(t.lines().toList().get(0)).startsWith("| SF | input MB | round | engine | wall s | input MB/s | speed vs DuckDB |");
    assertThat(cells(t, 0)).containsExactly("1", "760", "1", "duckdb", "10.0", "76.0", "1.00x", "15.0", "1.00x", "4", "2", "10.0",
        "1.0 / 2.0 / 4.0", "400", "1.00x", "n/a", "1.5", "ok");
    List<String> sluice = cells(t, 1);
    assertThat(sluice.subList(3, 9)).containsExactly("sluice", "20.0", "38.0", "0.50x", "30.0", "2.00x");
    assertThat(sluice.get(14)).isEqualTo("1.50x");
    assertThat(sluice.get(15)).isEqualTo("900 / 150");
    // round 2 against round 2's DuckDB, not round 1's
    assertThat(cells(t, 3).get(6)).isEqualTo("1.25x");
    assertThat(cells(t, 3).get(8)).isEqualTo("0.80x");
    assertThat(cells(t, 3).get(14)).isEqualTo("0.50x");
    assertThat(cells(t, 3).get(15)).isEqualTo("no GC");
    // no DuckDB run of that input: no ratio
    assertThat(cells(t, 4).get(0)).isEqualTo("0.25");
    assertThat(cells(t, 4).get(6)).isEmpty();
  }

  @Test
  void aFailedRunShowsWhyAndNoRatios() {
    String t = ConvertTable.markdown(List.of(run("duckdb", 1, SF1, 1, 3, 100_000_000, null), run("spark", 1, SF1, 0, 30, 900_000_000, null),
        run("sluice", 1, SF1, 137, 12, 300_000_000, null)));
    assertThat(cells(t, 0).get(17)).isEqualTo("FAILED (exit 1)");
    assertThat(cells(t, 0).get(5)).isEmpty();
    assertThat(cells(t, 1).get(6)).isEmpty(); // DuckDB failed: nothing to compare with
    assertThat(cells(t, 2).get(17)).isEqualTo("FAILED (exit 137)");
    assertThat(cells(t, 2).get(9)).isEmpty();
  }

  @Test
  void theVerdictNamesWhatDiffersFromTheInput() {
    MeasuredProcess p = new MeasuredProcess(0, 1, 1, 1, "test");
    BigDecimal sum = BigDecimal.valueOf(SF1.extendedPriceCents(), 2);
    assertThat(new EngineRun("x", 1, SF1, p, OUT, null, new OutputCheck(SF1.rows() - 1, sum, 0, List.of("SNAPPY")), 0).verdict())
        .isEqualTo("6001214 rows, input has 6001215");
    assertThat(new EngineRun("x", 1, SF1, p, OUT, null, new OutputCheck(SF1.rows(), sum.add(BigDecimal.ONE), 0, List.of("SNAPPY")), 0)
        .verdict()).startsWith("sum(l_extendedprice) 229577311.90, input has 229577310.90");
    assertThat(new EngineRun("x", 1, SF1, p, OUT, null, new OutputCheck(SF1.rows(), sum, 3, List.of("SNAPPY")), 0).verdict())
        .isEqualTo("3 rows in the wrong partition");
    EngineRun zstd = new EngineRun("x", 1, SF1, p, OUT, null, new OutputCheck(SF1.rows(), sum, 0, List.of("SNAPPY", "ZSTD")), 0);
    assertThat(zstd.verdict()).isEqualTo("codecs [SNAPPY, ZSTD]");
    assertThat(zstd.succeeded()).isFalse();
    assertThat(run("x", 1, SF1, 0, 1, 1, null).succeeded()).isTrue();
  }

  @Test
  void sizesAndScaleFactorsAreWrittenShort() {
    assertThat(ConvertTable.mb(754_123_456)).isEqualTo("754");
    assertThat(ConvertTable.mb(1_234_567_890)).isEqualTo("1,235");
    assertThat(ConvertTable.mb(12_345_678)).isEqualTo("12.3");
    assertThat(ConvertTable.mb(12_345)).isEqualTo("0.01");
    assertThat(ConvertTable.sf(1.0)).isEqualTo("1");
    assertThat(ConvertTable.sf(0.25)).isEqualTo("0.25");
  }
}
