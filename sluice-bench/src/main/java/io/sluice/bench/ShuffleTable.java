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

  /**
   * A row per scale factor, query and engine over all rounds (for {@code --rounds} above 1): its successful
   * runs, their median and least wall time, the median of the rounds' ratios (each against the same
   * round's DuckDB and Spark runs, as in {@link #markdown}), and the median CPU time. A median of an even
   * count is the mean of the middle two.
   */
  public static String summary(List<QueryRun> runs) {
    StringBuilder b = new StringBuilder();
    b.append("| SF | query | engine | runs ok | median wall s | least wall s | median time vs DuckDB | median Spark's time / this | median CPU s |\n");
    b.append("|---|---|---|---|---|---|---|---|---|\n");
    List<QueryRun> firsts = new ArrayList<>();
    for (QueryRun r : runs) {
      if (firsts.stream().noneMatch(f -> f.scaleFactor() == r.scaleFactor() && f.query() == r.query() && f.engine().equals(r.engine()))) {
        firsts.add(r);
      }
    }
    for (QueryRun f : firsts) {
      List<QueryRun> group = runs.stream().filter(r -> r.scaleFactor() == f.scaleFactor() && r.query() == f.query()
          && r.engine().equals(f.engine())).toList();
      List<QueryRun> ok = group.stream().filter(QueryRun::succeeded).toList();
      List<Double> walls = ok.stream().map(r -> r.process().wallSeconds()).toList();
      List<Double> vsDuck = new ArrayList<>();
      List<Double> vsSpark = new ArrayList<>();
      for (QueryRun r : ok) {
        same(runs, r, "duckdb").ifPresent(d -> vsDuck.add(r.process().wallSeconds() / d.process().wallSeconds()));
        same(runs, r, "spark").ifPresent(s -> vsSpark.add(s.process().wallSeconds() / r.process().wallSeconds()));
      }
      List<String> cells = new ArrayList<>();
      cells.add(ConvertTable.sf(f.scaleFactor()));
      cells.add(f.query().id());
      cells.add(f.engine());
      cells.add(ok.size() + " of " + group.size());
      cells.add(walls.isEmpty() ? "" : String.format(Locale.ROOT, "%.1f", median(walls)));
      cells.add(walls.isEmpty() ? "" : String.format(Locale.ROOT, "%.1f", walls.stream().mapToDouble(Double::doubleValue).min().orElseThrow()));
      cells.add(vsDuck.isEmpty() ? "" : ConvertTable.ratio(median(vsDuck)));
      cells.add(vsSpark.isEmpty() ? "" : ConvertTable.ratio(median(vsSpark)));
      cells.add(ok.isEmpty() ? "" : String.format(Locale.ROOT, "%.1f", median(ok.stream().map(r -> r.process().cpuSeconds()).toList())));
      b.append("| ").append(String.join(" | ", cells)).append(" |\n");
    }
    return b.toString();
  }

  static double median(List<Double> values) {
    List<Double> v = values.stream().sorted().toList();
    int n = v.size();
    return n % 2 == 1 ? v.get(n / 2) : (v.get(n / 2 - 1) + v.get(n / 2)) / 2;
  }

  /** {@code engine}'s successful run of the same query, input and round. */
  private static Optional<QueryRun> same(List<QueryRun> runs, QueryRun r, String engine) {
    return runs.stream().filter(d -> d.engine().equals(engine) && d.round() == r.round() && d.query() == r.query()
        && d.scaleFactor() == r.scaleFactor() && d.succeeded()).findFirst();
  }
}
