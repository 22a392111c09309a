package io.sluice.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code scripts/bench-shuffle}: the {@link ShuffleQuery}s (TPC-H Q1 and a lineitem-orders join) over the same
 * TPC-H text files ({@link TpchData}) by DuckDB ({@link DuckDbQueries}, 2 threads), Sluice (the jobs
 * {@code tpch-q1} and {@code tpch-join} of sluice-examples, {@code sluice run} on the local runtime with a
 * fresh store, as the {@code java -jar} that {@code ./sluice} execs) and Spark ({@code local[2]},
 * {@code sluice-bench-spark}'s {@code SparkQueries}), each a fresh process, back to back. Every engine's
 * rows are checked against DuckDB's, computed once per query and input in this process before the timed
 * runs ({@link ResultCheck}); a Markdown table is printed ({@link ShuffleTable}; with several rounds, its
 * medians too), and a run that failed or
 * whose rows differ makes the harness exit 1. A harness, not a test.
 *
 * <pre>
 * ShuffleBenchmark --root DIR --work DIR [--files N] [--rounds R] [--engines duckdb,sluice,spark] [--queries q1,join]
 *     [--spark-java JAVA] [--spark-classpath FILE] [--sluice-jvm 'JVM OPTIONS'] SF...
 * </pre>
 */
public final class ShuffleBenchmark {
  static final List<String> ENGINES = List.of("duckdb", "sluice", "spark");

  private final Options o;

  private ShuffleBenchmark(Options o) {
    this.o = o;
  }

  /** The command line. */
  record Options(Path root, Path work, int files, int rounds, List<String> engines, List<ShuffleQuery> queries, Path sparkJava,
      Path sparkClasspath, List<String> sluiceJvm, List<Double> scaleFactors) {
    static Options parse(String[] args) {
      Path root = null;
      Path work = null;
      int files = BenchProcesses.CORES;
      int rounds = 1;
      List<String> engines = ENGINES;
      List<ShuffleQuery> queries = List.of(ShuffleQuery.values());
      Path sparkJava = null;
      Path sparkClasspath = null;
      List<String> sluiceJvm = List.of();
      List<Double> sfs = new ArrayList<>();
      for (int i = 0; i < args.length; i++) {
        String a = args[i];
        if (!a.startsWith("--")) {
          try {
            sfs.add(Double.parseDouble(a));
          } catch (NumberFormatException e) {
            throw new IllegalArgumentException("'" + a + "' is not a scale factor (a number such as 1 or 0.1)");
          }
          continue;
        }
        String v = TpchLineitem.required(a, i + 1 < args.length ? args[++i] : null);
        switch (a) {
          case "--root" -> root = Path.of(v).toAbsolutePath();
          case "--work" -> work = Path.of(v).toAbsolutePath();
          case "--files" -> files = Integer.parseInt(v);
          case "--rounds" -> rounds = Integer.parseInt(v);
          case "--engines" -> engines = List.of(v.split(","));
          case "--queries" -> queries = java.util.Arrays.stream(v.split(",")).map(ShuffleQuery::of).toList();
          case "--spark-java" -> sparkJava = Path.of(v);
          case "--spark-classpath" -> sparkClasspath = Path.of(v).toAbsolutePath();
          case "--sluice-jvm" -> sluiceJvm = List.of(v.trim().split("\\s+"));
          default -> throw new IllegalArgumentException("Unknown option " + a);
        }
      }
      for (String e : engines) {
        if (!ENGINES.contains(e)) {
          throw new IllegalArgumentException("--engines: unknown engine '" + e + "' (duckdb, sluice, spark)");
        }
      }
      if (root == null || work == null) {
        throw new IllegalArgumentException("--root (the project, for sluice-cli/target/sluice.jar) and --work (where data and results go) are required");
      }
      if (engines.contains("spark") && (sparkJava == null || sparkClasspath == null)) {
        throw new IllegalArgumentException("spark needs --spark-java (a Java 17 or 21 binary) and --spark-classpath (sluice-bench-spark's)");
      }
      if (files < 1 || rounds < 1) {
        throw new IllegalArgumentException("--files and --rounds must be at least 1; got " + files + " and " + rounds);
      }
      return new Options(root, work, files, rounds, engines, queries, sparkJava, sparkClasspath, sluiceJvm,
          sfs.isEmpty() ? List.of(1.0) : sfs);
    }
  }

  public static void main(String[] args) throws Exception {
    List<QueryRun> runs;
    try {
      runs = new ShuffleBenchmark(Options.parse(args)).run();
    } catch (IllegalArgumentException | IllegalStateException e) { // a bad option or a missing job: its message says it all
      System.err.println("bench-shuffle: " + e.getMessage());
      System.exit(2);
      return;
    }
    List<QueryRun> bad = runs.stream().filter(r -> !r.succeeded()).toList();
    if (!bad.isEmpty()) {
      System.err.println();
      for (QueryRun r : bad) {
        System.err.printf(Locale.ROOT, "bench-shuffle: %s of %s at SF %s, round %d: %s%n", r.engine(), r.query().id(),
            ConvertTable.sf(r.scaleFactor()), r.round(), r.verdict());
        r.differences().stream().skip(1).forEach(d -> System.err.println("    " + d));
      }
      System.err.println("bench-shuffle: " + bad.size() + " of " + runs.size() + " runs failed or differ from DuckDB's rows");
      System.exit(1);
    }
  }

  private List<QueryRun> run() throws IOException, InterruptedException, SQLException {
    System.out.println("bench-shuffle: " + BenchProcesses.machine());
    if (o.engines().contains("sluice")) {
      checkSluiceJobs(sluiceJar(), o.queries());
    }
    List<QueryRun> runs = new ArrayList<>();
    for (double sf : o.scaleFactors()) {
      Path data = o.work().resolve("data").resolve("sf" + ConvertTable.sf(sf));
      long t0 = System.nanoTime();
      TpchData.Layout input = TpchData.generate(sf, o.files(), data, BenchProcesses.CORES);
      System.out.printf(Locale.ROOT, "TPC-H sf %s: lineitem %,d rows, orders %,d rows, %s MB in %d files each at %s (%.0f s to generate or find)%n",
          ConvertTable.sf(sf), input.lineitem().rows(), input.orders().rows(), ConvertTable.mb(input.bytes()), o.files(), data,
          (System.nanoTime() - t0) / 1e9);
      Map<ShuffleQuery, QueryResult> reference = new HashMap<>();
      for (ShuffleQuery q : o.queries()) {
        long t1 = System.nanoTime();
        reference.put(q, DuckDbQueries.run(q, data, BenchProcesses.CORES));
        System.out.printf(Locale.ROOT, "  reference %s: %d rows by DuckDB in this process (%.1f s, not timed)%n", q.id(),
            reference.get(q).rows().size(), (System.nanoTime() - t1) / 1e9);
      }
      for (int round = 1; round <= o.rounds(); round++) {
        for (ShuffleQuery q : o.queries()) {
          for (int k = 0; k < o.engines().size(); k++) {
            String engine = o.engines().get((k + round - 1) % o.engines().size()); // each round starts with another engine
            Path dir = o.work().resolve("runs").resolve("sf" + ConvertTable.sf(sf)).resolve("r" + round).resolve(q.id()).resolve(engine);
            QueryRun r = runOne(sf, q, engine, round, data, dir, reference.get(q));
            System.out.printf(Locale.ROOT, "  sf %s round %d %-5s %-6s %6.1f s  CPU %6.1f s  RSS %,6d MB  %s  (%s)%n", ConvertTable.sf(sf),
                round, q.id(), engine, r.process().wallSeconds(), r.process().cpuSeconds(), Math.round(r.process().peakRssBytes() / 1e6),
                r.verdict(), dir.resolve("out.log"));
            runs.add(r);
          }
        }
      }
    }
    String table = ShuffleTable.markdown(runs);
    if (o.rounds() > 1) {
      table += "\n" + ShuffleTable.summary(runs);
    }
    System.out.println();
    System.out.print(table);
    System.out.println();
    runs.stream().findFirst().ifPresent(r -> System.out.println("RSS measured with " + r.process().rssSource()
        + "; heap from -Xlog:gc (max used before a collection / max used after one)."));
    Files.createDirectories(o.work());
    Files.writeString(o.work().resolve("results.md"), table, StandardCharsets.UTF_8);
    return runs;
  }

  private QueryRun runOne(double sf, ShuffleQuery q, String engine, int round, Path data, Path dir, QueryResult reference)
      throws IOException, InterruptedException {
    BenchProcesses.deleteTree(dir);
    Files.createDirectories(dir);
    Path json = dir.resolve("result.json");
    Path out = dir.resolve("out");
    Path gcLog = dir.resolve("gc.log");
    String gc = "-Xlog:gc:file=" + gcLog;
    List<String> command = switch (engine) {
      case "sluice" -> {
        // sluice run JOB, as the command ./sluice execs (java -jar sluice-cli/target/sluice.jar) so that its staleness
        // check can never start a build inside the timed run (the script builds the jar first); a fresh store each run
        List<String> c = new ArrayList<>(List.of(BenchProcesses.currentJava(), gc));
        c.addAll(o.sluiceJvm());
        c.addAll(List.of("-jar", sluiceJar().toString(), "run", q.sluiceJob(), "-p", "input=" + data, "-p", "output=" + out,
            "--store", dir.resolve("store").toString(), "--run-id", "bench"));
        yield c;
      }
      case "duckdb" -> List.of(BenchProcesses.currentJava(), "--enable-native-access=ALL-UNNAMED", "-cp", BenchProcesses.benchJar(),
          DuckDbQueries.class.getName(), "--query", q.id(), "--input", data.toString(), "--out", json.toString(),
          "--threads", Integer.toString(BenchProcesses.CORES));
      default -> BenchProcesses.sparkCommand(o.sparkJava(), o.sparkClasspath(), List.of(gc), "io.sluice.bench.spark.SparkQueries",
          List.of("--query", q.id(), "--input", data.toString(), "--out", json.toString(), "--cores", Integer.toString(BenchProcesses.CORES)));
    };
    BenchProcesses.writeCommand(command, dir.resolve("command.txt"));
    double load = BenchProcesses.loadAverage();
    MeasuredProcess p = MeasuredProcess.run(command, dir, Map.of());
    GcLogPeak heap = engine.equals("duckdb") || !Files.exists(gcLog) ? null : GcLogPeak.read(gcLog);
    String problem = null;
    List<String> differences = List.of();
    if (p.exitCode() == 0) {
      try {
        QueryResult result = engine.equals("sluice") ? QueryResult.fromParquet(out, q) : QueryResult.readJson(json);
        differences = ResultCheck.differences(q, reference, result, "DuckDB");
      } catch (IOException | SQLException | RuntimeException e) {
        problem = (engine.equals("sluice") ? "reading the Parquet files under " + out : "reading " + json) + ": " + e.getMessage();
      }
    }
    return new QueryRun(sf, q, round, engine, p, heap, problem, differences, load);
  }

  private Path sluiceJar() {
    return o.root().resolve("sluice-cli/target/sluice.jar");
  }

  /**
   * Fails, before anything is timed, unless {@code sluice jobs} of {@code jar} lists the job of every query
   * (sluice-examples' {@code tpch-q1} and {@code tpch-join}), naming the missing ones and what to do.
   */
  static void checkSluiceJobs(Path jar, List<ShuffleQuery> queries) throws IOException, InterruptedException {
    if (!Files.isRegularFile(jar)) {
      throw new IllegalStateException("sluice: no " + jar + " (scripts/bench-shuffle builds it; mvn -pl sluice-cli -am package)");
    }
    Process p = new ProcessBuilder(BenchProcesses.currentJava(), "-jar", jar.toString(), "jobs").redirectErrorStream(true).start();
    String listing = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (p.waitFor() != 0) {
      throw new IllegalStateException("sluice: `sluice jobs` of " + jar + " failed (exit " + p.exitValue() + "):\n" + listing);
    }
    List<String> missing = missingJobs(listing, queries);
    if (!missing.isEmpty()) {
      throw new IllegalStateException("sluice: no job " + String.join(", ", missing) + " in `sluice jobs` of " + jar
          + " (it lists: " + String.join(", ", jobNames(listing)) + "). The jobs are sluice-examples'; until they exist,"
          + " leave sluice out: --engines duckdb,spark");
    }
  }

  /** The jobs of {@code queries} that the listing of {@code sluice jobs} (a name first on each line) does not have. */
  static List<String> missingJobs(String jobsListing, List<ShuffleQuery> queries) {
    List<String> names = jobNames(jobsListing);
    return queries.stream().map(ShuffleQuery::sluiceJob).filter(j -> !names.contains(j)).toList();
  }

  private static List<String> jobNames(String jobsListing) {
    return jobsListing.lines().map(String::trim).filter(l -> !l.isEmpty()).map(l -> l.split("\\s+")[0]).toList();
  }
}
