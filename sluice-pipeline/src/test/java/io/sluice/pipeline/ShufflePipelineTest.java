package io.sluice.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sluice.Job;
import io.sluice.driver.Decision;
import io.sluice.driver.DriverHandler;
import io.sluice.executor.ExecutorHandler;
import io.sluice.function.FunctionHandler;
import io.sluice.function.InvocationContext;
import io.sluice.local.LocalRuntime;
import io.sluice.local.ProgressListener;
import io.sluice.local.RunResult;
import io.sluice.local.store.FileSystemObjectStore;
import io.sluice.store.ObjectStore;
import io.sluice.time.Clock;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.Statement;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Group-by, joins and distinct through the storage shuffle, on the local runtime, each result
 * compared with DuckDB's answer to the same SQL over the same CSV files: generated data with null
 * keys, heavy skew (one key holds most rows), a single key, empty inputs; both join strategies
 * (broadcast and partition-wise); retried and duplicated map attempts.
 */
class ShufflePipelineTest {
  @TempDir Path dir;

  static final String SALES = "id bigint, region string, product string, qty int, price decimal(10,2), day date, score double";
  static final String DUCK_SALES = "{'id': 'BIGINT', 'region': 'VARCHAR', 'product': 'VARCHAR', 'qty': 'INTEGER',"
      + " 'price': 'DECIMAL(10,2)', 'day': 'DATE', 'score': 'DOUBLE'}";
  static final String PRODUCTS = "sku string, category string, weight int";
  static final String DUCK_PRODUCTS = "{'sku': 'VARCHAR', 'category': 'VARCHAR', 'weight': 'INTEGER'}";

  /** Sales over {@code files} CSV objects: region "north" holds ~80% of rows (skew), ~5% of regions and quantities null. */
  static void writeSales(ObjectStore store, String prefix, int files, int rows, long seed) {
    Random rnd = new Random(seed);
    String[] regions = {"north", "south", "east", "west", "centre"};
    long id = 0;
    for (int f = 0; f < files; f++) {
      StringBuilder csv = new StringBuilder("id,region,product,qty,price,day,score\n");
      for (int i = 0; i < rows; i++) {
        String region = rnd.nextInt(20) == 0 ? "" : rnd.nextInt(10) < 8 ? "north" : regions[rnd.nextInt(regions.length)];
        String qty = rnd.nextInt(20) == 0 ? "" : Integer.toString(rnd.nextInt(100) - 10);
        csv.append(id++).append(',').append(region).append(",p").append(rnd.nextInt(60)).append(',').append(qty).append(',')
            .append(BigDecimal.valueOf(rnd.nextInt(100_000), 2)).append(',')
            .append(LocalDate.of(2024, 1, 1).plusDays(rnd.nextInt(366))).append(',').append(rnd.nextGaussian()).append('\n');
      }
      store.put(prefix + "part-" + f + ".csv", csv.toString().getBytes(StandardCharsets.UTF_8));
    }
  }

  /** Products p0..p39 (so sales of p40..p59 find none), some twice (a many-to-many join), some with a null sku. */
  static void writeProducts(ObjectStore store, String prefix, long seed) {
    Random rnd = new Random(seed);
    StringBuilder csv = new StringBuilder("sku,category,weight\n");
    for (int p = 0; p < 40; p++) {
      int copies = p % 7 == 0 ? 2 : 1;
      for (int c = 0; c < copies; c++) {
        csv.append('p').append(p).append(",cat").append(p % 4).append(',').append(rnd.nextInt(50)).append('\n');
      }
    }
    csv.append(",orphan,1\n");
    store.put(prefix + "products.csv", csv.toString().getBytes(StandardCharsets.UTF_8));
  }

  static Source sales(String prefix) {
    return Source.csv(prefix).schema(SALES).chunkBytes(16 << 10);
  }

  static RunResult run(Job job, Path storeDir, String runId) {
    try (LocalRuntime runtime = LocalRuntime.builder(job).storeDir(storeDir).build()) {
      return runtime.run(runId, Map.of(), ProgressListener.none());
    }
  }

  /** The rows of a DuckDB query, as text (decimals without trailing zeros, doubles rounded to 9 significant digits). */
  static List<List<String>> query(String sql) throws Exception {
    try (Connection db = DriverManager.getConnection("jdbc:duckdb:"); Statement st = db.createStatement();
        ResultSet rs = st.executeQuery(sql)) {
      ResultSetMetaData md = rs.getMetaData();
      List<List<String>> rows = new ArrayList<>();
      while (rs.next()) {
        List<String> row = new ArrayList<>();
        for (int i = 1; i <= md.getColumnCount(); i++) {
          Object v = rs.getObject(i);
          row.add(v == null ? null : v instanceof BigDecimal d ? d.stripTrailingZeros().toPlainString()
              : v instanceof Double d ? new BigDecimal(d).round(new java.math.MathContext(9)).stripTrailingZeros().toPlainString()
              : v.toString());
        }
        rows.add(row);
      }
      return rows;
    }
  }

  String csv(String prefix, String columns) {
    return csv("store", prefix, columns);
  }

  String csv(String store, String prefix, String columns) {
    return "read_csv('" + dir.resolve(store).resolve(prefix) + "/*.csv', header = true, columns = " + columns + ")";
  }

  /** The table's live files, as its manifest lists them, for DuckDB. */
  String parquet(String prefix) {
    return parquet("store", prefix);
  }

