package io.sluice.shuffle;

import java.util.Arrays;

/**
 * Where each partition lies in one map task's shuffle object: partition {@code p} is the bytes
 * {@code [offsets[p], offsets[p + 1])} and holds {@code rows[p]} rows. A map task returns it with its
 * result (it is also the object's trailer), so the driver plans the reduce side from committed
 * results alone. Immutable (the arrays are copied in and out).
 *
 * @param offsets {@code P + 1} ascending offsets, the first 0
 * @param rows {@code P} row counts
 */
public record ShuffleIndex(long[] offsets, long[] rows) {
  public ShuffleIndex {
    if (offsets == null || rows == null || offsets.length != rows.length + 1) {
      throw new IllegalArgumentException("A shuffle index needs P + 1 offsets for P row counts, got "
          + (offsets == null ? "none" : offsets.length) + " and " + (rows == null ? "none" : rows.length));
    }
    offsets = offsets.clone();
    rows = rows.clone();
    for (int p = 0; p < rows.length; p++) {
      if (offsets[p + 1] < offsets[p] || rows[p] < 0) {
        throw new IllegalArgumentException("Shuffle index is not ascending at partition " + p + ": "
            + Arrays.toString(offsets));
      }
    }
  }

  /** The number of partitions. */
  public int partitions() {
    return rows.length;
  }

  /** Where partition {@code p} starts ({@code p == partitions()}: where the data ends). */
  public long offset(int p) {
    return offsets[p];
  }

  /** Bytes of partitions {@code [from, to)}. */
  public long bytes(int from, int to) {
    return offsets[to] - offsets[from];
  }

  /** Rows of partitions {@code [from, to)}. */
  public long rows(int from, int to) {
    long n = 0;
    for (int p = from; p < to; p++) {
      n += rows[p];
    }
    return n;
  }

  /** Bytes of every partition: where the trailer starts. */
  public long dataBytes() {
    return offsets[rows.length];
  }

  @Override
  public long[] offsets() {
    return offsets.clone();
  }

  @Override
  public long[] rows() {
    return rows.clone();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ShuffleIndex i && Arrays.equals(offsets, i.offsets) && Arrays.equals(rows, i.rows);
  }

  @Override
  public int hashCode() {
    return 31 * Arrays.hashCode(offsets) + Arrays.hashCode(rows);
  }

  @Override
  public String toString() {
    return "ShuffleIndex[" + rows.length + " partitions, " + dataBytes() + " bytes, " + rows(0, rows.length) + " rows]";
  }
}
