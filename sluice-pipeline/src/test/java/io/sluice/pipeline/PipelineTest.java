package io.sluice.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sluice.Job;
import io.sluice.local.LocalRuntime;
import io.sluice.local.ProgressListener;
import io.sluice.local.RunResult;
import io.sluice.local.store.FileSystemObjectStore;
import io.sluice.record.CsvFormat;
import io.sluice.store.ObjectInfo;
import io.sluice.store.ObjectStore;
import io.sluice.table.DataFile;
import io.sluice.table.TableManifest;
import io.sluice.table.TableSnapshot;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The pipeline API end to end on the local runtime: CSV in, partitioned Parquet out, read back by
 * DuckDB with Hive partitioning; quarantine and its limit; reruns; other stores as source and sink.
 */
class PipelineTest {
  @TempDir Path dir;

  static final String SCHEMA = "order_id bigint, tenant string, ts timestamp, amount decimal(12,2)";

  /** Totals of the generated input, computed as it is generated (independently of Sluice). */
  record Input(long rows, BigDecimal amount, long orderIds, TreeSet<String> partitions) {}

  /** {@code files} CSV objects of orders over 3 tenants and 14 months, with a header; {@code bad} malformed lines among them. */
  static Input writeOrders(ObjectStore store, String prefix, int files, int rowsPerFile, int bad, long seed) {
    Random random = new Random(seed);
    long rows = 0;
    long ids = 0;
    BigDecimal amount = BigDecimal.ZERO;
    TreeSet<String> partitions = new TreeSet<>();
    int every = bad == 0 ? Integer.MAX_VALUE : rowsPerFile * files / bad;
    for (int f = 0; f < files; f++) {
      StringBuilder csv = new StringBuilder("order_id,tenant,ts,amount\n");
      for (int i = 0; i < rowsPerFile; i++) {
        if ((f * rowsPerFile + i) % every == every - 1) {
          csv.append("not-a-number,acme,2024-01-01T00:00:00Z,1.00\n");
          continue;
        }
        long id = (long) f * rowsPerFile + i;
        String tenant = List.of("acme", "globex", "initech").get(random.nextInt(3));
        Instant ts = Instant.parse("2023-11-01T00:00:00Z").plusSeconds(random.nextLong(86400L * 420));
        BigDecimal a = BigDecimal.valueOf(random.nextInt(1_000_000), 2);
        csv.append(id).append(',').append(tenant).append(',').append(ts).append(',').append(a).append('\n');
        rows++;
        ids += id;
        amount = amount.add(a);
        var z = ts.atZone(java.time.ZoneOffset.UTC);
        partitions.add("tenant=" + tenant + "/year=" + z.getYear() + "/month=" + String.format("%02d", z.getMonthValue()) + "/");
      }
      store.put(prefix + "part-" + f + ".csv", csv.toString().getBytes(StandardCharsets.UTF_8));
    }
    return new Input(rows, amount, ids, partitions);
  }

  static RunResult run(Job job, Path storeDir, String runId) {
    try (LocalRuntime runtime = LocalRuntime.builder(job).storeDir(storeDir).build()) {
      return runtime.run(runId, Map.of(), ProgressListener.none());
    }
  }

  static Pipeline orders(String input, String output) {
    return Pipeline.read(Source.csv(input).schema(SCHEMA).chunkBytes(4096))
        .write(Sink.parquet(output).partitionBy("tenant, year(ts), month(ts)").targetFileBytes(16 << 10));
  }

