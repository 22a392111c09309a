package io.sluice.table.internal;

import io.sluice.record.MutableRow;
import io.sluice.record.Row;
import io.sluice.record.Schema;
import java.io.BufferedInputStream;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.DataInputStream;
import java.io.DataOutputStream;
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

  private static final class Buffer extends ByteArrayOutputStream {
    Buffer(int size) {
      super(size);
    }

    byte[] bytes() {
      return buf;
    }
  }

  private final Path dir;
  private final Schema schema;
  private final RowCodec codec;
  private final long bufferBytes;
  private final Buffer buffer = new Buffer(64 * 1024);
  private final DataOutputStream out = new DataOutputStream(buffer);
  private int[] partitionOf = new int[1024];
  private int[] startOf = new int[1024];
  private int count;
  private Path file;
  private FileChannel channel;
  private long fileLength;
  private int runs;
  private long rows;
  /** Per partition: offset and length of its segment in each run, flattened. */
  private final Map<Integer, long[]> segments = new HashMap<>();
  private final Map<Integer, Integer> segmentCounts = new HashMap<>();

  /** A spill of rows of {@code schema} in a file of {@code dir}, buffering at most about {@code bufferBytes}. */
  public Spill(Path dir, Schema schema, long bufferBytes) {
    this.dir = dir;
    this.schema = schema;
    this.codec = new RowCodec(schema);
    this.bufferBytes = Math.max(1024, bufferBytes);
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
    codec.write(row, out);
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

  /** Bytes written to the local file so far. */
  public long fileBytes() {
    return fileLength;
  }

  /** The buffer's indices sorted by partition, stably. */
  private Integer[] sortedIndices() {
    Integer[] order = new Integer[count];
    for (int i = 0; i < count; i++) {
      order[i] = i;
    }
    Arrays.sort(order, (a, b) -> Integer.compare(partitionOf[a], partitionOf[b])); // stable (merge sort)
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
    Integer[] order = sortedIndices();
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
        DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes, startOf[i], endOf(i) - startOf[i]));
        codec.read(in, row);
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
