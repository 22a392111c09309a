package io.sluice.examples.demo;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.sluice.TestJson;
import io.sluice.local.LocalRuntime;
import io.sluice.local.ProgressListener;
import io.sluice.local.RunResult;
import io.sluice.local.store.FileSystemObjectStore;
import io.sluice.store.ObjectInfo;
import io.sluice.store.ObjectStore;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The demo's report equals a straightforward single-threaded computation over the same input. */
class DemoJobTest {
  @TempDir Path dir;

  @Test
  void revenuePerTenantPerDayMatchesASequentialComputation() {
    ObjectStore store = new FileSystemObjectStore(dir);
    long lines = DemoData.generate(store, DemoJob.INPUT_PREFIX, 3L << 20, 7);
    // Small chunks: many byte ranges, most cutting through a line.
    try (LocalRuntime runtime = LocalRuntime.builder(DemoJob.job(50_000)).store(store).build()) {
      RunResult result = runtime.run("demo-test", Map.of(), ProgressListener.none());
      assertThat(result.succeeded()).as("%s: %s", result.error(), result.cause()).isTrue();
      assertThat(result.tasksCommitted()).isGreaterThan(60);
    }

    String report = new String(store.get(RevenueStage.reportKey("demo-test")), StandardCharsets.UTF_8);
    assertThat(report).isEqualTo(sequentialReport(store));
    JsonNode summary = TestJson.parse(store.get(RevenueStage.summaryKey("demo-test")), "summary");
    assertThat(summary.path("lines").asLong()).isEqualTo(lines);
    long broken = sequentialBroken(store);
    assertThat(broken).isPositive();
    assertThat(summary.path("rejected").asLong()).isEqualTo(broken);
  }

  @Test
  void theOrdersTableHoldsEveryWellFormedOrderOnceInOneFilePerPartition() throws Exception {
    ObjectStore store = new FileSystemObjectStore(dir);
    DemoData.generate(store, DemoJob.INPUT_PREFIX, 2L << 20, 11);
    try (LocalRuntime runtime = LocalRuntime.builder(DemoJob.job(100 << 10)).store(store).build()) {
      RunResult result = runtime.run("demo-table", Map.of(), ProgressListener.none());
      assertThat(result.succeeded()).as("%s: %s", result.error(), result.cause()).isTrue();
    }
    // What a straightforward reading of the input says the table must hold.
    long orders = 0;
    long revenueCents = 0;
    java.util.Set<String> partitions = new java.util.TreeSet<>();
    for (String line : inputLines(store)) {
      String[] f = line.split(",", -1);
      if (f.length != 6) {
        continue;
      }
      orders++;
      String[] price = f[5].split("\\.");
      revenueCents += (Long.parseLong(price[0]) * 100 + Long.parseLong(price[1])) * Long.parseLong(f[4]);
      String day = f[2].substring(0, 10);
      partitions.add("tenant_id=" + f[1] + "/year=" + day.substring(0, 4) + "/month=" + day.substring(5, 7) + "/day="
          + day.substring(8, 10) + "/");
    }
    io.sluice.table.TableReader reader = new io.sluice.table.TableReader(store, DemoJob.TABLE_PREFIX,
        io.sluice.parquet.ParquetFormat.DEFAULT);
    io.sluice.table.TableSnapshot snapshot = reader.latest();
    // Several tasks per day wrote each partition; the convert stage's merge round joined their files
    // (row groups copied), so the compaction stage after it finds no partition to compact and commits nothing.
    assertThat(snapshot.operation()).as("the last commit is the conversion's; compaction had nothing to do").isEqualTo("overwrite");
    assertThat(snapshot.files()).as("files joined by the merge round").anySatisfy(f -> assertThat(f.name()).startsWith("part-m"));
    assertThat(snapshot.partitions().keySet()).containsExactlyInAnyOrderElementsOf(partitions);
    assertThat(snapshot.partitions().values()).allSatisfy(files -> assertThat(files).hasSize(1));
    long[] seen = new long[2];
    reader.forEach(snapshot, row -> {
      seen[0]++;
      seen[1] += row.getDecimalUnscaled(row.schema().indexOf("revenue"));
    });
    assertThat(seen[0]).isEqualTo(orders);
    assertThat(seen[1]).isEqualTo(revenueCents);
  }

  private static List<String> inputLines(ObjectStore store) {
    List<String> all = new ArrayList<>();
    for (ObjectInfo o : store.listAll(DemoJob.INPUT_PREFIX)) {
      List<String> lines = new String(store.get(o.key()), StandardCharsets.UTF_8).lines().toList();
      all.addAll(lines.subList(1, lines.size()));
    }
    return all;
  }

  private static long sequentialBroken(ObjectStore store) {
    return inputLines(store).stream().filter(l -> l.split(",", -1).length != 6).count();
  }

  private static String sequentialReport(ObjectStore store) {
    Map<String, long[]> acc = new TreeMap<>();
    for (String line : inputLines(store)) {
      String[] f = line.split(",", -1);
      if (f.length != 6) {
        continue;
      }
      String[] price = f[5].split("\\.");
      long cents = Long.parseLong(price[0]) * 100 + Long.parseLong(price[1]);
      long[] a = acc.computeIfAbsent(f[1] + "," + f[2].substring(0, 10), k -> new long[3]);
      a[0]++;
      a[1] += Long.parseLong(f[4]);
      a[2] += cents * Long.parseLong(f[4]);
    }
    StringBuilder sb = new StringBuilder(RevenueStage.REPORT_HEADER).append('\n');
    acc.forEach((k, a) -> sb.append(k).append(',').append(a[0]).append(',').append(a[1]).append(',')
        .append(a[2] / 100).append('.').append(String.format("%02d", a[2] % 100)).append('\n'));
    return sb.toString();
  }
}
