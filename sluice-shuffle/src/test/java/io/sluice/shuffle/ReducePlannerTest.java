package io.sluice.shuffle;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.shuffle.ReducePlanner.ReduceTask;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ReducePlannerTest {
  /** An index whose partition p has bytes[p] bytes and as many rows. */
  static ShuffleIndex index(long... bytes) {
    long[] offsets = new long[bytes.length + 1];
    for (int p = 0; p < bytes.length; p++) {
      offsets[p + 1] = offsets[p] + bytes[p];
    }
    return new ShuffleIndex(offsets, bytes.clone());
  }

  @Test
  void adjacentPartitionsAreGroupedUpToTheTargetAndEveryRowIsCoveredOnce() {
    List<ShuffleIndex> maps = List.of(index(10, 0, 30, 5, 5, 60, 0, 20), index(10, 0, 10, 5, 5, 0, 0, 20));
    List<ReduceTask> tasks = ReducePlanner.plan(maps, 50, false);
    long total = 0;
    int next = 0;
    for (ReduceTask t : tasks) {
      assertThat(t.from()).isGreaterThanOrEqualTo(next);
      assertThat(t.bytes()).isLessThanOrEqualTo(60);
      next = t.to();
      total += t.bytes();
      long slices = ReducePlanner.slices(maps, t).stream().mapToLong(ReducePlanner.Slice::length).sum();
      assertThat(slices).isEqualTo(t.bytes());
    }
    assertThat(total).isEqualTo(180);
    // partitions hold 20, 0, 40, 10, 10, 60, 0, 40 bytes: 20 | 40+10 | 10 | 60 | 40 (none skewed: 60 < 4 x median 20)
    assertThat(tasks).extracting(ReduceTask::from).containsExactly(0, 2, 4, 5, 7);
    assertThat(tasks).extracting(ReduceTask::to).containsExactly(1, 4, 5, 6, 8);
    assertThat(tasks).noneMatch(ReduceTask::skewed);
  }

  @Test
  void aSkewedPartitionIsAloneAndSplitByMapOutputsOnlyWhenAllowed() {
    List<ShuffleIndex> maps = new ArrayList<>();
    for (int m = 0; m < 10; m++) {
      maps.add(index(1, 1, 100, 1, 1, 1, 1, 1));
    }
    List<ReduceTask> whole = ReducePlanner.plan(maps, 300, false);
    assertThat(whole).filteredOn(ReduceTask::skewed).singleElement()
        .satisfies(t -> assertThat(t.from()).isEqualTo(2))
        .satisfies(t -> assertThat(t.bytes()).isEqualTo(1000));
    List<ReduceTask> split = ReducePlanner.plan(maps, 300, true);
    List<ReduceTask> pieces = split.stream().filter(ReduceTask::skewed).toList();
    assertThat(pieces).hasSizeGreaterThan(1).allMatch(t -> t.from() == 2 && t.bytes() <= 300);
    assertThat(pieces.stream().mapToLong(ReduceTask::bytes).sum()).isEqualTo(1000);
    assertThat(pieces.get(0).mapFrom()).isZero();
    assertThat(pieces.get(pieces.size() - 1).mapTo()).isEqualTo(10);
  }

  @Test
  void emptyMapOutputsAreNotRead() {
    List<ShuffleIndex> maps = List.of(index(0, 0), index(5, 0), index(0, 0));
    List<ReduceTask> tasks = ReducePlanner.plan(maps, 100, false);
    assertThat(tasks).hasSize(1);
    assertThat(ReducePlanner.slices(maps, tasks.get(0))).singleElement()
        .satisfies(s -> assertThat(s.map()).isEqualTo(1));
    assertThat(ReducePlanner.plan(List.of(index(0, 0)), 100, false)).isEmpty();
  }
}