  @Test
  void convertsCsvToPartitionedParquetThatDuckDbReadsWithHivePartitioning() throws Exception {
    Path storeDir = dir.resolve("store");
    ObjectStore store = new FileSystemObjectStore(storeDir);
    Input input = writeOrders(store, "input/orders/", 4, 2000, 0, 1);

    RunResult result = run(orders("input/orders/", "tables/orders/").toJob("orders"), storeDir, "r1");
    assertThat(result.succeeded()).as("%s: %s", result.error(), result.cause()).isTrue();
    assertThat(result.tasksCommitted()).as("4 objects in 4 KB chunks").isGreaterThan(20);

    TableSnapshot snapshot = new TableManifest(store, "tables/orders/").latestOrFail();
    List<String> onDisk = new ArrayList<>();
    for (ObjectInfo o : store.listAll("tables/orders/")) {
      if (!o.key().contains("/_sluice/")) {
        onDisk.add(o.key().substring("tables/orders/".length()));
      }
    }
    // The manifest lists exactly the data files there are, and the partitions are the input's.
    assertThat(snapshot.files().stream().map(DataFile::path).toList()).containsExactlyInAnyOrderElementsOf(onDisk);
    assertThat(snapshot.rows()).isEqualTo(input.rows());
    assertThat(new TreeSet<>(snapshot.partitions().keySet())).isEqualTo(input.partitions());
    assertThat(onDisk).allMatch(p -> p.matches("tenant=[a-z]+/year=\\d{4}/month=\\d{2}/part-(t[0-9a-f]{24}|m[0-9a-f]{16})-\\d{5}\\.parquet"));

    try (Connection db = DriverManager.getConnection("jdbc:duckdb:"); Statement st = db.createStatement();
        ResultSet rs = st.executeQuery("SELECT count(*), sum(amount), sum(order_id), count(DISTINCT tenant || year || month)"
            + " FROM read_parquet('" + storeDir.resolve("tables/orders") + "/*/*/*/*.parquet', hive_partitioning = true)")) {
      assertThat(rs.next()).isTrue();
      assertThat(rs.getLong(1)).isEqualTo(input.rows());
      assertThat(rs.getBigDecimal(2)).isEqualByComparingTo(input.amount());
      assertThat(rs.getLong(3)).isEqualTo(input.orderIds());
      assertThat(rs.getLong(4)).isEqualTo(input.partitions().size());
    }
    try (Connection db = DriverManager.getConnection("jdbc:duckdb:"); Statement st = db.createStatement();
        ResultSet rs = st.executeQuery("SELECT DISTINCT compression FROM parquet_metadata('" + storeDir.resolve("tables/orders")
            + "/*/*/*/*.parquet')")) {
      assertThat(rs.next()).isTrue();
      assertThat(rs.getString(1)).isEqualToIgnoringCase("SNAPPY");
      assertThat(rs.next()).isFalse();
    }
    // The report next to the table counts what the run did.
    JsonNode report = new ObjectMapper().readTree(store.get("tables/orders/" + ConvertReport.key("r1", "convert")));
    assertThat(report.path("rowsRead").asLong()).isEqualTo(input.rows());
    assertThat(report.path("rowsWritten").asLong()).isEqualTo(input.rows());
    assertThat(report.path("files").asLong()).isEqualTo(snapshot.files().size());
  }

  @Test
  void aRerunOnTheSameInputWritesTheSameFilesAndTheTableStaysTheSame() {
    Path storeDir = dir.resolve("store");
    ObjectStore store = new FileSystemObjectStore(storeDir);
    Input input = writeOrders(store, "input/orders/", 2, 1000, 0, 2);
    Job job = orders("input/orders/", "tables/orders/").toJob("orders");
    assertThat(run(job, storeDir, "r1").succeeded()).isTrue();
    TableSnapshot first = new TableManifest(store, "tables/orders/").latestOrFail();
    assertThat(run(job, storeDir, "r2").succeeded()).isTrue();
    TableSnapshot second = new TableManifest(store, "tables/orders/").latestOrFail();

    assertThat(second.files()).containsExactlyInAnyOrderElementsOf(first.files());
    assertThat(second.version()).as("nothing new to commit").isEqualTo(first.version());
    assertThat(second.rows()).isEqualTo(input.rows());
  }

