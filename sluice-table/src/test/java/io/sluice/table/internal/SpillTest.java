package io.sluice.table.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.record.FieldType;
import io.sluice.record.Row;
import io.sluice.record.Schema;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SpillTest {
  static final Schema S = Schema.builder()
      .required("p", FieldType.INT32)
      .optional("s", FieldType.STRING)
      .optional("d", FieldType.decimal(30, 4))
      .optional("l", FieldType.list(FieldType.INT64))
      .build();

  @Test
  void replaysEachPartitionsRowsInTheirOrderAcrossManyRuns(@TempDir Path dir) throws Exception {
    Random random = new Random(11);
    Map<Integer, List<Row>> expected = new HashMap<>();
    Spill spill = new Spill(dir, S, 2048);
    for (int i = 0; i < 5000; i++) {
      int p = random.nextInt(84);
      Row r = Row.of(S, p, random.nextBoolean() ? null : "row-" + i + "x".repeat(random.nextInt(3000) < 5 ? 70000 : 3),
          new BigDecimal(i).movePointLeft(4), List.of((long) i, (long) -i));
      expected.computeIfAbsent(p, k -> new ArrayList<>()).add(r);
      spill.add(p, r);
    }
    assertThat(spill.runs()).isGreaterThan(10);
    assertThat(spill.partitions()).containsExactlyInAnyOrderElementsOf(expected.keySet());
    for (int p : expected.keySet()) {
      List<Row> got = new ArrayList<>();
      spill.replay(p, row -> got.add(row.copy()));
      assertThat(got).as("partition %d", p).containsExactlyElementsOf(expected.get(p));
    }
    spill.close();
    try (var files = Files.list(dir)) {
      assertThat(files).isEmpty();
    }
  }

  @Test
  void theBufferGrowsToItsSizeAndOneRowNotToTwiceIt(@TempDir Path dir) throws Exception {
    Schema s = Schema.builder().required("s", FieldType.STRING).build();
    int size = 100_000;
    try (Spill spill = new Spill(dir, s, size)) {
      int longest = 0;
      for (int i = 0; i < 2000; i++) {
        String v = "v".repeat(1 + i % 300);
        longest = Math.max(longest, v.length() + 5);
        spill.add(i % 3, Row.of(s, v));
      }
      assertThat(spill.runs()).isGreaterThan(2);
      assertThat(spill.bufferCapacity()).isBetween(size / 2, size + longest);
    }
  }

  @Test
  void negativeAndLargePartitionNumbersKeepTheirRowsInOrder(@TempDir Path dir) throws Exception {
    Schema s = Schema.builder().required("i", FieldType.INT32).build();
    int[] partitions = {Integer.MIN_VALUE, -1, 0, 7, Integer.MAX_VALUE};
    try (Spill spill = new Spill(dir, s, 1024)) {
      for (int i = 0; i < 3000; i++) {
        spill.add(partitions[i % partitions.length], Row.of(s, i));
      }
      assertThat(spill.runs()).isGreaterThan(5);
      for (int k = 0; k < partitions.length; k++) {
        List<Integer> got = new ArrayList<>();
        spill.replay(partitions[k], row -> got.add(row.getInt(0)));
        List<Integer> expected = new ArrayList<>();
        for (int i = k; i < 3000; i += partitions.length) {
          expected.add(i);
        }
        assertThat(got).as("partition %d", partitions[k]).containsExactlyElementsOf(expected);
      }
    }
  }
}
