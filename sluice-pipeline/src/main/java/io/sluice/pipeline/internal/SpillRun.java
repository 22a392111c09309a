package io.sluice.pipeline.internal;

import io.sluice.record.Row;
import io.sluice.record.Schema;
import io.sluice.shuffle.ShuffleIndex;
import io.sluice.shuffle.ShuffleReader;
import io.sluice.shuffle.ShuffleWriter;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Rows of one reduce task spilled to local disk, split into {@link #FANOUT} sub-partitions by a key
 * hash re-mixed with a seed per level (the rows of one reduce task share the low bits of the
 * shuffle's own partition hash, and the rows of one sub-partition share those of the level above),
 * written with a {@link ShuffleWriter} to one file, which {@link #open} reads back a sub-partition at
 * a time. Used by {@link SpillingAggregation} and {@link GraceJoin}. Not thread-safe.
 */
final class SpillRun implements AutoCloseable {
  /** Sub-partitions per spill. */
  static final int FANOUT = 16;

  private final Path file;
  private final ShuffleIndex index;
  private final Schema schema;

  private SpillRun(Path file, ShuffleIndex index, Schema schema) {
    this.file = file;
    this.index = index;
    this.schema = schema;
  }

  /** The sub-partition of a key of hash {@code hash} (a {@link io.sluice.shuffle.KeyEncoder#hash}) at spill level {@code level}. */
  static int partition(long hash, int level) {
    long h = hash ^ (0x9E3779B97F4A7C15L * (level + 1));
    h ^= h >>> 33;
    h *= 0xFF51AFD7ED558CCDL;
    h ^= h >>> 33;
    h *= 0xC4CEB9FE1A85EC53L;
    h ^= h >>> 33;
    return (int) Long.remainderUnsigned(h, FANOUT);
  }

  /** Rows in sub-partition {@code p}. */
  long rows(int p) {
    return index.rows(p, p + 1);
  }

  /** Bytes of sub-partition {@code p}. */
  long bytes(int p) {
    return index.bytes(p, p + 1);
  }

  /** A reader of sub-partition {@code p}'s rows. */
  ShuffleReader open(int p) throws IOException {
    FileChannel ch = FileChannel.open(file, StandardOpenOption.READ);
    try {
      ch.position(index.offset(p));
      InputStream in = new BoundedInputStream(Channels.newInputStream(ch), index.bytes(p, p + 1));
      return new ShuffleReader(new BufferedInputStream(in, 1 << 16), schema, "local spill file " + file
          + " sub-partition " + p);
    } catch (IOException | RuntimeException e) {
      ch.close();
      throw e;
    }
  }

  /** Deletes the file. */
  @Override
  public void close() {
    try {
      Files.deleteIfExists(file);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot delete local spill file " + file, e);
    }
  }

  /** Writes rows of one level into sub-partitions; {@link #finish} turns them into a {@link SpillRun}. */
  static final class Writer implements AutoCloseable {
    private final Schema schema;
    private final int level;
    private final Path dir;
    private final ShuffleWriter writer;
    private long spilledBytes;
    private boolean done;

    /** A writer of rows of {@code schema} at spill level {@code level}, holding up to {@code memoryBytes} of blocks. */
    Writer(Schema schema, int level, long memoryBytes, Path dir) {
      this.schema = schema;
      this.level = level;
      this.dir = dir;
      this.writer = new ShuffleWriter(schema, FANOUT, Math.max(1, memoryBytes), dir);
    }

    /** Adds {@code row}, whose key hashes to {@code hash}. */
    void write(long hash, Row row) throws IOException {
      writer.write(partition(hash, level), row);
    }

    /** Rows written so far. */
    long rows() {
      return writer.rows();
    }

    /** Writes the file; the bytes written to disk (runs and file) are in {@link #spilledBytes} afterwards. */
    SpillRun finish() throws IOException {
      Path file = Files.createTempFile(dir, "sluice-spill-", ".bin");
      try {
        ShuffleIndex index;
        try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(file), 1 << 16)) {
          index = writer.finish(out);
        }
        done = true;
        spilledBytes = writer.spilledBytes() + Files.size(file);
        return new SpillRun(file, index, schema);
      } catch (IOException | RuntimeException e) {
        Files.deleteIfExists(file);
        throw e;
      }
    }

    /** Bytes written to local disk: 0 until {@link #finish}. */
    long spilledBytes() {
      return spilledBytes;
    }

    /** Drops what was written (deletes the writer's own spill runs) unless it finished. */
    @Override
    public void close() {
      if (!done) {
        writer.close();
      }
    }
  }

  /** At most {@code left} bytes of {@code in}. */
  private static final class BoundedInputStream extends InputStream {
    private final InputStream in;
    private long left;

    BoundedInputStream(InputStream in, long left) {
      this.in = in;
      this.left = left;
    }

    @Override
    public int read() throws IOException {
      if (left <= 0) {
        return -1;
      }
      int b = in.read();
      if (b >= 0) {
        left--;
      }
      return b;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      if (left <= 0) {
        return len == 0 ? 0 : -1;
      }
      int n = in.read(b, off, (int) Math.min(len, left));
      if (n > 0) {
        left -= n;
      }
      return n;
    }

    @Override
    public void close() throws IOException {
      in.close();
    }
  }
}