  String parquet(String storeName, String prefix) {
    ObjectStore store = new FileSystemObjectStore(dir.resolve(storeName));
    List<String> files = new ArrayList<>();
    for (io.sluice.table.DataFile f : new io.sluice.table.TableManifest(store, prefix).latestOrFail().files()) {
      files.add("'" + dir.resolve(storeName).resolve(prefix).resolve(f.path()) + "'");
    }
    assertThat(files).as("live files of %s", prefix).isNotEmpty();
    return "read_parquet([" + String.join(", ", files) + "], hive_partitioning = false)";
  }

  static final String AGGS = "count(*) AS n, count(qty) AS n_qty, sum(qty) AS sum_qty, sum(price) AS sum_price,"
      + " avg(price) AS avg_price, avg(qty) AS avg_qty, min(product) AS min_product, max(day) AS max_day,"
      + " min(qty) AS min_qty, sum(score) AS sum_score, count(DISTINCT product) AS products";

  static Agg[] aggs() {
    return new Agg[] {Agg.count().as("n"), Agg.count("qty").as("n_qty"), Agg.sum("qty").as("sum_qty"),
        Agg.sum("price").as("sum_price"), Agg.avg("price").as("avg_price"), Agg.avg("qty").as("avg_qty"),
        Agg.min("product").as("min_product"), Agg.max("day").as("max_day"), Agg.min("qty").as("min_qty"),
        Agg.sum("score").as("sum_score"), Agg.countDistinct("product").as("products")};
  }

  @Test
  void groupByWithEveryAggregateEqualsDuckDbWithNullKeysAndSkew() throws Exception {
    Path storeDir = dir.resolve("store");
    ObjectStore store = new FileSystemObjectStore(storeDir);
    writeSales(store, "in/sales/", 3, 3000, 1);
    Job job = Pipeline.read(sales("in/sales/"))
        .groupBy("region", aggs())
        .write(Sink.parquet("out/by-region/"))
        .collect(100, "region")
        .shuffle(new Pipeline.Shuffle(32L << 20, 2 << 10, 64 << 10, 16 << 10, 512L << 20)) // tiny: many partitions, flushes
        .toJob("by-region");
    RunResult result = run(job, storeDir, "r1");
    assertThat(result.succeeded()).as("%s: %s", result.error(), result.cause()).isTrue();

    List<List<String>> expected = query("SELECT region, " + AGGS + " FROM " + csv("in/sales/", DUCK_SALES)
        + " GROUP BY region ORDER BY region NULLS LAST");
    List<List<String>> got = query("SELECT * FROM " + parquet("out/by-region/") + " ORDER BY region NULLS LAST");
    assertThat(expected).hasSize(6); // five regions and null
    assertThat(got).isEqualTo(expected);
    String shown = new String(store.get(ShuffleStage.resultKey("r1", "query-2-aggregate")), StandardCharsets.UTF_8);
    assertThat(shown).startsWith("region").contains("north").contains("NULL").contains("(6 rows)");
  }

  @Test
  void oneGroupOfEverythingAndAnEmptyInput() throws Exception {
    Path storeDir = dir.resolve("store");
    ObjectStore store = new FileSystemObjectStore(storeDir);
    writeSales(store, "in/sales/", 2, 500, 2);
    Job all = Pipeline.read(sales("in/sales/")).groupBy("", aggs()).write(Sink.parquet("out/all/")).toJob("all");
    assertThat(run(all, storeDir, "r1").succeeded()).isTrue();
    assertThat(query("SELECT * FROM " + parquet("out/all/")))
        .isEqualTo(query("SELECT " + AGGS + " FROM " + csv("in/sales/", DUCK_SALES)));

    // every row filtered out: a global aggregate still has its one row (count 0, sums null), a grouped one none
    Job none = Pipeline.read(sales("in/sales/")).filter(r -> false).groupBy("", aggs()).write(Sink.parquet("out/none/"))
        .toJob("none");
    assertThat(run(none, storeDir, "r2").succeeded()).isTrue();
    assertThat(query("SELECT * FROM " + parquet("out/none/")))
        .isEqualTo(query("SELECT " + AGGS + " FROM " + csv("in/sales/", DUCK_SALES) + " WHERE false"));
    Job grouped = Pipeline.read(sales("in/sales/")).filter(r -> false).groupBy("region", Agg.count())
        .collect(10, "region").toJob("grouped");
    assertThat(run(grouped, storeDir, "r3").succeeded()).isTrue();
    assertThat(new String(store.get(ShuffleStage.resultKey("r3", "query-2-aggregate")), StandardCharsets.UTF_8))
        .contains("(0 rows)");
  }

  @Test
  void distinctEqualsDuckDb() throws Exception {
    Path storeDir = dir.resolve("store");
    ObjectStore store = new FileSystemObjectStore(storeDir);
    writeSales(store, "in/sales/", 2, 2000, 3);
    Job job = Pipeline.read(sales("in/sales/"))
        .map("region string, product string", (in, out) -> {
          out.set(0, in.isNull("region") ? null : in.getString("region"));
          out.setString(1, in.getString("product"));
        })
        .distinct().write(Sink.parquet("out/distinct/")).toJob("distinct");
    assertThat(run(job, storeDir, "r1").succeeded()).isTrue();
    List<List<String>> expected = query("SELECT DISTINCT region, product FROM " + csv("in/sales/", DUCK_SALES)
        + " ORDER BY ALL NULLS LAST");
    assertThat(expected.size()).isGreaterThan(60);
    assertThat(query("SELECT * FROM " + parquet("out/distinct/") + " ORDER BY ALL NULLS LAST")).isEqualTo(expected);
  }