  @Test
  void filtersAndMapsRunOnEveryRecordAndMapperFailuresAreQuarantined() throws Exception {
    Path storeDir = dir.resolve("store");
    ObjectStore store = new FileSystemObjectStore(storeDir);
    store.put("in/a.csv", ("order_id,tenant,ts,amount\n"
        + "1,acme,2024-01-05T10:00:00Z,10.00\n"
        + "2,globex,2024-02-05T10:00:00Z,0.00\n"
        + "3,initech,2024-02-06T10:00:00Z,7.50\n"
        + "4,boom,2024-02-06T10:00:00Z,1.00\n").getBytes(StandardCharsets.UTF_8));
    Job job = Pipeline.read(Source.csv("in/").schema(SCHEMA))
        .filter(r -> r.getDecimal("amount").signum() > 0)
        .map("order_id bigint, tenant string, day date, cents bigint", (in, out) -> {
          if (in.getString("tenant").equals("boom")) {
            throw new IllegalStateException("tenant boom is not ours");
          }
          out.setLong(0, in.getLong("order_id"));
          out.setString(1, in.getString("tenant").toUpperCase());
          out.setDate(2, in.getTimestamp("ts").atZone(java.time.ZoneOffset.UTC).toLocalDate());
          out.setLong(3, in.getDecimal("amount").movePointRight(2).longValueExact());
        })
        .write(Sink.parquet("out/").partitionBy("month(day)"))
        .badRecords(BadRecordLimit.count(1))
        .toJob("mapped");
    RunResult result = run(job, storeDir, "m1");
    assertThat(result.succeeded()).as("%s: %s", result.error(), result.cause()).isTrue();

    try (Connection db = DriverManager.getConnection("jdbc:duckdb:"); Statement st = db.createStatement();
        ResultSet rs = st.executeQuery("SELECT order_id, tenant, cents, month FROM read_parquet('" + storeDir.resolve("out")
            + "/*/*.parquet', hive_partitioning = true) ORDER BY order_id")) {
      List<String> rows = new ArrayList<>();
      while (rs.next()) {
        rows.add(rs.getLong(1) + " " + rs.getString(2) + " " + rs.getLong(3) + " " + rs.getInt(4));
      }
      assertThat(rows).containsExactly("1 ACME 1000 1", "3 INITECH 750 2");
    }
    JsonNode report = new ObjectMapper().readTree(store.get("out/" + ConvertReport.key("m1", "convert")));
    assertThat(report.path("rowsFiltered").asLong()).isEqualTo(1);
    assertThat(report.path("rowsQuarantined").asLong()).isEqualTo(1);
    String quarantine = report.path("quarantine").get(0).asText();
    String line = new String(store.get(quarantine), StandardCharsets.UTF_8).strip();
    JsonNode bad = new ObjectMapper().readTree(line);
    assertThat(bad.path("source").asText()).isEqualTo("in/a.csv");
    assertThat(bad.path("offset").asLong()).as("the byte offset of line 5").isEqualTo(
        "order_id,tenant,ts,amount\n1,acme,2024-01-05T10:00:00Z,10.00\n2,globex,2024-02-05T10:00:00Z,0.00\n3,initech,2024-02-06T10:00:00Z,7.50\n".length());
    assertThat(bad.path("reason").asText()).contains("tenant boom is not ours");
  }

