package io.sluice.pipeline.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sluice.pipeline.Agg;
import io.sluice.record.Field;
import io.sluice.record.FieldType;
import io.sluice.record.MutableRow;
import io.sluice.record.Row;
import io.sluice.record.Schema;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.MathContext;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The reduce-side aggregation that spills to local disk, fed the partial rows of several simulated
 * map tasks (each flushing its combiner often, so partial rows of one key repeat) of random rows:
 * null keys, one heavy key, text and decimals (long and big). Each result is compared with a naive
 * computation over the raw rows (a HashMap of plain Java values) and with the in-memory aggregation.
 */
class SpillingAggregationTest {
  @TempDir Path dir;

  static final Schema INPUT = Schema.of(
      Field.optional("region", FieldType.STRING),
      Field.optional("k2", FieldType.INT32),
      Field.optional("qty", FieldType.INT32),
      Field.optional("price", FieldType.decimal(10, 2)),
      Field.optional("big", FieldType.decimal(30, 4)),
      Field.optional("name", FieldType.STRING));

  static final List<Agg> AGGS = List.of(Agg.count(), Agg.count("qty"), Agg.sum("qty"), Agg.sum("price"), Agg.sum("big"),
      Agg.min("name"), Agg.max("name"), Agg.min("price"), Agg.max("qty"), Agg.avg("qty"), Agg.avg("price"),
      Agg.countDistinct("name"), Agg.countDistinct("price"));

  static final String[] NAMES = {"apple", "Äpfel", "banana", "cherry", "durian", "élan", "fig", "grape", "", "z"};

  /** {@code n} random rows: ~10% null regions, ~40% region "heavy", the rest among {@code regions} keys. */
  static List<Row> rows(int n, int regions, long seed) {
    Random rnd = new Random(seed);
    List<Row> rows = new ArrayList<>();
    MutableRow r = new MutableRow(INPUT);
    for (int i = 0; i < n; i++) {
      r.clear();
      double d = rnd.nextDouble();
      if (d < 0.1) {
        r.setNull(0);
      } else if (d < 0.5) {
        r.setString(0, "heavy");
      } else {
        r.setString(0, "r" + rnd.nextInt(regions));
      }
      if (rnd.nextInt(20) == 0) {
        r.setNull(1);
      } else {
        r.setInt(1, rnd.nextInt(3));
      }
      if (rnd.nextInt(10) == 0) {
        r.setNull(2);
      } else {
        r.setInt(2, rnd.nextInt(2001) - 1000);
      }
      if (rnd.nextInt(10) == 0) {
        r.setNull(3);
      } else {
        r.setDecimal(3, BigDecimal.valueOf(rnd.nextInt(300) * 3137L - 400_000, 2)); // 300 values: a key's distinct set stays small
      }
      if (rnd.nextInt(10) == 0) {
        r.setNull(4);
      } else {
        BigInteger u = new BigInteger(90, rnd);
        r.setDecimal(4, new BigDecimal(rnd.nextBoolean() ? u : u.negate(), 4));
      }
      if (rnd.nextInt(20) == 0) {
        r.setNull(5);
      } else {
        r.setString(5, NAMES[rnd.nextInt(NAMES.length)] + (rnd.nextInt(4) == 0 ? rnd.nextInt(10) : ""));
      }
      rows.add(r.copy());
    }
    return rows;
  }

  /** The partial rows of {@code tasks} map tasks over {@code rows}, each combiner flushing every {@code flush} rows. */
  static List<Row> partials(List<Row> rows, List<String> keys, int tasks, int flush) throws Exception {
    List<Row> out = new ArrayList<>();
    int per = (rows.size() + tasks - 1) / tasks;
    for (int t = 0; t < tasks; t++) {
      Aggregation map = Aggregation.partial(INPUT, keys, AGGS);
      List<Row> chunk = rows.subList(Math.min(rows.size(), t * per), Math.min(rows.size(), (t + 1) * per));
      for (int i = 0; i < chunk.size(); i++) {
        map.add(chunk.get(i));
        if ((i + 1) % flush == 0) {
          map.emitPartials(p -> out.add(p.copy()));
        }
      }
      map.emitPartials(p -> out.add(p.copy()));
    }
    return out;
  }