  Pipeline productJoin(boolean left, long broadcastBytes) {
    Pipeline products = Pipeline.read(Source.csv("in/products/").schema(PRODUCTS));
    Pipeline sales = Pipeline.read(sales("in/sales/"));
    Pipeline joined = left ? sales.leftJoin(products, "product", "sku") : sales.join(products, "product", "sku");
    return joined.groupBy("category, region", Agg.count().as("n"), Agg.sum("price").as("revenue"),
            Agg.sum("weight").as("weight"))
        .shuffle(new Pipeline.Shuffle(broadcastBytes, 4 << 10, 64 << 10, 1 << 20, 512L << 20));
  }

  void checkJoin(boolean left, long broadcastBytes, String run) throws Exception {
    Path storeDir = dir.resolve("store");
    ObjectStore store = new FileSystemObjectStore(storeDir);
    if (store.stat("in/products/products.csv").isEmpty()) {
      writeSales(store, "in/sales/", 3, 2000, 4);
      writeProducts(store, "in/products/", 5);
    }
    String out = "out/" + run + "/";
    RunResult result = run(productJoin(left, broadcastBytes).write(Sink.parquet(out)).toJob("join"), storeDir, run);
    assertThat(result.succeeded()).as("%s: %s", result.error(), result.cause()).isTrue();
    List<List<String>> expected = query("SELECT category, region, count(*) AS n, sum(price) AS revenue, sum(weight) AS weight FROM "
        + csv("in/sales/", DUCK_SALES) + (left ? " LEFT JOIN " : " JOIN ") + csv("in/products/", DUCK_PRODUCTS)
        + " ON product = sku GROUP BY ALL ORDER BY ALL NULLS LAST");
    assertThat(expected.size()).isGreaterThan(left ? 20 : 15);
    assertThat(query("SELECT * FROM " + parquet(out) + " ORDER BY ALL NULLS LAST")).isEqualTo(expected);
  }

  @Test
  void innerAndLeftJoinsBroadcastEqualDuckDb() throws Exception {
    checkJoin(false, 32L << 20, "inner-broadcast");
    checkJoin(true, 32L << 20, "left-broadcast");
  }

  @Test
  void innerAndLeftJoinsPartitionWiseEqualDuckDb() throws Exception {
    checkJoin(false, 0, "inner-shuffled");
    checkJoin(true, 0, "left-shuffled");
  }

  @Test
  void aGlobalSortWritesRangeFilesWhoseNamesSortInKeyOrder() throws Exception {
    Path storeDir = dir.resolve("store");
    ObjectStore store = new FileSystemObjectStore(storeDir);
    writeSales(store, "in/sales/", 3, 3000, 8);
    List<List<String>> expected = query("SELECT * FROM " + csv("in/sales/", DUCK_SALES)
        + " ORDER BY region ASC NULLS LAST, price DESC NULLS LAST, id");
    // map tasks holding all their rows, and map tasks spilling sorted runs of ~8 KB to local disk
    for (long memory : new long[] {1 << 20, 8 << 10}) {
      String out = "out/sorted-" + memory + "/";
      Pipeline sorted = Pipeline.read(sales("in/sales/").chunkBytes(64 << 10))
          .orderBy("region, price desc, id")
          .write(Sink.parquet(out))
          .shuffle(new Pipeline.Shuffle(32L << 20, 16 << 10, 64 << 10, memory, 512L << 20)); // ranges of ~16 KB: many tasks
      int[] runs = new int[2];
      Job.Builder b = Job.builder("sorted");
      sorted.stages().forEach(b::stage);
      b.stage(io.sluice.Stage.named("meter").plan(ctx -> {
        for (io.sluice.TaskResult r : ctx.results("query-1-scan")) {
          runs[0]++;
          runs[1] += r.summary(ShuffleStage.Result.class).orElseThrow().sortRuns().values().iterator().next().size();
        }
        return io.sluice.Plan.tasks(List.of());
      }).build());
      RunResult result = run(b.build(), storeDir, "s" + memory);
      assertThat(result.succeeded()).as("%s: %s", result.error(), result.cause()).isTrue();
      if (memory < 1 << 20) {
        assertThat(runs[1]).as("sorted runs of %s map tasks", runs[0]).isGreaterThan(2 * runs[0]);
      } else {
        assertThat(runs[1]).as("one sorted run per map task").isEqualTo(runs[0]);
      }
      List<String> files = new ArrayList<>();
      for (io.sluice.table.DataFile f : new io.sluice.table.TableManifest(store, out).latestOrFail().files()) {
        files.add(f.path());
      }
      java.util.Collections.sort(files);
      assertThat(files.size()).as("ranges").isGreaterThan(3);
      List<List<String>> got = new ArrayList<>();
      for (String f : files) {
        got.addAll(query("SELECT * FROM read_parquet('" + storeDir.resolve(out).resolve(f) + "')"));
      }
      assertThat(got).as("sorted with %s bytes per map task", memory).isEqualTo(expected);
    }
  }

