package io.sluice.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The Markdown table of {@code scripts/bench-shuffle}: a row per engine run of a query, with its wall time
 * as a ratio to DuckDB's and Spark's runs of the same query, input and round (the only comparisons that mean
 * something on a shared machine): "time vs DuckDB" is the engine's wall time over DuckDB's (above 1 is slower;
 * the target for Sluice is at most 2.5), "Spark's time / this" is Spark's over the engine's (above 1 is
 * faster than Spark; the target is at least 5). MB are 10^6 bytes.
 */
public final class ShuffleTable {
  private ShuffleTable() {}

  /** The table of {@code runs}, in their order. */
  public static String markdown(List<QueryRun> runs) {
    StringBuilder b = new StringBuilder();
    b.append("| SF | query | round | engine | wall s | time vs DuckDB | Spark's time / this | CPU s | peak RSS MB"
        + " | heap MB: max used / max after GC | load before | check |\n");
    b.append("|---|---|---|---|---|---|---|---|---|---|---|---|\n");
    for (QueryRun r : runs) {
      boolean ok = r.succeeded();
      Optional<QueryRun> duck = same(runs, r, "duckdb");
      Optional<QueryRun> spark = same(runs, r, "spark");
      List<String> cells = new ArrayList<>();
      cells.add(ConvertTable.sf(r.scaleFactor()));
      cells.add(r.query().id());
      cells.add(Integer.toString(r.round()));
      cells.add(r.engine());
      cells.add(String.format(Locale.ROOT, "%.1f", r.process().wallSeconds()));
      cells.add(ok ? duck.map(d -> ConvertTable.ratio(r.process().wallSeconds() / d.process().wallSeconds())).orElse("") : "");
      cells.add(ok ? spark.map(s -> ConvertTable.ratio(s.process().wallSeconds() / r.process().wallSeconds())).orElse("") : "");
      cells.add(String.format(Locale.ROOT, "%.1f", r.process().cpuSeconds()));
      cells.add(String.format(Locale.ROOT, "%,d", Math.round(r.process().peakRssBytes() / 1e6)));
      cells.add(r.heap() == null ? "n/a" : r.heap().collections() == 0 ? "no GC"
          : String.format(Locale.ROOT, "%,d / %,d", Math.round(r.heap().before() / 1e6), Math.round(r.heap().after() / 1e6)));
      cells.add(String.format(Locale.ROOT, "%.1f", r.loadBefore()));
      cells.add(r.verdict().replace("|", "\\|"));
      b.append("| ").append(String.join(" | ", cells)).append(" |\n");
    }
    return b.toString();
  }

  /** {@code engine}'s successful run of the same query, input and round. */
  private static Optional<QueryRun> same(List<QueryRun> runs, QueryRun r, String engine) {
    return runs.stream().filter(d -> d.engine().equals(engine) && d.round() == r.round() && d.query() == r.query()
        && d.scaleFactor() == r.scaleFactor() && d.succeeded()).findFirst();
  }
}