  @Test
  void malformedRowsAreQuarantinedWithTheirPlaceAndPastTheLimitTheStageFailsAndTheTableIsUntouched() throws Exception {
    Path storeDir = dir.resolve("store");
    ObjectStore store = new FileSystemObjectStore(storeDir);
    Input input = writeOrders(store, "input/orders/", 2, 500, 6, 3);

    // Within the limit: the good rows are written, each bad one quarantined with its place and reason.
    RunResult ok = run(orders("input/orders/", "tables/ok/").badRecords(BadRecordLimit.count(10)).toJob("ok"), storeDir, "q1");
    assertThat(ok.succeeded()).as("%s: %s", ok.error(), ok.cause()).isTrue();
    assertThat(new TableManifest(store, "tables/ok/").latestOrFail().rows()).isEqualTo(input.rows());
    JsonNode report = new ObjectMapper().readTree(store.get("tables/ok/" + ConvertReport.key("q1", "convert")));
    assertThat(report.path("rowsQuarantined").asLong()).isEqualTo(6);
    List<JsonNode> bad = new ArrayList<>();
    for (JsonNode key : report.path("quarantine")) {
      for (String l : new String(store.get(key.asText()), StandardCharsets.UTF_8).split("\n")) {
        bad.add(new ObjectMapper().readTree(l));
      }
    }
    assertThat(bad).hasSize(6).allSatisfy(b -> {
      assertThat(b.path("source").asText()).startsWith("input/orders/part-");
      assertThat(b.path("reason").asText()).contains("order_id");
      byte[] object = store.get(b.path("source").asText());
      String at = new String(object, (int) b.path("offset").asLong(), 12, StandardCharsets.UTF_8);
      assertThat(at).as("the offset points at the bad line").isEqualTo("not-a-number");
    });

    // Past the limit: the run fails saying so, and the table gets no new version.
    RunResult failed = run(orders("input/orders/", "tables/strict/").badRecords(BadRecordLimit.count(5)).toJob("strict"),
        storeDir, "q2");
    assertThat(failed.succeeded()).isFalse();
    assertThat(failed.error()).isEqualTo("Sluice.TooManyBadRecords");
    assertThat(failed.cause()).contains("quarantined 6 of " + (input.rows() + 6)).contains("at most 5").contains("quarantine.jsonl");
    assertThat(new TableManifest(store, "tables/strict/").latest()).isEmpty();
  }

  @Test
  void readsAndWritesOtherStoresNamedByUri() throws Exception {
    Path storeDir = dir.resolve("store");
    Path lake = dir.resolve("lake");
    Files.createDirectories(lake.resolve("raw"));
    Input input = writeOrders(new FileSystemObjectStore(lake.resolve("raw")), "", 3, 300, 0, 4);
    Job job = orders(lake.resolve("raw").toUri().toString(), lake.resolve("tables/orders").toUri().toString()).toJob("uris");
    RunResult result = run(job, storeDir, "u1");
    assertThat(result.succeeded()).as("%s: %s", result.error(), result.cause()).isTrue();

    TableSnapshot snapshot = new TableManifest(new FileSystemObjectStore(lake.resolve("tables/orders")), "").latestOrFail();
    assertThat(snapshot.rows()).isEqualTo(input.rows());
    // Symlink manifests for Athena list absolute URIs of live files, one partition each.
    Path symlink = lake.resolve("tables/orders/_sluice/symlink").resolve(snapshot.files().get(0).partition()).resolve("manifest");
    assertThat(Files.readAllLines(symlink)).allMatch(l -> l.startsWith("file:") && l.endsWith(".parquet"));
    assertThat(new FileSystemObjectStore(storeDir).listAll("tables/")).isEmpty();
  }