  @Test
  void aSkewedJoinKeyIsSplitAcrossTasksThatEachGetItsWholeBuildSide() throws Exception {
    Path storeDir = dir.resolve("store");
    ObjectStore store = new FileSystemObjectStore(storeDir);
    // 85% of the sales are of product p7, which has two rows in products (a heavy, many-to-many key)
    Random rnd = new Random(9);
    for (int f = 0; f < 6; f++) {
      StringBuilder csv = new StringBuilder("id,region,product,qty,price,day,score\n");
      for (int i = 0; i < 1500; i++) {
        String product = rnd.nextInt(100) < 85 ? "p7" : "p" + rnd.nextInt(60);
        csv.append(f * 1500 + i).append(",north,").append(product).append(',').append(rnd.nextInt(9)).append(",1.25,2024-05-01,0.5\n");
      }
      store.put("in/sales/part-" + f + ".csv", csv.toString().getBytes(StandardCharsets.UTF_8));
    }
    writeProducts(store, "in/products/", 5);
    Pipeline products = Pipeline.read(Source.csv("in/products/").schema(PRODUCTS));
    Job job = Pipeline.read(Source.csv("in/sales/").schema(SALES).chunkBytes(8 << 10))
        .join(products, "product", "sku")
        .groupBy("category, product", Agg.count().as("n"), Agg.sum("qty").as("qty"), Agg.sum("weight").as("weight"))
        .write(Sink.parquet("out/skew/"))
        .shuffle(new Pipeline.Shuffle(0, 32 << 10, 64 << 10, 1 << 20, 512L << 20))
        .toJob("skew");
    RunResult result = run(job, storeDir, "k1");
    assertThat(result.succeeded()).as("%s: %s", result.error(), result.cause()).isTrue();
    assertThat(query("SELECT * FROM " + parquet("out/skew/") + " ORDER BY ALL")).isEqualTo(query(
        "SELECT category, product, count(*) AS n, sum(qty) AS qty, sum(weight) AS weight FROM " + csv("in/sales/", DUCK_SALES)
            + " JOIN " + csv("in/products/", DUCK_PRODUCTS) + " ON product = sku GROUP BY ALL ORDER BY ALL"));
    // the join stage's plan: the heavy partition's build slices appear in several tasks, each with other probe slices
    ObjectMapper json = new ObjectMapper();
    String plan = null;
    for (var o : store.listAll("runs/k1/stages/")) {
      if (o.key().contains("-join/") && o.key().endsWith("/tasks.json")) {
        plan = o.key();
      }
    }
    assertThat(plan).as("the join stage's plan").isNotNull();
    Map<String, Integer> tasksPerBuild = new java.util.HashMap<>();
    for (JsonNode t : json.readTree(store.get(plan))) {
      List<String> build = new ArrayList<>();
      for (JsonNode s : t.path("input").path("slices")) {
        if (s.path("right").asBoolean()) {
          build.add(s.path("key").asText() + "@" + s.path("offset").asLong());
        }
      }
      tasksPerBuild.merge(String.join(",", build), 1, Integer::sum);
    }
    assertThat(tasksPerBuild.values()).as("tasks per build side").anyMatch(n -> n > 1);
  }

  /**
   * What one shuffle cost, as the committed tasks' metrics say: M map tasks and their objects; the
   * consuming stage's coalescing tasks (joining map outputs), its reduce tasks, and the reads and
   * objects of each.
   */
  record ShuffleCost(int maps, long mapObjects, int coalescers, long coalesceReads, long coalesceObjects, int reduces,
      long reduceReads) {
    long objects() {
      return mapObjects + coalesceObjects;
    }

    long reads() {
      return coalesceReads + reduceReads;
    }
  }

  /** Runs a group-by with {@code files} map tasks and reduce tasks of about {@code reduceBytes}; measures its shuffle. */
  ShuffleCost shuffleCost(int files, long reduceBytes, String run) throws Exception {
    Path storeDir = dir.resolve("store-" + run);
    ObjectStore store = new FileSystemObjectStore(storeDir);
    writeSales(store, "in/sales/", files, 1500, files);
    List<io.sluice.Stage> stages = new ArrayList<>(Pipeline.read(Source.csv("in/sales/").schema(SALES))
        .groupBy("id", Agg.count().as("n")) // a key per row: no combining, every row crosses the shuffle
        .write(Sink.parquet("out/cost/"))
        .shuffle(new Pipeline.Shuffle(32L << 20, reduceBytes, 64L << 20, 256L << 20, 512L << 20))
        .stages());
    // the last round's tasks of each stage, as a later stage sees them; the run's totals hold every round
    long[] seen = new long[7];
    stages.add(io.sluice.Stage.named("measure").plan(ctx -> {
      List<io.sluice.TaskResult> maps = ctx.results("query-1-scan");
      List<io.sluice.TaskResult> reduces = ctx.results("query-2-aggregate");
      seen[0] = maps.size();
      seen[1] = maps.stream().mapToLong(r -> r.metrics().readRequests()).sum();
      seen[2] = maps.stream().mapToLong(r -> r.metrics().objectsWritten()).sum();
      seen[3] = reduces.size();
      seen[4] = reduces.stream().mapToLong(r -> r.metrics().readRequests()).sum();
      seen[5] = reduces.stream().mapToLong(r -> r.metrics().objectsWritten()).sum();
      return io.sluice.Plan.tasks(List.of());
    }).build());
    Job.Builder b = Job.builder("cost");
    stages.forEach(b::stage);
    RunResult result = run(b.build(), storeDir, run);
    assertThat(result.succeeded()).as("%s: %s", result.error(), result.cause()).isTrue();
    // and the answer is still right
    assertThat(query("SELECT count(*), sum(n) FROM " + parquet("store-" + run, "out/cost/")))
        .isEqualTo(query("SELECT count(DISTINCT id), count(*) FROM " + csv("store-" + run, "in/sales/", DUCK_SALES)));
    int coalescers = (int) (result.tasksCommitted() - seen[0] - seen[3]);
    ShuffleCost cost = new ShuffleCost((int) seen[0], seen[2], coalescers, result.readRequests() - seen[1] - seen[4],
        result.objectsWritten() - seen[2] - seen[5], (int) seen[3], seen[4]);
    return cost;
  }

