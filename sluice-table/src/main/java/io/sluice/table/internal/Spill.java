package io.sluice.table.internal;

import io.sluice.record.MutableRow;
import io.sluice.record.Row;
import io.sluice.record.Schema;
import io.sluice.record.RowArena;
import io.sluice.record.RowCodec;
import java.io.BufferedInputStream;
import java.io.Closeable;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Rows of many partitions spilled to one local file, clustered by partition (an external clustering):
 * rows are serialized into a buffer of bounded size; a full buffer is sorted by partition (stably, so
 * each partition's rows keep their order) and appended to the file as a <em>run</em>, remembering
 * where each partition's rows are in it. {@link #replay} then reads one partition's rows back in the
 * order they were added: its segment of every run, then what is still in the buffer. Memory: the
 * buffer, plus a few longs per partition and run. Not thread-safe.
 */
public final class Spill implements Closeable {
  /** Receives replayed rows; the row is reused for the next one. */
  @FunctionalInterface
  public interface RowSink {
    void accept(Row row) throws IOException;
  }

  /** The most {@code bufferBytes} may be. */
  public static final long MAX_BUFFER_BYTES = 1L << 30;

  private final Path dir;
  private final Schema schema;
  private final RowCodec codec;
  private final long bufferBytes;
  private final RowArena buffer;
  private int[] partitionOf = new int[1024];
  private int[] startOf = new int[1024];
  /** Scratch for sorting a run: partition in the high half, the row's index in the buffer in the low half. */
  private long[] keys = new long[0];
  private int count;
  private Path file;
  private FileChannel channel;
  private long fileLength;
  private int runs;
  private long rows;
  /** Per partition: offset and length of its segment in each run, flattened. */
  private final Map<Integer, long[]> segments = new HashMap<>();
  private final Map<Integer, Integer> segmentCounts = new HashMap<>();

  /**
   * A spill of rows of {@code schema} in a file of {@code dir}, buffering about {@code bufferBytes}
   * (at least 1 KB, at most {@link #MAX_BUFFER_BYTES}) plus one row, and 24 bytes per buffered row for
   * its position and sorting. The file is created at the first run.
   */
  public Spill(Path dir, Schema schema, long bufferBytes) {
    this.dir = dir;
    this.schema = schema;
    this.codec = new RowCodec(schema);
    this.bufferBytes = Math.max(1024, Math.min(MAX_BUFFER_BYTES, bufferBytes));
    this.buffer = new RowArena(64 * 1024, (int) this.bufferBytes);
  }

  /** Adds a row of partition {@code partition} (any int the caller uses to name partitions). */
  public void add(int partition, Row row) throws IOException {
    if (count == partitionOf.length) {
      partitionOf = Arrays.copyOf(partitionOf, count * 2);
      startOf = Arrays.copyOf(startOf, count * 2);
    }
    partitionOf[count] = partition;
    startOf[count] = buffer.size();
    count++;
    rows++;
    codec.write(row, buffer);
    if (buffer.size() >= bufferBytes) {
      writeRun();
    }
  }

  /** Rows added so far. */
  public long rows() {
    return rows;
  }

  /** Runs written to the file so far. */
  public int runs() {
    return runs;
  }

  /** The length of the buffer's array: about the buffer size asked for, never twice it. */
  int bufferCapacity() {
    return buffer.bytes().length;
  }

  /** Bytes written to the local file so far. */
  public long fileBytes() {
    return fileLength;
  }

  /**
   * The buffer's indices sorted by partition, stably: (partition, index) pairs packed in longs and
   * sorted as primitives, so a run allocates no object per row.
   */
  private int[] sortedIndices() {
    if (keys.length < count) {
      keys = new long[partitionOf.length];
    }
    for (int i = 0; i < count; i++) {
      keys[i] = (long) partitionOf[i] << 32 | i;
    }
    Arrays.sort(keys, 0, count);
    int[] order = new int[count];
    for (int i = 0; i < count; i++) {
      order[i] = (int) keys[i];
    }
    return order;
  }

  private int endOf(int i) {
    return i + 1 < count ? startOf[i + 1] : buffer.size();
  }

  private void writeRun() throws IOException {
    if (count == 0) {
      return;
    }
    if (channel == null) {
      Files.createDirectories(dir);
      file = Files.createTempFile(dir, "spill-", ".rows");
      channel = FileChannel.open(file, StandardOpenOption.WRITE, StandardOpenOption.READ);
    }
    int[] order = sortedIndices();
    byte[] bytes = buffer.bytes();
    ByteBuffer chunk = ByteBuffer.allocate(64 * 1024);
    int i = 0;
    while (i < count) {
      int p = partitionOf[order[i]];
      long segmentStart = fileLength;
      while (i < count && partitionOf[order[i]] == p) {
        int s = startOf[order[i]];
        int len = endOf(order[i]) - s;
        if (len > chunk.remaining()) {
          drain(chunk);
        }
        if (len > chunk.capacity()) {
          ByteBuffer big = ByteBuffer.wrap(bytes, s, len);
          while (big.hasRemaining()) {
            channel.write(big, channel.size());
          }
        } else {
          chunk.put(bytes, s, len);
        }
        fileLength += len;
        i++;
      }
      drain(chunk);
      addSegment(p, segmentStart, fileLength - segmentStart);
    }
    runs++;
    buffer.reset();
    count = 0;
  }

  private void drain(ByteBuffer b) throws IOException {
    b.flip();
    while (b.hasRemaining()) {
      channel.write(b, channel.size());
    }
    b.clear();
  }

  private void addSegment(int p, long offset, long length) {
    long[] s = segments.get(p);
    int n = segmentCounts.getOrDefault(p, 0);
    if (s == null || s.length < 2 * (n + 1)) {
      s = s == null ? new long[4] : Arrays.copyOf(s, s.length * 2);
      segments.put(p, s);
    }
    s[2 * n] = offset;
    s[2 * n + 1] = length;
    segmentCounts.put(p, n + 1);
  }

  /** The partitions that have spilled rows. */
  public List<Integer> partitions() {
    List<Integer> out = new ArrayList<>(segments.keySet());
    for (int i = 0; i < count; i++) {
      if (!segments.containsKey(partitionOf[i]) && !out.contains(partitionOf[i])) {
        out.add(partitionOf[i]);
      }
    }
    return out;
  }

  /** Hands {@code sink} every row of {@code partition}, in the order they were added. */
  public void replay(int partition, RowSink sink) throws IOException {
    MutableRow row = new MutableRow(schema);
    long[] s = segments.get(partition);
    int n = segmentCounts.getOrDefault(partition, 0);
    for (int k = 0; k < n; k++) {
      long end = s[2 * k] + s[2 * k + 1];
      try (RangeStream range = new RangeStream(channel, s[2 * k], end);
          DataInputStream in = new DataInputStream(new BufferedInputStream(range, 64 * 1024))) {
        while (range.consumed() < end - s[2 * k] || in.available() > 0) {
          codec.read(in, row);
          sink.accept(row);
        }
      }
    }
    byte[] bytes = buffer.bytes();
    for (int i = 0; i < count; i++) {
      if (partitionOf[i] == partition) {
        codec.read(bytes, startOf[i], row);
        sink.accept(row);
      }
    }
  }

  /** Deletes the local file. */
  @Override
  public void close() {
    try {
      if (channel != null) {
        channel.close();
      }
      if (file != null) {
        Files.deleteIfExists(file);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot delete the spill file " + file, e);
    }
  }

  /** Bytes {@code [start, end)} of the file, read with positioned reads. */
  private static final class RangeStream extends InputStream {
    private final FileChannel channel;
    private final long start;
    private final long end;
    private long at;

    RangeStream(FileChannel channel, long start, long end) {
      this.channel = channel;
      this.start = start;
      this.end = end;
      this.at = start;
    }

    long consumed() {
      return at - start;
    }

    @Override
    public int read() throws IOException {
      byte[] one = new byte[1];
      return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      if (at >= end) {
        return -1;
      }
      int n = channel.read(ByteBuffer.wrap(b, off, (int) Math.min(len, end - at)), at);
      if (n < 0) {
        throw new IOException("The spill file ended at " + at + ", before " + end);
      }
      at += n;
      return n;
    }
  }
}
