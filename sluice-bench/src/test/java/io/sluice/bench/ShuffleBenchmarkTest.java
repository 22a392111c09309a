package io.sluice.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The bench-shuffle harness's parts that run no engine: its options, the job check, each run's verdict and the table. */
class ShuffleBenchmarkTest {
  @TempDir Path dir;

  private static QueryRun run(ShuffleQuery q, int round, String engine, int exit, double wall, List<String> differences) {
    return new QueryRun(1, q, round, engine, new MeasuredProcess(exit, wall, wall * 1.5, 500_000_000, "test"),
        engine.equals("duckdb") ? null : new GcLogPeak(900_000_000, 150_000_000, 1_000_000_000, 12), null, differences, 0.5);
  }

  private static List<String> cells(String table, int row) {
    String line = table.lines().toList().get(row + 2);
    List<String> c = List.of(line.substring(2, line.length() - 2).split(" \\| "));
    assertThat(c).hasSize(12);
    return c;
  }

  @Test
  void ratiosAreAgainstDuckDbAndSparkOfTheSameQueryAndRound() {
    String t = ShuffleTable.markdown(List.of(
        run(ShuffleQuery.Q1, 1, "duckdb", 0, 4, List.of()),
        run(ShuffleQuery.Q1, 1, "sluice", 0, 8, List.of()),
        run(ShuffleQuery.Q1, 1, "spark", 0, 40, List.of()),
        run(ShuffleQuery.JOIN, 1, "duckdb", 0, 5, List.of()),
        run(ShuffleQuery.JOIN, 1, "sluice", 0, 20, List.of()),
        run(ShuffleQuery.Q1, 2, "duckdb", 0, 2, List.of()),
        run(ShuffleQuery.Q1, 2, "sluice", 0, 8, List.of())));
    assertThat(t.lines().toList().get(0)).startsWith("| SF | query | round | engine | wall s | time vs DuckDB | Spark's time / this |");
    assertThat(cells(t, 0)).containsExactly("1", "q1", "1", "duckdb", "4.0", "1.00x", "10.00x", "6.0", "500", "n/a", "0.5", "ok");
    assertThat(cells(t, 1).subList(3, 10)).containsExactly("sluice", "8.0", "2.00x", "5.00x", "12.0", "500", "900 / 150");
    assertThat(cells(t, 2).subList(5, 7)).containsExactly("10.00x", "1.00x");
    // the join against the join's DuckDB, and no Spark run of it: no ratio to Spark
    assertThat(cells(t, 4).subList(5, 7)).containsExactly("4.00x", "");
    // round 2 against round 2's DuckDB
    assertThat(cells(t, 6).get(5)).isEqualTo("4.00x");
  }

  @Test
  void aFailedOrDifferingRunSaysWhyAndHasNoRatios() {
    QueryRun differs = run(ShuffleQuery.JOIN, 1, "spark", 0, 30, List.of("row 1 [1-URGENT]: revenue 1, DuckDB has 2", "row 2 ..."));
    QueryRun failed = run(ShuffleQuery.JOIN, 1, "sluice", 1, 3, List.of());
    QueryRun unread = new QueryRun(1, ShuffleQuery.JOIN, 1, "sluice", new MeasuredProcess(0, 3, 3, 1, "test"), null,
        "reading the Parquet files under /x/out: No files found", List.of(), 0);
    String t = ShuffleTable.markdown(List.of(run(ShuffleQuery.JOIN, 1, "duckdb", 0, 5, List.of()), differs, failed, unread));
    assertThat(differs.succeeded()).isFalse();
    assertThat(cells(t, 1).get(11)).isEqualTo("MISMATCH: row 1 [1-URGENT]: revenue 1, DuckDB has 2 (and 1 more)");
    assertThat(cells(t, 1).get(5)).isEmpty();
    assertThat(cells(t, 2).get(11)).isEqualTo("FAILED (exit 1)");
    assertThat(cells(t, 2).subList(5, 7)).containsExactly("", ""); // and Spark's mismatching run is no baseline
    assertThat(cells(t, 3).get(11)).isEqualTo("no result: reading the Parquet files under /x/out: No files found");
    assertThat(failed.succeeded()).isFalse();
    assertThat(unread.succeeded()).isFalse();
    assertThat(run(ShuffleQuery.JOIN, 1, "sluice", 0, 3, List.of()).succeeded()).isTrue();
  }