  @Test
  void aShuffleOfMMapAndRReduceTasksWritesAndReadsInProportionToMPlusR() throws Exception {
    for (int files : new int[] {4, 8}) {
      ShuffleCost one = shuffleCost(files, 1L << 30, "one-" + files); // a single reduce task
      assertThat(one.maps()).isEqualTo(files);
      assertThat(one.mapObjects()).as("one shuffle object per map task, not per partition").isEqualTo(files);
      assertThat(one.reduces()).isEqualTo(1);
      assertThat(one.coalescers()).as("nothing to gain by coalescing for one reader").isZero();
      assertThat(one.reduceReads()).isEqualTo(files);

      ShuffleCost many = shuffleCost(files, 4L << 10, "many-" + files); // reduce tasks of ~4 KB: many
      int m = many.maps();
      int r = many.reduces();
      assertThat(r).as("reduce tasks").isGreaterThan(m);
      assertThat(many.coalescers()).as("outputs joined before the reduce round: %s", many).isPositive();
      // every map output read twice (its trailer, then its body) by a coalescer; each reduce task reads each
      // coalesced object once: about 2M + R reads and M + M/R objects, where direct reads would be M x R
      assertThat(many.reads()).as("%s", many).isLessThanOrEqualTo(2L * m + 2L * r).isLessThan((long) m * r);
      assertThat(many.objects()).isLessThanOrEqualTo(m + many.coalescers());
    }
  }

  @Test
  void emptySidesOfJoinsAndAnEmptySort() throws Exception {
    Path storeDir = dir.resolve("store");
    ObjectStore store = new FileSystemObjectStore(storeDir);
    writeSales(store, "in/sales/", 2, 800, 12);
    writeProducts(store, "in/products/", 13);
    for (long broadcast : new long[] {32L << 20, 0}) {
      Pipeline none = Pipeline.read(Source.csv("in/products/").schema(PRODUCTS)).filter(r -> false);
      // inner join with an empty right side: no rows
      Job inner = Pipeline.read(sales("in/sales/")).join(none, "product", "sku").groupBy("category", Agg.count().as("n"))
          .collect(10, "category").shuffle(new Pipeline.Shuffle(broadcast, 4 << 10, 64 << 10, 1 << 20, 512L << 20))
          .toJob("inner");
      assertThat(run(inner, storeDir, "e-inner-" + broadcast).succeeded()).isTrue();
      assertThat(new String(store.get(ShuffleStage.resultKey("e-inner-" + broadcast, "query-4-aggregate")),
          StandardCharsets.UTF_8)).contains("(0 rows)");
      // left join with an empty right side: every left row, with nulls
      String out = "out/left-empty-" + broadcast + "/";
      Job left = Pipeline.read(sales("in/sales/")).leftJoin(none, "product", "sku")
          .groupBy("category, region", Agg.count().as("n"), Agg.sum("weight").as("weight"))
          .write(Sink.parquet(out)).shuffle(new Pipeline.Shuffle(broadcast, 4 << 10, 64 << 10, 1 << 20, 512L << 20))
          .toJob("left");
      assertThat(run(left, storeDir, "e-left-" + broadcast).succeeded()).isTrue();
      assertThat(query("SELECT * FROM " + parquet(out) + " ORDER BY ALL NULLS LAST")).isEqualTo(query(
          "SELECT category, region, count(*) AS n, sum(weight) AS weight FROM " + csv("in/sales/", DUCK_SALES)
              + " LEFT JOIN (SELECT * FROM " + csv("in/products/", DUCK_PRODUCTS) + " WHERE false) ON product = sku"
              + " GROUP BY ALL ORDER BY ALL NULLS LAST"));
    }
    Job sort = Pipeline.read(sales("in/sales/")).filter(r -> false).orderBy("id").collect(10, "").toJob("sort");
    assertThat(run(sort, storeDir, "e-sort").succeeded()).isTrue();
    assertThat(new String(store.get(ShuffleStage.resultKey("e-sort", "query-2-sort")), StandardCharsets.UTF_8))
        .contains("(0 rows)");
  }

