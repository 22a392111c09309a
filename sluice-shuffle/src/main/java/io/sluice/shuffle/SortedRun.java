package io.sluice.shuffle;

import io.sluice.record.MutableRow;
import io.sluice.record.Row;
import io.sluice.record.RowArena;
import io.sluice.record.RowCodec;
import io.sluice.record.Schema;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The map side of a global sort: a task's rows sorted by their {@link SortKeyEncoder} key and written
 * as one shuffle object of sorted runs, each run's "partitions" being consecutive blocks of {@code
 * rowsPerBlock} rows, with each block's first key and where each run starts. From every task's first
 * keys the driver picks range boundaries, and a reduce task reads from each run only the blocks that
 * can hold its range (one ranged read per run), then merges them ({@link SortedMerge}).
 *
 * <p>Rows are held encoded up to {@code memoryBytes}; past it the rows held are sorted and written as a
 * run to a file in {@code tempDir} (the executor's local disk), and holding starts again. So a task
 * whose rows fit writes one run, and one that does not writes several, each sorted; the object is the
 * runs one after another. Blocks hold up to {@code rowsPerBlock} rows, fewer in a small run (down to 64
 * rows) so that every run has about 64 first keys to sample. Not thread-safe.
 */
public final class SortedRun implements AutoCloseable {
  /**
   * What a finished task wrote: its index (one partition per block, runs one after another), each
   * block's first key, and the first block of each run.
   */
  public record Written(ShuffleIndex index, List<byte[]> firstKeys, List<Integer> runStarts) {}

  private record Run(Path file, ShuffleIndex index, List<byte[]> firstKeys) {}

  /** The fewest rows in a block (unless the run has fewer). */
  static final int MIN_BLOCK_ROWS = 64;

  private final Schema schema;
  private final SortKeyEncoder keys;
  private final long memoryBytes;
  private final int rowsPerBlock;
  private final long writerMemory;
  private final Path tempDir;
  private final RowCodec codec;
  private final RowArena rows = new RowArena(1 << 16, Integer.MAX_VALUE - 64);
  private final List<byte[]> rowKeys = new ArrayList<>();
  private final List<Run> runs = new ArrayList<>();
  private int[] offsets = new int[1024];
  private long keyBytes;
  private long total;

  /**
   * A sorter of rows of {@code schema} by {@code columns}, holding up to {@code memoryBytes} before it
   * spills a sorted run to {@code tempDir}; blocks of {@code rowsPerBlock} rows, written by shuffle
   * writers of {@code writerMemory}.
   */
  public SortedRun(Schema schema, List<SortKeyEncoder.Column> columns, long memoryBytes, int rowsPerBlock, long writerMemory,
      Path tempDir) {
    this.schema = schema;
    this.keys = new SortKeyEncoder(schema, columns);
    this.memoryBytes = memoryBytes;
    this.rowsPerBlock = rowsPerBlock;
    this.writerMemory = writerMemory;
    this.tempDir = tempDir;
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
    total++;
    if (rows.size() + keyBytes + 4L * offsets.length > memoryBytes) {
      Path file = Files.createTempFile(tempDir, "sort-run-", ".bin");
      try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(file), 1 << 16)) {
        Written w = writeSorted(out);
        runs.add(new Run(file, w.index(), w.firstKeys()));
      }
      rows.reset();
      rowKeys.clear();
      keyBytes = 0;
    }
  }

  /** Rows added. */
  public long rows() {
    return total;
  }

  /** Runs spilled to local disk so far. */
  public int spilledRuns() {
    return runs.size();
  }

  /** Sorts the rows held and writes them as one run (with its trailer) to {@code out}. */
  private Written writeSorted(OutputStream out) throws IOException {
    int n = rowKeys.size();
    Integer[] order = new Integer[n];
    for (int i = 0; i < n; i++) {
      order[i] = i;
    }
    Arrays.sort(order, (a, b) -> Arrays.compareUnsigned(rowKeys.get(a), rowKeys.get(b))); // stable: ties keep input order
    // at least ~64 blocks per run when it has the rows: their first keys are the samples ranges are cut at
    int rowsPerBlock = (int) Math.max(MIN_BLOCK_ROWS, Math.min(this.rowsPerBlock, n / 64));
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
      return new Written(w.finish(out), first, List.of(0));
    }
  }

  /** Sorts what is held and writes every run, one after another, to {@code out} with one trailer. */
  public Written finish(OutputStream out) throws IOException {
    if (runs.isEmpty()) {
      return writeSorted(out);
    }
    if (!rowKeys.isEmpty()) {
      Path file = Files.createTempFile(tempDir, "sort-run-", ".bin");
      try (OutputStream o = new BufferedOutputStream(Files.newOutputStream(file), 1 << 16)) {
        Written w = writeSorted(o);
        runs.add(new Run(file, w.index(), w.firstKeys()));
      }
    }
    List<Long> offsets = new ArrayList<>();
    List<Long> rowCounts = new ArrayList<>();
    List<byte[]> first = new ArrayList<>();
    List<Integer> starts = new ArrayList<>();
    long pos = 0;
    try {
      for (Run r : runs) {
        starts.add(first.size());
        for (int b = 0; b < r.index().partitions(); b++) {
          offsets.add(pos + r.index().offset(b));
          rowCounts.add(r.index().rows(b, b + 1));
        }
        first.addAll(r.firstKeys());
        try (InputStream in = Files.newInputStream(r.file())) {
          long data = r.index().dataBytes();
          byte[] buf = new byte[1 << 16];
          for (long done = 0; done < data; ) {
            int n = in.read(buf, 0, (int) Math.min(buf.length, data - done));
            if (n < 0) {
              throw new IOException("Sort run " + r.file() + " is shorter than it was written");
            }
            out.write(buf, 0, n);
            done += n;
          }
        }
        pos += r.index().dataBytes();
      }
    } finally {
      close();
    }
    long[] o = new long[offsets.size() + 1];
    long[] c = new long[rowCounts.size()];
    for (int i = 0; i < c.length; i++) {
      o[i] = offsets.get(i);
      c[i] = rowCounts.get(i);
    }
    o[c.length] = pos;
    ShuffleIndex index = new ShuffleIndex(o, c);
    ShuffleWriter.writeTrailer(out, index);
    return new Written(index, first, starts);
  }

  /** Deletes the spilled runs. */
  @Override
  public void close() {
    for (Run r : runs) {
      try {
        Files.deleteIfExists(r.file());
      } catch (IOException e) {
        throw new UncheckedIOException("Cannot delete sort run " + r.file(), e);
      }
    }
    runs.clear();
  }
}