  @Test
  void withoutAChunkSizeAProbeRoundMeasuresThroughputAndTheRestFollowsInALaterRoundCommittedOnce() throws Exception {
    Path storeDir = dir.resolve("store");
    ObjectStore store = new FileSystemObjectStore(storeDir);
    Input input = writeOrders(store, "input/orders/", 7, 300, 7, 5);
    List<Integer> roundsSeen = new java.util.concurrent.CopyOnWriteArrayList<>();
    Job job = Pipeline.read(Source.csv("input/orders/").schema(SCHEMA))
        .write(Sink.parquet("tables/orders/").partitionBy("tenant"))
        .badRecords(BadRecordLimit.count(7))
        .toJob("rounds");
    ConvertStage convert = (ConvertStage) job.stages().get(0);
    assertThat(convert.chunkBytes()).as("a plain conversion's first chunk").isEqualTo(768L << 20);
    RunResult result = run(job, storeDir, "a1");
    assertThat(result.succeeded()).as("%s: %s", result.error(), result.cause()).isTrue();
    assertThat(result.tasksCommitted()).as("7 conversion tasks, then 1 merging every tenant's 7 files").isEqualTo(8);

    TableManifest manifest = new TableManifest(store, "tables/orders/");
    // every tenant got a file from each of the 7 tasks; the merge round joined them: one file per partition
    Map<String, Long> filesPerPartition = manifest.latestOrFail().files().stream()
        .collect(java.util.stream.Collectors.groupingBy(DataFile::partition, java.util.stream.Collectors.counting()));
    assertThat(filesPerPartition).isNotEmpty().allSatisfy((partition, n) -> assertThat(n).as(partition).isEqualTo(1));
    assertThat(manifest.latestOrFail().files()).allSatisfy(f -> assertThat(f.name()).startsWith("part-m"));
    List<String> dataFiles = new ArrayList<>();
    store.listAll("tables/orders/").forEach(o -> {
      if (o.key().endsWith(".parquet")) {
        dataFiles.add(o.key().substring("tables/orders/".length()));
      }
    });
    assertThat(dataFiles).as("the merged-away files are deleted").containsExactlyInAnyOrderElementsOf(
        manifest.latestOrFail().files().stream().map(DataFile::path).toList());
    // One commit for the whole stage: version 1 creates the table, version 2 holds every round's files.
    assertThat(manifest.latestVersion()).contains(2L);
    assertThat(manifest.latestOrFail().rows()).isEqualTo(input.rows());
    JsonNode report = new ObjectMapper().readTree(store.get("tables/orders/" + ConvertReport.key("a1", "convert")));
    assertThat(report.path("rowsQuarantined").asLong()).as("bad rows of both rounds").isEqualTo(7);
    assertThat(report.path("rowsRead").asLong()).isEqualTo(input.rows() + 7);
    // Three batches: the probe of 4 objects, then the other 3, then the merge.
    List<String> batches = new ArrayList<>();
    store.listAll("runs/a1/stages/").forEach(o -> {
      String k = o.key();
      if (k.endsWith("/tasks.json")) {
        batches.add(k);
      }
    });
    assertThat(batches).hasSize(3);
    assertThat(store.listAll("tables/orders/_sluice/pending/")).as("the rounds' file lists are gone after the commit").isEmpty();
  }

  @Test
  void aPartitionColumnTheOutputLacksIsRefusedWhenTheJobIsBuilt() {
    assertThatThrownBy(() -> Pipeline.read(Source.csv("in/").schema(SCHEMA))
        .write(Sink.parquet("out/").partitionBy("year(created)")).toJob("bad"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("Stage 'convert'").hasMessageContaining("created");
  }

  @Test
  void noInputFailsTheRunNamingTheLocation() {
    RunResult result = run(orders("nothing/here/", "tables/x/").toJob("empty"), dir.resolve("store"), "e1");
    assertThat(result.succeeded()).isFalse();
    assertThat(result.error()).isEqualTo("Sluice.NoInput");
    assertThat(result.cause()).contains("nothing/here/");
  }

  @Test
  void infersTheSchemaWhenNoneIsGiven() throws Exception {
    Path storeDir = dir.resolve("store");
    ObjectStore store = new FileSystemObjectStore(storeDir);
    store.put("in/a.csv", "id|name|score\n1|ann|2.5\n2|bob|3.0\n".getBytes(StandardCharsets.UTF_8));
    Job job = Pipeline.read(Source.of(CsvFormat.builder().delimiter('|').header(true).build(), Location.of("in/")))
        .write(Sink.parquet("out/")).toJob("infer");
    RunResult result = run(job, storeDir, "i1");
    assertThat(result.succeeded()).as("%s: %s", result.error(), result.cause()).isTrue();
    TableSnapshot s = new TableManifest(store, "out/").latestOrFail();
    assertThat(s.definition().schema().names()).containsExactly("id", "name", "score");
    assertThat(s.rows()).isEqualTo(2);
  }
}