  @Test
  void aScanOutOfTimeCommitsWhatItReadAndAContinuationReadsTheRest() throws Exception {
    Path storeDir = dir.resolve("store");
    ObjectStore store = new FileSystemObjectStore(storeDir);
    writeSales(store, "in/sales/", 2, 600, 14);
    // each record takes ~3 ms in the filter: a 1,200-record scan needs ~4 s, the executors' budget is 1 s
    io.sluice.JobSettings settings = io.sluice.JobSettings.DEFAULTS.toBuilder().executorTimeout(Duration.ofSeconds(3))
        .executorBudget(Duration.ofSeconds(1)).build();
    Job job = Pipeline.read(Source.csv("in/sales/").schema(SALES)) // whole objects: one task each
        .filter(r -> {
          Thread.sleep(3);
          return true;
        })
        .groupBy("region", Agg.count().as("n"), Agg.sum("price").as("revenue"))
        .write(Sink.parquet("out/slow/"))
        .toJob("slow", settings);
    RunResult result = run(job, storeDir, "slow");
    assertThat(result.succeeded()).as("%s: %s", result.error(), result.cause()).isTrue();
    assertThat(result.tasksCommitted()).as("two scan tasks, their continuations, the reduce").isGreaterThan(4);
    assertThat(query("SELECT * FROM " + parquet("out/slow/") + " ORDER BY ALL NULLS LAST")).isEqualTo(query(
        "SELECT region, count(*) AS n, sum(price) AS revenue FROM " + csv("in/sales/", DUCK_SALES)
            + " GROUP BY ALL ORDER BY ALL NULLS LAST"));
  }

  /** {@code pipeline}'s job with a last stage that sums what stage {@code measured}'s tasks spilled to local disk. */
  static Job withSpillMeter(Pipeline pipeline, String measured, long[] spilled) {
    Job.Builder b = Job.builder("spill");
    pipeline.stages().forEach(b::stage);
    b.stage(io.sluice.Stage.named("meter").plan(ctx -> {
      spilled[0] = ctx.results(measured).stream()
          .mapToLong(r -> r.summary(ShuffleStage.Result.class).orElseThrow().spilledBytes()).sum();
      return io.sluice.Plan.tasks(List.of());
    }).build());
    return b.build();
  }

  @Test
  void reduceTasksOverTheirMemorySpillToLocalDiskAndGetTheSameAnswer() throws Exception {
    Path storeDir = dir.resolve("store");
    ObjectStore store = new FileSystemObjectStore(storeDir);
    writeSales(store, "in/sales/", 3, 2000, 15);
    writeProducts(store, "in/products/", 16);
    long[] spilled = new long[1];
    // one reduce task holding 6,000 groups in a 32 KB budget
    Job agg = withSpillMeter(Pipeline.read(sales("in/sales/"))
        .groupBy("id, region", Agg.count().as("n"), Agg.sum("price").as("revenue"), Agg.countDistinct("product").as("p"))
        .write(Sink.parquet("out/spill-agg/"))
        .shuffle(new Pipeline.Shuffle(32L << 20, 1L << 30, 64 << 10, 32 << 10, 512L << 20)), "query-2-aggregate", spilled);
    assertThat(run(agg, storeDir, "sa").succeeded()).isTrue();
    assertThat(spilled[0]).as("bytes the reduce side spilled").isPositive();
    assertThat(query("SELECT * FROM " + parquet("out/spill-agg/") + " ORDER BY ALL NULLS LAST")).isEqualTo(query(
        "SELECT id, region, count(*) AS n, sum(price) AS revenue, count(DISTINCT product) AS p FROM "
            + csv("in/sales/", DUCK_SALES) + " GROUP BY ALL ORDER BY ALL NULLS LAST"));
    // a partition-wise join whose build side passes a 2 KB budget
    spilled[0] = 0;
    Pipeline products = Pipeline.read(Source.csv("in/products/").schema(PRODUCTS));
    Job join = withSpillMeter(Pipeline.read(sales("in/sales/")).leftJoin(products, "product", "sku")
        .write(Sink.parquet("out/spill-join/"))
        .shuffle(new Pipeline.Shuffle(0, 1L << 30, 64 << 10, 1 << 20, 2 << 10)), "query-3-join", spilled);
    RunResult r = run(join, storeDir, "sj");
    assertThat(r.succeeded()).as("%s: %s", r.error(), r.cause()).isTrue();
    assertThat(spilled[0]).as("bytes the join spilled").isPositive();
    assertThat(query("SELECT * FROM " + parquet("out/spill-join/") + " ORDER BY ALL NULLS LAST")).isEqualTo(query(
        "SELECT * FROM " + csv("in/sales/", DUCK_SALES) + " LEFT JOIN " + csv("in/products/", DUCK_PRODUCTS)
            + " ON product = sku ORDER BY ALL NULLS LAST"));
  }

  @Test
  void aSourceReadsOnlyItsSelectedColumns() throws Exception {
    Path storeDir = dir.resolve("store");
    ObjectStore store = new FileSystemObjectStore(storeDir);
    writeSales(store, "in/sales/", 2, 1000, 17);
    Source selected = sales("in/sales/").select("region, price");
    assertThat(selected.readSchema(selected.schema()).toSql()).isEqualTo("region string, price decimal(10,2)");
    Job job = Pipeline.read(selected).groupBy("region", Agg.sum("price").as("revenue")).write(Sink.parquet("out/sel/"))
        .toJob("sel");
    assertThat(run(job, storeDir, "sel").succeeded()).isTrue();
    assertThat(query("SELECT * FROM " + parquet("out/sel/") + " ORDER BY ALL NULLS LAST")).isEqualTo(query(
        "SELECT region, sum(price) AS revenue FROM " + csv("in/sales/", DUCK_SALES) + " GROUP BY ALL ORDER BY ALL NULLS LAST"));
    assertThatThrownBy(() -> sales("in/").select("region, nope")).hasMessageContaining("'nope'");
    assertThatThrownBy(() -> Pipeline.read(selected).groupBy("qty", Agg.count())).hasMessageContaining("'qty'");
  }

