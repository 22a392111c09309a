package io.sluice.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code scripts/bench-convert}: TPC-H lineitem (dbgen's pipe-delimited text, {@link TpchLineitem}) converted
 * to Snappy Parquet partitioned by {@code year(l_shipdate), month(l_shipdate)} by Sluice ({@code ./sluice
 * convert} on the local runtime, as the {@code java -jar} that {@code ./sluice} execs), DuckDB ({@link DuckDbConvert}, 2 threads) and Spark ({@code local[2]},
 * {@code sluice-bench-spark}), each a fresh process, back to back, on the same files; then each table is
 * read back by DuckDB and checked against the input; a Markdown table is printed (see {@link ConvertTable}).
 * A harness, not a test.
 *
 * <pre>
 * ConvertBenchmark --root DIR --work DIR [--files N] [--rounds R] [--engines sluice,duckdb,spark]
 *     [--spark-java JAVA] [--spark-classpath FILE] [--sluice-jvm 'JVM OPTIONS'] SF...
 * </pre>
 */
public final class ConvertBenchmark {
  static final String PARTITION_BY = "year(l_shipdate), month(l_shipdate)";
  static final int CORES = BenchProcesses.CORES;

  private final Options o;

  private ConvertBenchmark(Options o) {
    this.o = o;
  }

  /** The command line. */
  record Options(Path root, Path work, int files, int rounds, List<String> engines, Path sparkJava, Path sparkClasspath,
      List<String> sluiceJvm, List<Double> scaleFactors) {
    static Options parse(String[] args) {
      Path root = null;
      Path work = null;
      int files = CORES;
      int rounds = 1;
      List<String> engines = List.of("duckdb", "sluice", "spark");
      Path sparkJava = null;
      Path sparkClasspath = null;
      List<String> sluiceJvm = List.of();
      List<Double> sfs = new ArrayList<>();
      for (int i = 0; i < args.length; i++) {
        String a = args[i];
        if (!a.startsWith("--")) {
          sfs.add(Double.parseDouble(a));
          continue;
        }
        String v = TpchLineitem.required(a, i + 1 < args.length ? args[++i] : null);
        switch (a) {
          case "--root" -> root = Path.of(v).toAbsolutePath();
          case "--work" -> work = Path.of(v).toAbsolutePath();
          case "--files" -> files = Integer.parseInt(v);
          case "--rounds" -> rounds = Integer.parseInt(v);
          case "--engines" -> engines = List.of(v.split(","));
          case "--spark-java" -> sparkJava = Path.of(v);
          case "--spark-classpath" -> sparkClasspath = Path.of(v).toAbsolutePath();
          case "--sluice-jvm" -> sluiceJvm = List.of(v.trim().split("\\s+"));
          default -> throw new IllegalArgumentException("Unknown option " + a);
        }
      }
      for (String e : engines) {
        if (!List.of("sluice", "duckdb", "spark").contains(e)) {
          throw new IllegalArgumentException("--engines: unknown engine '" + e + "' (sluice, duckdb, spark)");
        }
      }
      if (root == null || work == null) {
        throw new IllegalArgumentException("--root (the project, for ./sluice) and --work (where data and tables go) are required");
      }
      if (engines.contains("spark") && (sparkJava == null || sparkClasspath == null)) {
        throw new IllegalArgumentException("spark needs --spark-java (a Java 17 or 21 binary) and --spark-classpath (sluice-bench-spark's)");
      }
      return new Options(root, work, files, rounds, engines, sparkJava, sparkClasspath, sluiceJvm, sfs.isEmpty() ? List.of(1.0) : sfs);
    }
  }

  public static void main(String[] args) throws Exception {
    new ConvertBenchmark(Options.parse(args)).run();
  }

  private void run() throws IOException, InterruptedException, SQLException {
    System.out.println("bench-convert: " + BenchProcesses.machine());
    List<EngineRun> runs = new ArrayList<>();
    for (double sf : o.scaleFactors()) {
      Path data = o.work().resolve("data").resolve("sf" + ConvertTable.sf(sf));
      long t0 = System.nanoTime();
      TpchLineitem.Generated input = TpchLineitem.generate(sf, o.files(), data, CORES);
      System.out.printf(Locale.ROOT, "lineitem sf %s: %,d rows, %s MB in %d files at %s (%.0f s to generate or find)%n",
          ConvertTable.sf(sf), input.rows(), ConvertTable.mb(input.bytes()), input.files(), data, (System.nanoTime() - t0) / 1e9);
      for (int round = 1; round <= o.rounds(); round++) {
        for (int k = 0; k < o.engines().size(); k++) {
          String engine = o.engines().get((k + round - 1) % o.engines().size()); // each round starts with another engine
          Path dir = o.work().resolve("runs").resolve("sf" + ConvertTable.sf(sf)).resolve("r" + round).resolve(engine);
          EngineRun r = runOne(engine, round, input, data, dir);
          System.out.printf(Locale.ROOT, "  sf %s round %d %-6s %6.1f s %7.1f MB/s  RSS %,6d MB  %s  (%s)%n", ConvertTable.sf(sf), round,
              engine, r.process().wallSeconds(), r.inputMbPerSecond(), Math.round(r.process().peakRssBytes() / 1e6), r.verdict(),
              dir.resolve("out.log"));
          runs.add(r);
        }
      }
    }
    System.out.println();
    System.out.print(ConvertTable.markdown(runs));
    System.out.println();
    runs.stream().findFirst().ifPresent(r -> System.out.println("RSS measured with " + r.process().rssSource()
        + "; heap from -Xlog:gc (max used before a collection / max used after one)."));
    Files.writeString(o.work().resolve("results.md"), ConvertTable.markdown(runs), StandardCharsets.UTF_8);
  }

  private EngineRun runOne(String engine, int round, TpchLineitem.Generated input, Path data, Path dir)
      throws IOException, InterruptedException, SQLException {
    BenchProcesses.deleteTree(dir);
    Files.createDirectories(dir);
    Path table = dir.resolve("table");
    Path gcLog = dir.resolve("gc.log");
    String gc = "-Xlog:gc:file=" + gcLog;
    List<String> command;
    switch (engine) {
      case "sluice" -> {
        // ./sluice convert ..., run as the command ./sluice execs (java -jar sluice-cli/target/sluice.jar) so that its
        // staleness check can never start a build inside the timed run; the script builds the jar first
        List<String> c = new ArrayList<>(List.of(BenchProcesses.currentJava(), gc));
        c.addAll(o.sluiceJvm());
        c.addAll(List.of("-jar", o.root().resolve("sluice-cli/target/sluice.jar").toString(), "convert",
            "--input", data.toString(), "--format", "csv", "--delimiter", "|", "--trailing-delimiter", "--schema", TpchLineitem.SCHEMA,
            "--output", table.toString(), "--partition-by", PARTITION_BY, "--compression", "snappy",
            "--store", dir.resolve("store").toString(), "--run-id", "bench"));
        command = c;
      }
      case "duckdb" -> command = List.of(BenchProcesses.currentJava(), "--enable-native-access=ALL-UNNAMED", "-cp", BenchProcesses.benchJar(),
          DuckDbConvert.class.getName(), data.toString(), table.toString(), Integer.toString(CORES));
      default -> command = BenchProcesses.sparkCommand(o.sparkJava(), o.sparkClasspath(), List.of(gc), "io.sluice.bench.spark.SparkConvert",
          List.of(data.toString(), table.toString(), Integer.toString(CORES)));
    }
    BenchProcesses.writeCommand(command, dir.resolve("command.txt"));
    double load = BenchProcesses.loadAverage();
    MeasuredProcess p = MeasuredProcess.run(command, dir, Map.of());
    ParquetOutput output = p.exitCode() == 0 ? ParquetOutput.scan(table) : null;
    OutputCheck check = p.exitCode() == 0 ? OutputCheck.of(table) : null;
    GcLogPeak heap = engine.equals("duckdb") || !Files.exists(gcLog) ? null : GcLogPeak.read(gcLog);
    return new EngineRun(engine, round, input, p, output, heap, check, load);
  }
}
