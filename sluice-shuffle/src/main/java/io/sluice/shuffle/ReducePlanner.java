package io.sluice.shuffle;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Cuts the partitions of a shuffle into reduce tasks from the sizes its map tasks measured: adjacent
 * partitions are grouped until a task holds about {@code targetBytes} (so each reads one contiguous
 * range of every map output), and a partition far larger than the rest is marked skewed. A skewed
 * partition can be split by map outputs ({@code splitSkewed}): each piece reads the partition from a
 * subset of the map outputs, which is right for the probe side of a join (every piece gets the whole
 * build side) and wrong for an aggregation (a key would end in two tasks), so aggregations keep it whole.
 */
public final class ReducePlanner {
  /** The bytes one map output contributes to one reduce task. */
  public record Slice(int map, long offset, long length, long rows) {}

  /**
   * Partitions {@code [from, to)} of map outputs {@code [mapFrom, mapTo)}: {@code bytes} and {@code
   * rows} in all; {@code skewed} when the range is one partition larger than the skew threshold.
   */
  public record ReduceTask(int from, int to, int mapFrom, int mapTo, long bytes, long rows, boolean skewed) {}

  /** A partition is skewed when it holds more than this many times the median partition and more than the target. */
  public static final int SKEW_FACTOR = 4;

  private ReducePlanner() {}

  /**
   * Reduce tasks covering every partition of {@code maps} (all of one partition count) with data;
   * partitions with no rows in any map output get no task.
   *
   * @throws IllegalArgumentException if the map outputs disagree on the number of partitions
   */
  public static List<ReduceTask> plan(List<ShuffleIndex> maps, long targetBytes, boolean splitSkewed) {
    if (maps.isEmpty()) {
      return List.of();
    }
    int p = maps.get(0).partitions();
    long[] bytes = new long[p];
    long[] rows = new long[p];
    for (ShuffleIndex m : maps) {
      if (m.partitions() != p) {
        throw new IllegalArgumentException("Map outputs of one shuffle disagree on the partitions: " + p + " and "
            + m.partitions());
      }
      for (int i = 0; i < p; i++) {
        bytes[i] += m.bytes(i, i + 1);
        rows[i] += m.rows(i, i + 1);
      }
    }
    long[] sorted = bytes.clone();
    Arrays.sort(sorted);
    long median = sorted[p / 2];
    long skewAt = Math.max(targetBytes, SKEW_FACTOR * median);
    List<ReduceTask> tasks = new ArrayList<>();
    int from = -1;
    long b = 0;
    long r = 0;
    for (int i = 0; i < p; i++) {
      if (rows[i] == 0) {
        continue;
      }
      boolean skewed = bytes[i] > skewAt && p > 1;
      if (from >= 0 && (skewed || b + bytes[i] > targetBytes)) {
        tasks.add(new ReduceTask(from, lastWithRows(rows, i), 0, maps.size(), b, r, false));
        from = -1;
      }
      if (skewed) {
        addSkewed(tasks, maps, i, bytes[i], targetBytes, splitSkewed);
        continue;
      }
      if (from < 0) {
        from = i;
        b = 0;
        r = 0;
      }
      b += bytes[i];
      r += rows[i];
    }
    if (from >= 0) {
      tasks.add(new ReduceTask(from, lastWithRows(rows, p), 0, maps.size(), b, r, false));
    }
    return tasks;
  }

  /** One past the last partition before {@code end} with rows. */
  private static int lastWithRows(long[] rows, int end) {
    int i = end;
    while (i > 0 && rows[i - 1] == 0) {
      i--;
    }
    return i;
  }

  private static void addSkewed(List<ReduceTask> tasks, List<ShuffleIndex> maps, int part, long total, long target,
      boolean split) {
    if (!split) {
      long rows = 0;
      for (ShuffleIndex m : maps) {
        rows += m.rows(part, part + 1);
      }
      tasks.add(new ReduceTask(part, part + 1, 0, maps.size(), total, rows, true));
      return;
    }
    int start = 0;
    long b = 0;
    long r = 0;
    for (int m = 0; m < maps.size(); m++) {
      long mb = maps.get(m).bytes(part, part + 1);
      if (b > 0 && b + mb > target) {
        tasks.add(new ReduceTask(part, part + 1, start, m, b, r, true));
        start = m;
        b = 0;
        r = 0;
      }
      b += mb;
      r += maps.get(m).rows(part, part + 1);
    }
    tasks.add(new ReduceTask(part, part + 1, start, maps.size(), b, r, true));
  }

  /** The non-empty slices task {@code t} reads: one per map output in its range that has rows there. */
  public static List<Slice> slices(List<ShuffleIndex> maps, ReduceTask t) {
    List<Slice> out = new ArrayList<>();
    for (int m = t.mapFrom(); m < t.mapTo(); m++) {
      ShuffleIndex ix = maps.get(m);
      long rows = ix.rows(t.from(), t.to());
      if (rows > 0) {
        out.add(new Slice(m, ix.offset(t.from()), ix.bytes(t.from(), t.to()), rows));
      }
    }
    return out;
  }

  /**
   * How many partitions a shuffle of about {@code expectedBytes} should have so that reduce tasks of
   * {@code targetBytes} can be cut from it with room to balance: about four per target-sized task,
   * between 1 and 4,096.
   */
  public static int partitionsFor(long expectedBytes, long targetBytes) {
    long tasks = Math.max(1, (expectedBytes + targetBytes - 1) / targetBytes);
    return (int) Math.max(1, Math.min(4096, tasks * 4));
  }
}
