package io.sluice.shuffle;

import io.sluice.record.MutableRow;
import io.sluice.record.Row;
import io.sluice.record.RowArena;
import io.sluice.record.RowCodec;
import io.sluice.record.Schema;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The map side of a global sort: a task's rows sorted by their {@link SortKeyEncoder} key and written
 * as one shuffle object whose "partitions" are consecutive blocks of {@code rowsPerBlock} sorted rows,
 * with each block's first key. From every task's first keys the driver picks range boundaries, and a
 * reduce task reads from each object only the blocks that can hold its range (one ranged read), then
 * merges them ({@link SortedMerge}). Rows are held encoded until {@link #finish}; past {@code maxBytes}
 * {@link #add} fails (a map task's input is one chunk, so its rows fit; a sort that spills is not built).
 */
public final class SortedRun {
  /** What a finished run wrote: its index (one partition per block) and each block's first key. */
  public record Written(ShuffleIndex index, List<byte[]> firstKeys) {}

  private final Schema schema;
  private final SortKeyEncoder keys;
  private final long maxBytes;
  private final RowCodec codec;
  private final RowArena rows = new RowArena(1 << 16, Integer.MAX_VALUE - 64);
  private final List<byte[]> rowKeys = new ArrayList<>();
  private int[] offsets = new int[1024];
  private long keyBytes;

  public SortedRun(Schema schema, List<SortKeyEncoder.Column> columns, long maxBytes) {
    this.schema = schema;
    this.keys = new SortKeyEncoder(schema, columns);
    this.maxBytes = maxBytes;
    this.codec = new RowCodec(schema);
  }

  public void add(Row row) throws IOException {
    int n = rowKeys.size();
    if (n == offsets.length) {
      offsets = Arrays.copyOf(offsets, n * 2);
    }
    offsets[n] = rows.size();
    codec.write(row, rows);
    keys.encode(row);
    byte[] k = keys.copy();
    rowKeys.add(k);
    keyBytes += k.length + 16;
    if (rows.size() + keyBytes + 4L * offsets.length > maxBytes) {
      throw new IllegalStateException("A sort task holds more than " + (maxBytes >> 20) + " MiB of rows (" + (n + 1)
          + " rows): give the source smaller chunks (Source.chunkBytes) so each task's rows fit");
    }
  }

  public long rows() {
    return rowKeys.size();
  }

  /** Sorts the rows and writes them to {@code out} in blocks of {@code rowsPerBlock}. */
  public Written finish(OutputStream out, int rowsPerBlock, long writerMemory, Path tempDir) throws IOException {
    int n = rowKeys.size();
    Integer[] order = new Integer[n];
    for (int i = 0; i < n; i++) {
      order[i] = i;
    }
    Arrays.sort(order, (a, b) -> Arrays.compareUnsigned(rowKeys.get(a), rowKeys.get(b))); // stable: ties keep input order
    int blocks = Math.max(1, (n + rowsPerBlock - 1) / rowsPerBlock);
    List<byte[]> first = new ArrayList<>(blocks);
    MutableRow row = new MutableRow(schema);
    try (ShuffleWriter w = new ShuffleWriter(schema, blocks, writerMemory, tempDir)) {
      byte[] bytes = rows.bytes();
      for (int i = 0; i < n; i++) {
        if (i % rowsPerBlock == 0) {
          first.add(rowKeys.get(order[i]));
        }
        codec.read(bytes, offsets[order[i]], row);
        w.write(i / rowsPerBlock, row);
      }
      return new Written(w.finish(out), first);
    }
  }
}