  /** The naive answer: per key (the values of {@code keys}), every aggregate of AGGS as plain Java values. */
  static Map<List<Object>, List<Object>> naive(List<Row> rows, List<String> keys) {
    final class G {
      long count;
      long countQty;
      long sumQty;
      BigDecimal sumPrice = BigDecimal.ZERO.setScale(2);
      long countPrice;
      BigDecimal sumBig = BigDecimal.ZERO.setScale(4);
      long countBig;
      String minName;
      String maxName;
      BigDecimal minPrice;
      Integer maxQty;
      Set<String> names = new HashSet<>();
      Set<BigDecimal> prices = new HashSet<>();
    }
    Map<List<Object>, G> groups = new HashMap<>();
    for (Row r : rows) {
      List<Object> k = new ArrayList<>();
      for (String key : keys) {
        k.add(r.isNull(key) ? null : r.get(key));
      }
      G g = groups.computeIfAbsent(k, x -> new G());
      g.count++;
      if (!r.isNull("qty")) {
        int q = r.getInt(r.schema().indexOf("qty"));
        g.countQty++;
        g.sumQty += q;
        g.maxQty = g.maxQty == null ? q : Math.max(g.maxQty, q);
      }
      if (!r.isNull("price")) {
        BigDecimal p = (BigDecimal) r.get("price");
        g.countPrice++;
        g.sumPrice = g.sumPrice.add(p);
        g.minPrice = g.minPrice == null || p.compareTo(g.minPrice) < 0 ? p : g.minPrice;
        g.prices.add(p);
      }
      if (!r.isNull("big")) {
        g.countBig++;
        g.sumBig = g.sumBig.add((BigDecimal) r.get("big"));
      }
      if (!r.isNull("name")) {
        String n = (String) r.get("name");
        g.minName = g.minName == null || n.compareTo(g.minName) < 0 ? n : g.minName;
        g.maxName = g.maxName == null || n.compareTo(g.maxName) > 0 ? n : g.maxName;
        g.names.add(n);
      }
    }
    if (keys.isEmpty() && groups.isEmpty()) {
      groups.put(List.of(), new G());
    }
    Map<List<Object>, List<Object>> out = new HashMap<>();
    groups.forEach((k, g) -> out.put(k, Arrays.asList(
        g.count,
        g.countQty,
        g.countQty == 0 ? null : g.sumQty,
        g.countPrice == 0 ? null : g.sumPrice,
        g.countBig == 0 ? null : g.sumBig,
        g.minName,
        g.maxName,
        g.minPrice,
        g.maxQty,
        g.countQty == 0 ? null : (double) g.sumQty / g.countQty,
        g.countPrice == 0 ? null : g.sumPrice.divide(BigDecimal.valueOf(g.countPrice), MathContext.DECIMAL128).doubleValue(),
        (long) g.names.size(),
        (long) g.prices.size())));
    return out;
  }

  /** Final rows by key; fails if a key comes twice. */
  static Map<List<Object>, List<Object>> byKey(List<Row> rows, int keys) {
    Map<List<Object>, List<Object>> out = new HashMap<>();
    for (Row r : rows) {
      List<Object> k = new ArrayList<>();
      List<Object> v = new ArrayList<>();
      for (int i = 0; i < r.schema().size(); i++) {
        (i < keys ? k : v).add(r.isNull(i) ? null : r.get(i));
      }
      assertThat(out.put(k, v)).as("group %s emitted twice", k).isNull();
    }
    return out;
  }

  static List<Row> inMemory(List<Row> partials, List<String> keys) throws Exception {
    Aggregation agg = Aggregation.merge(INPUT, keys, AGGS);
    partials.forEach(agg::add);
    List<Row> out = new ArrayList<>();
    agg.emitFinal(r -> out.add(r.copy()));
    return out;
  }

  record Result(List<Row> rows, long spilledBytes, int levels) {}

  Result spilling(List<Row> partials, List<String> keys, long memoryBytes) throws Exception {
    try (SpillingAggregation agg = new SpillingAggregation(INPUT, keys, AGGS, memoryBytes, dir, "stage 'test'")) {
      for (Row p : partials) {
        agg.add(p);
      }
      List<Row> out = new ArrayList<>();
      agg.emitFinal(r -> out.add(r.copy()));
      assertThat(leftInDir()).as("spill files left").isEmpty();
      return new Result(out, agg.spilledBytes(), agg.spillLevels());
    }
  }

