package io.sluice.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The Markdown table of {@code scripts/bench-convert}: a row per engine run, with its speed, CPU time and
 * peak RSS as ratios to DuckDB's run of the same input in the same round (the only comparison that means
 * something on a shared machine): speed as DuckDB's wall time over the engine's (above 1 is faster), CPU
 * and RSS as the engine's over DuckDB's (above 1 uses more). MB are 10^6 bytes.
 */
public final class ConvertTable {
  /** The engine the ratios are taken against. */
  public static final String BASELINE = "duckdb";

  private ConvertTable() {}

  /** The table of {@code runs}, in their order. */
  public static String markdown(List<EngineRun> runs) {
    StringBuilder b = new StringBuilder();
    b.append("| SF | input MB | round | engine | wall s | input MB/s | speed vs DuckDB | CPU s | CPU vs DuckDB | data files | partitions | output MB"
        + " | file MB min / median / max | peak RSS MB | RSS vs DuckDB | heap MB: max used / max after GC | load before | check |\n");
    b.append("|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|\n");
    for (EngineRun r : runs) {
      Optional<EngineRun> base = baseline(runs, r);
      boolean ok = r.process().exitCode() == 0 && r.output() != null;
      List<String> cells = new ArrayList<>();
      cells.add(sf(r.input().scaleFactor()));
      cells.add(mb(r.input().bytes()));
      cells.add(Integer.toString(r.round()));
      cells.add(r.engine());
      cells.add(String.format(Locale.ROOT, "%.1f", r.process().wallSeconds()));
      cells.add(ok ? String.format(Locale.ROOT, "%.1f", r.inputMbPerSecond()) : "");
      cells.add(ok ? base.map(d -> ratio(d.process().wallSeconds() / r.process().wallSeconds())).orElse("") : "");
      cells.add(String.format(Locale.ROOT, "%.1f", r.process().cpuSeconds()));
      cells.add(ok ? base.map(d -> ratio(r.process().cpuSeconds() / d.process().cpuSeconds())).orElse("") : "");
      cells.add(ok ? String.format(Locale.ROOT, "%,d", r.output().files()) : "");
      cells.add(ok ? Integer.toString(r.output().partitions()) : "");
      cells.add(ok ? mb(r.output().totalBytes()) : "");
      cells.add(ok ? mb(r.output().minBytes()) + " / " + mb(r.output().medianBytes()) + " / " + mb(r.output().maxBytes()) : "");
      cells.add(String.format(Locale.ROOT, "%,d", Math.round(r.process().peakRssBytes() / 1e6)));
      cells.add(base.map(d -> ratio((double) r.process().peakRssBytes() / d.process().peakRssBytes())).orElse(""));
      cells.add(r.heap() == null ? "n/a" : r.heap().collections() == 0 ? "no GC"
          : String.format(Locale.ROOT, "%,d / %,d", Math.round(r.heap().before() / 1e6), Math.round(r.heap().after() / 1e6)));
      cells.add(String.format(Locale.ROOT, "%.1f", r.loadBefore()));
      cells.add(r.verdict());
      b.append("| ").append(String.join(" | ", cells)).append(" |\n");
    }
    return b.toString();
  }

  /** DuckDB's successful run of the same input in the same round, unless {@code r} is it. */
  private static Optional<EngineRun> baseline(List<EngineRun> runs, EngineRun r) {
    return runs.stream().filter(d -> d.engine().equals(BASELINE) && d.round() == r.round()
        && d.input().equals(r.input()) && d.process().exitCode() == 0).findFirst();
  }

  static String ratio(double x) {
    return String.format(Locale.ROOT, "%.2fx", x);
  }

  static String mb(long bytes) {
    double mb = bytes / 1e6;
    return mb >= 100 ? String.format(Locale.ROOT, "%,.0f", mb) : mb >= 1 ? String.format(Locale.ROOT, "%.1f", mb)
        : String.format(Locale.ROOT, "%.2f", mb);
  }

  static String sf(double sf) {
    return sf == Math.rint(sf) ? Long.toString((long) sf) : Double.toString(sf);
  }
}
