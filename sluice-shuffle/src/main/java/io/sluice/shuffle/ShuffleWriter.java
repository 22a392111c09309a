package io.sluice.shuffle;

import io.airlift.compress.lz4.Lz4Compressor;
import io.sluice.record.Row;
import io.sluice.record.RowArena;
import io.sluice.record.RowCodec;
import io.sluice.record.Schema;
import java.io.Closeable;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.channels.WritableByteChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Writes one map task's rows into {@code P} partitions and, at {@link #finish}, into one object: every
 * partition's blocks in partition order, then the {@link ShuffleIndex} as a trailer. The caller picks
 * each row's partition ({@link KeyEncoder#partition} of its key's hash, or a range).
 *
 * <p>Memory is bounded by {@code memoryBytes}: rows are encoded ({@link RowCodec}) into a block per
 * partition, a full block is compressed (LZ4, or kept raw when that does not shrink it), and when the
 * blocks held pass the budget they are spilled to a file in {@code spillDir} (one run holding every
 * partition's blocks in order). {@link #finish} copies each partition's part of every run, then what
 * is still in memory, so the object is written once, front to back, as a stream. Not thread-safe.
 */
public final class ShuffleWriter implements Closeable {
  /** The default memory budget: blocks held before they spill. */
  public static final long DEFAULT_MEMORY_BYTES = 64L << 20;
  /** The largest block of rows compressed at once. */
  static final int MAX_BLOCK_BYTES = 256 << 10;
  static final int MIN_BLOCK_BYTES = 4 << 10;

  private record Run(Path file, long[] offsets) {}

  private final int partitions;
  private final long memoryBytes;
  private final Path spillDir;
  private final int blockBytes;
  private final RowCodec codec;
  private final RowArena[] raw;
  private final int[] rawRows;
  private final List<List<byte[]>> blocks;
  private final long[] rows;
  private final List<Run> runs = new ArrayList<>();
  private final Lz4Compressor lz4 = Blocks.compressor();
  private byte[] scratch = new byte[0];
  private long held;
  private long spilledBytes;
  private boolean finished;

  /**
   * A writer of rows of {@code schema} into {@code partitions} partitions, holding up to {@code
   * memoryBytes} of blocks before spilling them to files in {@code spillDir}.
   */
  public ShuffleWriter(Schema schema, int partitions, long memoryBytes, Path spillDir) {
    if (partitions < 1) {
      throw new IllegalArgumentException("A shuffle needs at least one partition, got " + partitions);
    }
    if (memoryBytes < 1) {
      throw new IllegalArgumentException("A shuffle writer's memory budget must be positive, got " + memoryBytes);
    }
    this.partitions = partitions;
    this.memoryBytes = memoryBytes;
    this.spillDir = Objects.requireNonNull(spillDir, "spillDir");
    this.blockBytes = (int) Math.max(MIN_BLOCK_BYTES, Math.min(MAX_BLOCK_BYTES, memoryBytes / (4L * partitions)));
    this.codec = new RowCodec(schema);
    this.raw = new RowArena[partitions];
    this.rawRows = new int[partitions];
    this.blocks = new ArrayList<>(partitions);
    for (int p = 0; p < partitions; p++) {
      blocks.add(new ArrayList<>());
    }
    this.rows = new long[partitions];
  }

  /** The number of partitions. */
  public int partitions() {
    return partitions;
  }

  /** Adds {@code row} to {@code partition}. */
  public void write(int partition, Row row) throws IOException {
    RowArena a = raw[partition];
    if (a == null) {
      a = raw[partition] = new RowArena(Math.min(1024, blockBytes), 2 * blockBytes);
    }
    int before = a.size();
    codec.write(row, a);
    held += a.size() - before;
    rawRows[partition]++;
    rows[partition]++;
    if (a.size() >= blockBytes) {
      seal(partition);
    }
    if (held > memoryBytes) {
      spill();
    }
  }

  /** Rows written so far. */
  public long rows() {
    long n = 0;
    for (long r : rows) {
      n += r;
    }
    return n;
  }

  /** Bytes spilled to local disk so far (0 when everything fitted in memory). */
  public long spilledBytes() {
    return spilledBytes;
  }

  /** Compresses partition {@code p}'s open block into its list of blocks. */
  private void seal(int p) {
    RowArena a = raw[p];
    if (a == null || a.size() == 0) {
      return;
    }
    int n = a.size();
    int max = lz4.maxCompressedLength(n);
    if (scratch.length < max) {
      scratch = new byte[max];
    }
    int c = lz4.compress(a.bytes(), 0, n, scratch, 0, max);
    boolean packed = c < n;
    int stored = packed ? c : n;
    byte[] block = new byte[Blocks.HEADER + stored];
    Blocks.INT.set(block, 0, n);
    Blocks.INT.set(block, 4, stored);
    Blocks.INT.set(block, 8, rawRows[p]);
    block[12] = packed ? Blocks.LZ4 : Blocks.RAW;
    System.arraycopy(packed ? scratch : a.bytes(), 0, block, Blocks.HEADER, stored);
    blocks.get(p).add(block);
    held += block.length - n;
    a.reset();
    rawRows[p] = 0;
  }

  /** Writes every block held into a new run file, partition by partition. */
  private void spill() throws IOException {
    for (int p = 0; p < partitions; p++) {
      seal(p);
    }
    Path file = Files.createTempFile(spillDir, "shuffle-run-", ".bin");
    long[] offsets = new long[partitions + 1];
    long pos = 0;
    try (OutputStream out = new java.io.BufferedOutputStream(Files.newOutputStream(file), 1 << 16)) {
      for (int p = 0; p < partitions; p++) {
        offsets[p] = pos;
        for (byte[] b : blocks.get(p)) {
          out.write(b);
          pos += b.length;
        }
        blocks.get(p).clear();
      }
      offsets[partitions] = pos;
    }
    runs.add(new Run(file, offsets));
    spilledBytes += pos;
    held = 0;
  }

  /**
   * Writes the object to {@code out} (not closed) and returns its index. The writer cannot be used
   * afterwards.
   */
  public ShuffleIndex finish(OutputStream out) throws IOException {
    if (finished) {
      throw new IllegalStateException("This shuffle writer has finished already");
    }
    finished = true;
    for (int p = 0; p < partitions; p++) {
      seal(p);
    }
    long[] offsets = new long[partitions + 1];
    long pos = 0;
    List<FileChannel> channels = new ArrayList<>();
    try {
      for (Run r : runs) {
        channels.add(FileChannel.open(r.file(), StandardOpenOption.READ));
      }
      WritableByteChannel sink = Channels.newChannel(out);
      for (int p = 0; p < partitions; p++) {
        offsets[p] = pos;
        for (int i = 0; i < runs.size(); i++) {
          long from = runs.get(i).offsets()[p];
          long len = runs.get(i).offsets()[p + 1] - from;
          FileChannel ch = channels.get(i);
          for (long done = 0; done < len; ) {
            done += ch.transferTo(from + done, len - done, sink);
          }
          pos += len;
        }
        for (byte[] b : blocks.get(p)) {
          out.write(b);
          pos += b.length;
        }
        blocks.get(p).clear();
      }
      offsets[partitions] = pos;
    } finally {
      for (FileChannel ch : channels) {
        ch.close();
      }
      deleteRuns();
    }
    ShuffleIndex index = new ShuffleIndex(offsets, rows);
    writeTrailer(out, index);
    return index;
  }

  /**
   * Writes the trailer of an object whose data (every partition's blocks, as {@code index} places them)
   * has just been written to {@code out}: the P + 1 offsets, the P row counts, P, where the trailer
   * starts, the magic number. For tasks that assemble shuffle objects from others' blocks.
   */
  public static void writeTrailer(OutputStream out, ShuffleIndex index) throws IOException {
    int p = index.partitions();
    byte[] t = new byte[ShuffleReader.trailerBytes(p)];
    int at = 0;
    for (long o : index.offsets()) {
      Blocks.LONG.set(t, at, o);
      at += 8;
    }
    for (long r : index.rows()) {
      Blocks.LONG.set(t, at, r);
      at += 8;
    }
    Blocks.INT.set(t, at, p);
    Blocks.LONG.set(t, at + 4, index.dataBytes());
    Blocks.INT.set(t, at + 12, Blocks.MAGIC);
    out.write(t);
  }

  private void deleteRuns() {
    for (Run r : runs) {
      try {
        Files.deleteIfExists(r.file());
      } catch (IOException e) {
        throw new UncheckedIOException("Cannot delete shuffle spill file " + r.file(), e);
      }
    }
    runs.clear();
  }

  /** Drops what was written and deletes the spill files (for a task that fails before {@link #finish}). */
  @Override
  public void close() {
    if (!finished) {
      finished = true;
      deleteRuns();
    }
  }
}