  List<Path> leftInDir() throws IOException {
    try (Stream<Path> s = Files.list(dir)) {
      return s.toList();
    }
  }

  @Test
  void fitsInMemoryWithoutSpilling() throws Exception {
    List<String> keys = List.of("region", "k2");
    List<Row> rows = rows(3000, 50, 1);
    List<Row> partials = partials(rows, keys, 3, 400);
    Result r = spilling(partials, keys, 64L << 20);
    assertThat(r.spilledBytes()).isZero();
    assertThat(r.levels()).isZero();
    assertThat(byKey(r.rows(), 2)).isEqualTo(naive(rows, keys)).isEqualTo(byKey(inMemory(partials, keys), 2));
  }

  @Test
  void spillsOneLevelAndEqualsTheNaiveAnswer() throws Exception {
    List<String> keys = List.of("region", "k2");
    List<Row> rows = rows(20_000, 400, 2);
    List<Row> partials = partials(rows, keys, 4, 1500);
    Result r = spilling(partials, keys, 256 << 10);
    assertThat(r.levels()).isEqualTo(1);
    assertThat(r.spilledBytes()).isPositive();
    Map<List<Object>, List<Object>> expected = naive(rows, keys);
    assertThat(expected).containsKey(Arrays.asList(null, 1)).containsKey(Arrays.asList("heavy", null));
    assertThat(byKey(r.rows(), 2)).isEqualTo(expected).isEqualTo(byKey(inMemory(partials, keys), 2));
  }

  @Test
  void spillsSeveralLevelsWithATinyBudget() throws Exception {
    List<String> keys = List.of("region", "k2");
    List<Row> rows = rows(40_000, 6000, 3);
    List<Row> partials = partials(rows, keys, 4, 700);
    Result r = spilling(partials, keys, 64 << 10);
    assertThat(r.levels()).isGreaterThanOrEqualTo(2);
    assertThat(byKey(r.rows(), 2)).isEqualTo(naive(rows, keys)).isEqualTo(byKey(inMemory(partials, keys), 2));
  }

  @Test
  void oneKeyColumnOfText() throws Exception {
    List<String> keys = List.of("name");
    List<Row> rows = rows(10_000, 100, 4);
    List<Row> partials = partials(rows, keys, 5, 300);
    Result r = spilling(partials, keys, 48 << 10);
    assertThat(r.levels()).isPositive();
    assertThat(byKey(r.rows(), 1)).isEqualTo(naive(rows, keys));
  }

  @Test
  void withoutKeysOneRowEvenWhenNothingCame() throws Exception {
    Result none = spilling(List.of(), List.of(), 4 << 10);
    assertThat(byKey(none.rows(), 0)).isEqualTo(naive(List.of(), List.of()));
    assertThat(none.rows()).hasSize(1);
    assertThat(none.rows().get(0).get(0)).isEqualTo(0L);
    assertThat(none.rows().get(0).isNull(2)).isTrue(); // sum of nothing is null

    List<Row> rows = rows(2000, 10, 5);
    Result some = spilling(partials(rows, List.of(), 3, 100), List.of(), 64 << 10);
    assertThat(some.rows()).hasSize(1);
    assertThat(byKey(some.rows(), 0)).isEqualTo(naive(rows, List.of()));
  }

  @Test
  void failsClearlyPastTheDepthLimitAndLeavesNoFiles() throws Exception {
    List<String> keys = List.of("region", "k2");
    List<Row> partials = partials(rows(20_000, 6000, 7), keys, 2, 1000);
    SpillingAggregation agg = new SpillingAggregation(INPUT, keys, AGGS, 64 << 10, dir, "stage 'deep'", 1);
    for (Row p : partials) {
      agg.add(p);
    }
    assertThatThrownBy(() -> agg.emitFinal(x -> {}))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("The aggregation in stage 'deep' does not fit its memory budget of 64.0 KB even after 1"
            + " levels of spilling to local disk: sub-partition ")
        .hasMessageContaining("more reduce partitions");
    assertThat(leftInDir()).isEmpty();
    assertThat(agg.spillLevels()).isEqualTo(1);
  }

