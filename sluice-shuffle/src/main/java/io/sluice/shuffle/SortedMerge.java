package io.sluice.shuffle;

import io.sluice.record.Row;
import java.io.IOException;
import java.util.Arrays;
import java.util.List;
import java.util.PriorityQueue;

/**
 * The reduce side of a global sort: merges sorted streams (each a {@link ShuffleReader} over the
 * blocks of one map output that can hold the range) into one sorted stream, keeping only rows whose
 * key is in {@code [low, high)} ({@code null} for an open end). Memory: one block per stream.
 */
public final class SortedMerge {
  /** Where merged rows go. */
  @FunctionalInterface
  public interface Output {
    void accept(Row row) throws Exception;
  }

  private record Cursor(ShuffleReader reader, SortKeyEncoder keys, byte[] key, int order) {}

  private SortedMerge() {}

  /**
   * Merges {@code readers} (each sorted, with its own {@code encoders} entry) into {@code out}, in key
   * order (ties in reader order); closes the readers. Returns the rows passed on.
   */
  public static long merge(List<ShuffleReader> readers, List<SortKeyEncoder> encoders, byte[] low, byte[] high, Output out)
      throws Exception {
    List<byte[]> lows = new java.util.ArrayList<>();
    List<byte[]> highs = new java.util.ArrayList<>();
    for (int i = 0; i < readers.size(); i++) {
      lows.add(low);
      highs.add(high);
    }
    return merge(readers, encoders, lows, highs, out);
  }

  /**
   * As {@link #merge(List, List, byte[], byte[], Output)}, with bounds of each stream's own: a range
   * that splits one heavy key between tasks takes that key's rows from some streams and not others.
   */
  public static long merge(List<ShuffleReader> readers, List<SortKeyEncoder> encoders, List<byte[]> lows, List<byte[]> highs,
      Output out) throws Exception {
    PriorityQueue<Cursor> queue = new PriorityQueue<>((a, b) -> {
      int c = Arrays.compareUnsigned(a.key(), b.key());
      return c != 0 ? c : Integer.compare(a.order(), b.order());
    });
    long passed = 0;
    try {
      for (int i = 0; i < readers.size(); i++) {
        Cursor c = advance(readers.get(i), encoders.get(i), lows.get(i), i);
        if (c != null) {
          queue.add(c);
        }
      }
      while (!queue.isEmpty()) {
        Cursor c = queue.poll();
        byte[] high = highs.get(c.order());
        if (high != null && Arrays.compareUnsigned(c.key(), high) >= 0) {
          continue; // this stream has passed the range: the rest of it belongs to the next task
        }
        out.accept(c.reader().row());
        passed++;
        Cursor next = advance(c.reader(), c.keys(), lows.get(c.order()), c.order());
        if (next != null) {
          queue.add(next);
        }
      }
    } finally {
      for (ShuffleReader r : readers) {
        r.close();
      }
    }
    return passed;
  }

  /** The next row of {@code r} at or after {@code low}, or null at its end. */
  private static Cursor advance(ShuffleReader r, SortKeyEncoder keys, byte[] low, int order) throws IOException {
    while (r.next()) {
      keys.encode(r.row());
      byte[] k = keys.copy();
      if (low == null || Arrays.compareUnsigned(k, low) >= 0) {
        return new Cursor(r, keys, k, order);
      }
    }
    return null;
  }

  /** The least key greater than {@code key}: {@code key} followed by a zero byte (turns {@code > key} into {@code >=}). */
  public static byte[] after(byte[] key) {
    return Arrays.copyOf(key, key.length + 1);
  }

  /**
   * The blocks {@code [from, to)} of a run with first keys {@code firstKeys} that can hold keys in
   * {@code [low, high)}: block i holds keys from its first key up to the next block's first key.
   */
  public static int[] blocks(List<byte[]> firstKeys, byte[] low, byte[] high) {
    int n = firstKeys.size();
    int from = 0;
    while (from < n - 1 && low != null && Arrays.compareUnsigned(firstKeys.get(from + 1), low) < 0) {
      from++;
    }
    int to = from;
    while (to < n && (high == null || Arrays.compareUnsigned(firstKeys.get(to), high) < 0)) {
      to++;
    }
    return new int[] {from, to};
  }
}