  @Test
  void locationsNamingRunParametersAreSetWhenTheJobRuns() throws Exception {
    Path storeDir = dir.resolve("store");
    ObjectStore store = new FileSystemObjectStore(storeDir);
    writeSales(store, "in/sales/", 2, 500, 19);
    // a plain conversion (the convert stage) and a group-by (shuffle stages), both placed by parameters
    Job convert = Pipeline.read(Source.csv("${input}").schema(SALES)).write(Sink.parquet("${output:out/converted/}"))
        .toJob("convert");
    assertThat(convert.parameters().list()).extracting(io.sluice.Parameter::name).containsExactlyInAnyOrder("input", "output");
    try (LocalRuntime runtime = LocalRuntime.builder(convert).storeDir(storeDir).build()) {
      assertThat(runtime.run("p1", Map.of("input", "in/sales/"), ProgressListener.none()).succeeded()).isTrue();
    }
    assertThat(query("SELECT count(*), sum(price) FROM " + parquet("out/converted/")))
        .isEqualTo(query("SELECT count(*), sum(price) FROM " + csv("in/sales/", DUCK_SALES)));
    Job grouped = Pipeline.read(Source.csv("${input}").schema(SALES)).groupBy("region", Agg.count().as("n"))
        .write(Sink.parquet("${output}")).toJob("grouped");
    try (LocalRuntime runtime = LocalRuntime.builder(grouped).storeDir(storeDir).build()) {
      assertThat(runtime.run("p2", Map.of("input", "in/sales/", "output", "out/grouped/"), ProgressListener.none())
          .succeeded()).isTrue();
    }
    assertThat(query("SELECT * FROM " + parquet("out/grouped/") + " ORDER BY ALL NULLS LAST")).isEqualTo(query(
        "SELECT region, count(*) AS n FROM " + csv("in/sales/", DUCK_SALES) + " GROUP BY ALL ORDER BY ALL NULLS LAST"));
    assertThatThrownBy(() -> Pipeline.read(Source.csv("${input}").schema(SALES)).write(Sink.parquet("${output}")).compact()
        .toJob("c")).hasMessageContaining("compact()");
    assertThatThrownBy(() -> Location.of("${Input}/x/")).hasMessageContaining("malformed parameter");
  }

  @Test
  void readsAndWritesOfOtherStoresCountInTheRunsTotals() throws Exception {
    // the input and the table in directories of their own (file: locations), not in the run's store
    Path inputDir = dir.resolve("elsewhere/in");
    ObjectStore input = new FileSystemObjectStore(inputDir);
    writeSales(input, "", 3, 800, 20);
    long inputBytes = 0;
    for (var o : input.listAll("")) {
      inputBytes += o.size();
    }
    Path tableDir = dir.resolve("elsewhere/table");
    Job job = Pipeline.read(Source.csv(inputDir.toString()).schema(SALES).chunkBytes(16 << 10))
        .groupBy("region", Agg.count().as("n")).write(Sink.parquet(tableDir.toString())).toJob("elsewhere");
    RunResult r = run(job, dir.resolve("store"), "e1");
    assertThat(r.succeeded()).as("%s: %s", r.error(), r.cause()).isTrue();
    long tableFiles;
    try (var files = java.nio.file.Files.walk(tableDir)) {
      tableFiles = files.filter(f -> f.toString().endsWith(".parquet")).count();
    }
    assertThat(tableFiles).isPositive();
    assertThat(r.bytesIn()).as("bytes read, the other store's input included").isGreaterThanOrEqualTo(inputBytes);
    assertThat(r.readRequests()).as("at least a read per input split").isGreaterThan(3);
    assertThat(r.objectsWritten()).as("the table's files among the objects written").isGreaterThanOrEqualTo(tableFiles + 3);
  }

  @Test
  void aMissingInputIsAClearFailure() {
    Job job = Pipeline.read(Source.csv("in/nothing-here/").schema(SALES)).groupBy("region", Agg.count()).collect(10, "")
        .toJob("missing");
    RunResult result = run(job, dir.resolve("store"), "missing");
    assertThat(result.succeeded()).isFalse();
    assertThat(result.error()).isEqualTo("Sluice.NoInput");
    assertThat(result.cause()).contains("in/nothing-here/");
  }