  @Test
  void oneGroupOverTheBudgetIsHeldAsInMemory() throws Exception {
    // countDistinct of one key, and without keys, whose set alone outgrows the budget: spilling cannot split it
    Schema s = Schema.of(Field.optional("k", FieldType.STRING), Field.optional("v", FieldType.INT64));
    List<Agg> aggs = List.of(Agg.countDistinct("v"), Agg.count());
    for (List<String> keys : List.of(List.of("k"), List.<String>of())) {
      Aggregation map = Aggregation.partial(s, keys, aggs);
      MutableRow r = new MutableRow(s);
      List<Row> partials = new ArrayList<>();
      for (long i = 0; i < 6000; i++) {
        r.clear();
        r.setString(0, "big");
        r.setLong(1, i % 5000);
        map.add(r);
        if (i % 50 == 49) {
          map.emitPartials(p -> partials.add(p.copy()));
        }
      }
      try (SpillingAggregation agg = new SpillingAggregation(s, keys, aggs, 16 << 10, dir, "stage 'distinct'")) {
        for (Row p : partials) {
          agg.add(p);
        }
        List<Row> out = new ArrayList<>();
        agg.emitFinal(x -> out.add(x.copy()));
        assertThat(agg.spillLevels()).isZero();
        assertThat(out).hasSize(1);
        Row only = out.get(0);
        assertThat(only.get(keys.size())).isEqualTo(5000L);
        assertThat(only.get(keys.size() + 1)).isEqualTo(6000L);
      }
    }
    assertThat(leftInDir()).isEmpty();
  }

  @Test
  void aHeavyCountDistinctKeyAmongOthers() throws Exception {
    // the heavy key's set is over the budget; the others go through the spill around it
    Schema s = Schema.of(Field.optional("k", FieldType.STRING), Field.optional("v", FieldType.INT64));
    List<Agg> aggs = List.of(Agg.countDistinct("v"), Agg.count());
    Aggregation map = Aggregation.partial(s, List.of("k"), aggs);
    MutableRow r = new MutableRow(s);
    Random rnd = new Random(9);
    List<Row> partials = new ArrayList<>();
    Map<String, Set<Long>> naive = new HashMap<>();
    for (long i = 0; i < 20_000; i++) {
      r.clear();
      String k = i % 4 == 0 ? "k" + rnd.nextInt(300) : "heavy";
      long v = rnd.nextInt(k.equals("heavy") ? 4000 : 5);
      r.setString(0, k);
      r.setLong(1, v);
      naive.computeIfAbsent(k, x -> new HashSet<>()).add(v);
      map.add(r);
      if (i % 200 == 199) {
        map.emitPartials(p -> partials.add(p.copy()));
      }
    }
    map.emitPartials(p -> partials.add(p.copy()));
    Map<List<Object>, List<Object>> got;
    try (SpillingAggregation agg = new SpillingAggregation(s, List.of("k"), aggs, 32 << 10, dir, "stage 'heavy'")) {
      for (Row p : partials) {
        agg.add(p);
      }
      List<Row> out = new ArrayList<>();
      agg.emitFinal(x -> out.add(x.copy()));
      assertThat(agg.spillLevels()).isPositive();
      got = byKey(out, 1);
    }
    assertThat(got).hasSize(naive.size());
    naive.forEach((k, set) -> assertThat(got.get(List.of(k)).get(0)).as(k).isEqualTo((long) set.size()));
    assertThat(leftInDir()).isEmpty();
  }

  @Test
  void closeDeletesTheSpillFilesOfAnUnfinishedTask() throws Exception {
    List<String> keys = List.of("region", "k2");
    List<Row> partials = partials(rows(5000, 500, 6), keys, 2, 200);
    SpillingAggregation agg = new SpillingAggregation(INPUT, keys, AGGS, 8 << 10, dir, "stage 'test'");
    for (Row p : partials) {
      agg.add(p);
    }
    assertThat(agg.spillLevels()).isEqualTo(1);
    assertThat(leftInDir()).isNotEmpty(); // the writer's own runs: the memory budget of its blocks is tiny
    agg.close();
    assertThat(leftInDir()).isEmpty();
    assertThatThrownBy(() -> agg.add(partials.get(0))).isInstanceOf(IllegalStateException.class);
  }
}