  @Test
  void theSummaryTakesMediansOfTheRoundsAndCountsFailures() {
    List<QueryRun> runs = List.of(
        run(ShuffleQuery.Q1, 1, "duckdb", 0, 2, List.of()), run(ShuffleQuery.Q1, 1, "sluice", 0, 4, List.of()),
        run(ShuffleQuery.Q1, 1, "spark", 0, 40, List.of()),
        run(ShuffleQuery.Q1, 2, "duckdb", 0, 4, List.of()), run(ShuffleQuery.Q1, 2, "sluice", 0, 6, List.of()),
        run(ShuffleQuery.Q1, 2, "spark", 0, 30, List.of()),
        run(ShuffleQuery.Q1, 3, "duckdb", 0, 1, List.of()), run(ShuffleQuery.Q1, 3, "sluice", 1, 9, List.of()),
        run(ShuffleQuery.Q1, 3, "spark", 0, 20, List.of()));
    String t = ShuffleTable.summary(runs);
    assertThat(t.lines().toList().get(0)).startsWith("| SF | query | engine | runs ok | median wall s | least wall s |");
    List<String> rows = t.lines().skip(2).toList();
    assertThat(rows).containsExactly(
        // Spark over DuckDB by round: 20x, 7.5x, 20x
        "| 1 | q1 | duckdb | 3 of 3 | 2.0 | 1.0 | 1.00x | 20.00x | 3.0 |",
        // rounds 1 and 2 only: 2.00x and 1.50x to DuckDB, 10x and 5x of Spark's time
        "| 1 | q1 | sluice | 2 of 3 | 5.0 | 4.0 | 1.75x | 7.50x | 7.5 |",
        "| 1 | q1 | spark | 3 of 3 | 30.0 | 20.0 | 20.00x | 1.00x | 45.0 |");
    assertThat(ShuffleTable.median(List.of(3.0, 1.0, 2.0))).isEqualTo(2.0);
  }

  @Test
  void theSluiceJobsAreLookedForInTheListingOfSluiceJobs() {
    String listing = "demo                 The demo: convert, dedup, aggregate\nword-count           Counts words\n";
    assertThat(ShuffleBenchmark.missingJobs(listing, List.of(ShuffleQuery.values()))).containsExactly("tpch-q1", "tpch-join");
    String withQ1 = listing + "tpch-q1              TPC-H Query 1\n";
    assertThat(ShuffleBenchmark.missingJobs(withQ1, List.of(ShuffleQuery.values()))).containsExactly("tpch-join");
    assertThat(ShuffleBenchmark.missingJobs(withQ1, List.of(ShuffleQuery.Q1))).isEmpty();
    // a job whose name only starts like one is not it
    assertThat(ShuffleBenchmark.missingJobs("tpch-q1-old  x\n", List.of(ShuffleQuery.Q1))).containsExactly("tpch-q1");
    assertThatThrownBy(() -> ShuffleBenchmark.checkSluiceJobs(dir.resolve("sluice.jar"), List.of(ShuffleQuery.Q1)))
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("sluice: no " + dir.resolve("sluice.jar"));
  }

  @Test
  void optionsHaveDefaultsAndBadOnesAreNamed() {
    ShuffleBenchmark.Options o = ShuffleBenchmark.Options.parse(new String[] {"--root", "r", "--work", "w", "--engines", "duckdb"});
    assertThat(o.scaleFactors()).containsExactly(1.0);
    assertThat(o.files()).isEqualTo(2);
    assertThat(o.queries()).containsExactly(ShuffleQuery.Q1, ShuffleQuery.JOIN);
    ShuffleBenchmark.Options p = ShuffleBenchmark.Options.parse(new String[] {"--root", "r", "--work", "w", "--engines", "duckdb,sluice",
        "--queries", "join", "--rounds", "3", "--files", "4", "0.1", "1"});
    assertThat(p.scaleFactors()).containsExactly(0.1, 1.0);
    assertThat(p.queries()).containsExactly(ShuffleQuery.JOIN);
    assertThat(p.engines()).containsExactly("duckdb", "sluice");
    assertThat(p.rounds()).isEqualTo(3);
    assertThatThrownBy(() -> ShuffleBenchmark.Options.parse(new String[] {"--root", "r", "--work", "w", "--engines", "duckdb,trino"}))
        .hasMessageContaining("unknown engine 'trino'");
    assertThatThrownBy(() -> ShuffleBenchmark.Options.parse(new String[] {"--root", "r", "--work", "w"}))
        .hasMessageContaining("spark needs --spark-java");
    assertThatThrownBy(() -> ShuffleBenchmark.Options.parse(new String[] {"--root", "r", "--work", "w", "--engines", "duckdb", "--queries", "q6"}))
        .hasMessageContaining("Unknown query 'q6'");
    assertThatThrownBy(() -> ShuffleBenchmark.Options.parse(new String[] {"--root", "r", "--work", "w", "--engines", "duckdb", "sf1"}))
        .hasMessageContaining("'sf1' is not a scale factor");
    assertThatThrownBy(() -> ShuffleBenchmark.Options.parse(new String[] {"--engines", "duckdb"})).hasMessageContaining("--root");
    assertThatThrownBy(() -> ShuffleBenchmark.Options.parse(new String[] {"--root", "r", "--work", "w", "--rounds"}))
        .hasMessageContaining("--rounds needs a value");
  }
}
