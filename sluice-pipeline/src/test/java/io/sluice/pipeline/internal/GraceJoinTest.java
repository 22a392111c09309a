package io.sluice.pipeline.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sluice.record.Field;
import io.sluice.record.FieldType;
import io.sluice.record.MutableRow;
import io.sluice.record.Row;
import io.sluice.record.Schema;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The partition-wise join that spills to local disk, on random inputs keyed by text and a decimal:
 * duplicate keys on both sides (many-to-many), null key fields, one heavy key; each result compared,
 * as a multiset of rows, with nested loops over the same rows.
 */
class GraceJoinTest {
  @TempDir Path dir;

  static final Schema BUILD = Schema.of(
      Field.optional("sku", FieldType.STRING),
      Field.optional("grade", FieldType.decimal(6, 1)),
      Field.optional("weight", FieldType.INT32),
      Field.optional("note", FieldType.STRING));
  static final Schema PROBE = Schema.of(
      Field.optional("id", FieldType.INT64),
      Field.optional("grade", FieldType.decimal(6, 1)),
      Field.optional("qty", FieldType.INT32),
      Field.optional("sku", FieldType.STRING));
  static final int[] BUILD_KEYS = {0, 1};
  static final int[] PROBE_KEYS = {3, 1};

  /** {@code n} rows of {@code schema}: keys among {@code skus} skus and 3 grades, ~40% of them "heavy", ~5% of key fields null. */
  static List<Row> rows(Schema schema, int n, int skus, long seed) {
    Random rnd = new Random(seed);
    boolean build = schema == BUILD;
    int sku = build ? 0 : 3;
    List<Row> out = new ArrayList<>();
    MutableRow r = new MutableRow(schema);
    for (int i = 0; i < n; i++) {
      r.clear();
      double d = rnd.nextDouble();
      if (d < 0.05) {
        r.setNull(sku);
      } else if (d < 0.45) {
        r.setString(sku, "heavy");
      } else {
        r.setString(sku, "sku-" + rnd.nextInt(skus) + (rnd.nextBoolean() ? "é" : ""));
      }
      if (rnd.nextInt(20) == 0) {
        r.setNull(1);
      } else {
        r.setDecimal(1, BigDecimal.valueOf(rnd.nextInt(3) * 15 - 10, 1));
      }
      if (build) {
        r.setInt(2, rnd.nextInt(1000));
        r.setString(3, "note " + i + " of build ".repeat(rnd.nextInt(3)));
      } else {
        r.setLong(0, i);
        if (rnd.nextInt(10) != 0) {
          r.setInt(2, rnd.nextInt(50));
        }
      }
      out.add(r.copy());
    }
    return out;
  }

  static String render(Row probe, Row build) {
    List<Object> v = new ArrayList<>();
    for (int i = 0; i < PROBE.size(); i++) {
      v.add(probe.isNull(i) ? null : probe.get(i));
    }
    for (int i = 0; i < BUILD.size(); i++) {
      v.add(build == null || build.isNull(i) ? null : build.get(i));
    }
    return v.toString();
  }

  /** Nested loops: every probe row with every build row whose key fields are all non-null and equal. */
  static List<String> naive(List<Row> build, List<Row> probe, boolean leftOuter) {
    List<String> out = new ArrayList<>();
    for (Row p : probe) {
      int matched = 0;
      for (Row b : build) {
        boolean eq = true;
        for (int k = 0; k < BUILD_KEYS.length && eq; k++) {
          Object x = p.isNull(PROBE_KEYS[k]) ? null : p.get(PROBE_KEYS[k]);
          Object y = b.isNull(BUILD_KEYS[k]) ? null : b.get(BUILD_KEYS[k]);
          eq = x != null && y != null && Objects.equals(x, y);
        }
        if (eq) {
          out.add(render(p, b));
          matched++;
        }
      }
      if (matched == 0 && leftOuter) {
        out.add(render(p, null));
      }
    }
    out.sort(null);
    return out;
  }

  record Result(List<String> rows, long spilledBytes, int levels) {}

  Result join(List<Row> build, List<Row> probe, boolean leftOuter, long memoryBytes) throws Exception {
    List<String> out = new ArrayList<>();
    try (GraceJoin j = new GraceJoin(BUILD, BUILD_KEYS, PROBE, PROBE_KEYS, leftOuter, memoryBytes, dir, "stage 'test'",
        (p, b) -> out.add(render(p, b)))) {
      for (Row b : build) {
        j.addBuild(b);
      }
      for (Row p : probe) {
        j.addProbe(p);
      }
      j.finish();
      assertThat(leftInDir()).as("spill files left").isEmpty();
      out.sort(null);
      return new Result(out, j.spilledBytes(), j.spillLevels());
    }
  }

  List<Path> leftInDir() throws IOException {
    try (Stream<Path> s = Files.list(dir)) {
      return s.toList();
    }
  }

  @Test
  void fitsInMemoryWithoutSpilling() throws Exception {
    List<Row> build = rows(BUILD, 300, 100, 1);
    List<Row> probe = rows(PROBE, 2000, 150, 2);
    for (boolean outer : new boolean[] {false, true}) {
      Result r = join(build, probe, outer, 64L << 20);
      assertThat(r.spilledBytes()).isZero();
      assertThat(r.levels()).isZero();
      assertThat(r.rows()).isEqualTo(naive(build, probe, outer));
    }
  }