  @Test
  void aHeavySortKeyIsSplitAcrossRanges() throws Exception {
    Path storeDir = dir.resolve("store");
    ObjectStore store = new FileSystemObjectStore(storeDir);
    writeSales(store, "in/sales/", 4, 2500, 18); // region 'north' holds ~80% of the rows
    Job job = Pipeline.read(sales("in/sales/").chunkBytes(32 << 10))
        .orderBy("region")
        .write(Sink.parquet("out/heavy/"))
        .shuffle(new Pipeline.Shuffle(32L << 20, 32 << 10, 64 << 10, 1 << 20, 512L << 20))
        .toJob("heavy");
    RunResult result = run(job, storeDir, "h1");
    assertThat(result.succeeded()).as("%s: %s", result.error(), result.cause()).isTrue();
    List<String> files = new ArrayList<>();
    for (io.sluice.table.DataFile f : new io.sluice.table.TableManifest(store, "out/heavy/").latestOrFail().files()) {
      files.add(f.path());
    }
    java.util.Collections.sort(files);
    List<String> regions = new ArrayList<>();
    int filesWithNorth = 0;
    for (String f : files) {
      List<List<String>> rows = query("SELECT region FROM read_parquet('" + storeDir.resolve("out/heavy").resolve(f) + "')");
      if (rows.stream().anyMatch(r -> "north".equals(r.get(0)))) {
        filesWithNorth++;
      }
      rows.forEach(r -> regions.add(r.get(0)));
    }
    // the order of equal keys is any, so compare the sort column's sequence, and every row as a multiset
    assertThat(regions).isEqualTo(query("SELECT region FROM " + csv("in/sales/", DUCK_SALES) + " ORDER BY region NULLS LAST")
        .stream().map(r -> r.get(0)).toList());
    assertThat(query("SELECT * FROM " + parquet("out/heavy/") + " ORDER BY ALL NULLS LAST"))
        .isEqualTo(query("SELECT * FROM " + csv("in/sales/", DUCK_SALES) + " ORDER BY ALL NULLS LAST"));
    assertThat(filesWithNorth).as("ranges holding the heavy key 'north'").isGreaterThan(2);
  }

  @Test
  void badPipelinesAreRefusedWhenTheJobIsBuilt() {
    Pipeline p = Pipeline.read(sales("in/"));
    assertThatThrownBy(() -> p.groupBy("nope", Agg.count())).hasMessageContaining("'nope'");
    assertThatThrownBy(() -> p.groupBy("region", Agg.sum("product"))).hasMessageContaining("not a number");
    assertThatThrownBy(() -> p.groupBy("region", Agg.count(), Agg.count())).hasMessageContaining("already has a column 'count'");
    Pipeline products = Pipeline.read(Source.csv("in/p/").schema(PRODUCTS));
    assertThatThrownBy(() -> p.join(products, "qty", "sku")).hasMessageContaining("cannot be equal");
    assertThatThrownBy(() -> p.join(p, "id", "id")).hasMessageContaining("Both sides of the join have a column 'id'");
    assertThatThrownBy(() -> Pipeline.read(Source.csv("in/")).groupBy("x", Agg.count()))
        .hasMessageContaining("needs its source's schema");
    assertThatThrownBy(() -> p.orderBy("nope")).hasMessageContaining("'nope'");
    assertThatThrownBy(() -> p.orderBy("price sideways")).hasMessageContaining("'name desc'");
  }

  // ---- at-least-once: every map task delivered twice, concurrently, and the first attempt of some failing after writing

  record Invocation(String functionName, int memoryMb, Duration remainingTime, String requestId) implements InvocationContext {}

  static JsonNode call(FunctionHandler handler, JsonNode input, String name) throws Exception {
    ObjectMapper json = new ObjectMapper();
    byte[] out = handler.handle(json.writeValueAsBytes(input),
        new Invocation(name, 10240, Duration.ofMinutes(15), UUID.randomUUID().toString()));
    return json.readTree(out);
  }

  /** Runs {@code job} through its handlers as Step Functions would, but hands every executor group to two executors at once. */
  static JsonNode runDeliveringTwice(Job job, ObjectStore store, String run) throws Exception {
    ObjectMapper json = new ObjectMapper();
    DriverHandler driver = new DriverHandler(job, store, Clock.system());
    JsonNode d = call(driver, json.valueToTree(Map.of("run", run, "seq", 0)), "driver");
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      for (int step = 0; step < 200; step++) {
        String action = d.path("action").asText();
        if (action.equals(Decision.SUCCEED) || action.equals(Decision.FAIL)) {
          return d;
        }
        if (action.equals(Decision.RUN_EXECUTORS)) {
          List<Callable<JsonNode>> deliveries = new ArrayList<>();
          for (JsonNode group : d.path("groups")) {
            for (int copy = 0; copy < 2; copy++) {
              ExecutorHandler executor = new ExecutorHandler(job, store, Clock.system());
              deliveries.add(() -> call(executor, group, "executor"));
            }
          }
          for (Future<JsonNode> f : pool.invokeAll(deliveries)) {
            f.get();
          }
        }
        d = call(driver, json.valueToTree(Map.of("run", run, "seq", d.path("seq").asLong())), "driver");
      }
      throw new AssertionError("the run did not end in 200 driver steps");
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void duplicatedMapAttemptsNeverDoubleCount() throws Exception {
    Path storeDir = dir.resolve("store");
    ObjectStore store = new FileSystemObjectStore(storeDir);
    writeSales(store, "in/sales/", 3, 2000, 6);
    writeProducts(store, "in/products/", 7);
    Job job = productJoin(false, 0).write(Sink.parquet("out/dups/")).toJob("dups");
    JsonNode end = runDeliveringTwice(job, store, "d1");
    assertThat(end.path("action").asText()).as("%s", end).isEqualTo(Decision.SUCCEED);
    List<List<String>> expected = query("SELECT category, region, count(*) AS n, sum(price) AS revenue, sum(weight) AS weight FROM "
        + csv("in/sales/", DUCK_SALES) + " JOIN " + csv("in/products/", DUCK_PRODUCTS)
        + " ON product = sku GROUP BY ALL ORDER BY ALL NULLS LAST");
    assertThat(query("SELECT * FROM " + parquet("out/dups/") + " ORDER BY ALL NULLS LAST")).isEqualTo(expected);
  }
}