  @Test
  void innerJoinSpillsOneLevel() throws Exception {
    List<Row> build = rows(BUILD, 2000, 1500, 3);
    List<Row> probe = rows(PROBE, 3000, 2000, 4);
    Result r = join(build, probe, false, 96 << 10);
    assertThat(r.levels()).isEqualTo(1);
    assertThat(r.spilledBytes()).isPositive();
    List<String> expected = naive(build, probe, false);
    assertThat(expected.size()).isGreaterThan(probe.size()); // many-to-many: the heavy key repeats on both sides
    assertThat(r.rows()).isEqualTo(expected);
  }

  @Test
  void leftJoinSpillsSeveralLevelsWithATinyBudget() throws Exception {
    // the heavy key's 40 build rows fit the budget; the other keys need two levels of splitting
    List<Row> build = rows(BUILD, 100, 100_000, 5);
    List<Row> more = rows(BUILD, 6000, 100_000, 6);
    more.removeIf(b -> "heavy".equals(b.isNull(0) ? null : b.get(0)));
    build.addAll(more);
    List<Row> probe = rows(PROBE, 4000, 3000, 7);
    probe.addAll(rows(PROBE, 3000, 100_000, 8)); // mostly unmatched
    Result r = join(build, probe, true, 24 << 10);
    assertThat(r.levels()).isGreaterThanOrEqualTo(2);
    List<String> expected = naive(build, probe, true);
    assertThat(expected).anyMatch(s -> s.endsWith(", null, null, null, null]")); // unmatched probe rows
    assertThat(r.rows()).isEqualTo(expected);
  }

  @Test
  void fewBuildKeysLeaveSubPartitionsWithoutBuildRows() throws Exception {
    // 6 build keys over 16 sub-partitions: probe rows of the empty ones are answered as they come
    List<Row> build = new ArrayList<>();
    MutableRow r = new MutableRow(BUILD);
    for (int i = 0; i < 900; i++) {
      r.clear();
      r.setString(0, "sku-" + (i % 6));
      r.setDecimal(1, BigDecimal.valueOf(i % 6 == 0 ? 50 : -10, 1));
      r.setInt(2, i);
      r.setString(3, "n" + i);
      build.add(r.copy());
    }
    List<Row> probe = rows(PROBE, 3000, 40, 14);
    for (boolean outer : new boolean[] {false, true}) {
      Result res = join(build, probe, outer, 16 << 10);
      assertThat(res.levels()).isPositive();
      assertThat(res.rows()).isEqualTo(naive(build, probe, outer));
    }
  }

  @Test
  void emptySides() throws Exception {
    List<Row> build = rows(BUILD, 3000, 1000, 9);
    List<Row> probe = rows(PROBE, 500, 1000, 10);
    Result noProbe = join(build, List.of(), true, 16 << 10);
    assertThat(noProbe.levels()).isPositive();
    assertThat(noProbe.rows()).isEmpty();
    Result noBuild = join(List.of(), probe, true, 16 << 10);
    assertThat(noBuild.rows()).isEqualTo(naive(List.of(), probe, true)).hasSize(probe.size());
    assertThat(join(List.of(), probe, false, 16 << 10).rows()).isEmpty();
  }

  @Test
  void failsClearlyPastTheDepthLimitAndLeavesNoFiles() throws Exception {
    // one key with more build rows than the budget holds: re-hashing cannot split it
    List<Row> build = new ArrayList<>();
    MutableRow r = new MutableRow(BUILD);
    for (int i = 0; i < 3000; i++) {
      r.clear();
      r.setString(0, i % 10 == 0 ? "sku-" + i : "hot");
      r.setDecimal(1, new BigDecimal("1.5"));
      r.setInt(2, i);
      r.setString(3, "note " + i);
      build.add(r.copy());
    }
    List<Row> probe = new ArrayList<>(rows(PROBE, 100, 10, 11));
    MutableRow hot = new MutableRow(PROBE);
    hot.setLong(0, -1);
    hot.setDecimal(1, new BigDecimal("1.5"));
    hot.setString(3, "hot");
    probe.add(hot.copy());
    GraceJoin j = new GraceJoin(BUILD, BUILD_KEYS, PROBE, PROBE_KEYS, false, 16 << 10, dir, "stage 'hot'", (p, b) -> {}, 2);
    for (Row b : build) {
      j.addBuild(b);
    }
    for (Row x : probe) {
      j.addProbe(x);
    }
    assertThatThrownBy(j::finish)
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("The build side of stage 'hot' does not fit its memory budget of 16.0 KB even after 2 levels"
            + " of spilling to local disk: sub-partition ")
        .hasMessageContaining("put the input with fewer rows per key on the right");
    assertThat(leftInDir()).isEmpty();
    assertThat(j.spillLevels()).isEqualTo(2);
  }

  @Test
  void closeDeletesTheSpillFilesOfAnUnfinishedTask() throws Exception {
    GraceJoin j = new GraceJoin(BUILD, BUILD_KEYS, PROBE, PROBE_KEYS, true, 8 << 10, dir, "stage 'test'", (p, b) -> {});
    for (Row b : rows(BUILD, 3000, 1000, 12)) {
      j.addBuild(b);
    }
    j.addProbe(rows(PROBE, 1, 10, 13).get(0));
    assertThat(leftInDir()).isNotEmpty();
    j.close();
    assertThat(leftInDir()).isEmpty();
  }

  @Test
  void refusesKeysThatNeverCompareEqual() {
    assertThatThrownBy(() -> new GraceJoin(BUILD, new int[] {0}, PROBE, new int[] {0}, false, 1 << 20, dir, "stage 'x'",
        (p, b) -> {}))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("stage 'x': join key 1 pairs probe column 'id' (bigint) with build column 'sku' (string)");
  }
}
