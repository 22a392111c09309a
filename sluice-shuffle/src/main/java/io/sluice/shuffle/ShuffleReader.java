package io.sluice.shuffle;

import io.airlift.compress.MalformedInputException;
import io.airlift.compress.lz4.Lz4Decompressor;
import io.sluice.record.MutableRow;
import io.sluice.record.Row;
import io.sluice.record.RowCodec;
import io.sluice.record.Schema;
import java.io.Closeable;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.util.Objects;

/**
 * Reads the rows of a slice of a shuffle object (one or more whole partitions, as {@link
 * ShuffleIndex} places them), block by block: {@code while (r.next()) use(r.row())}. The row is
 * reused by the next call; its text refers to the current block. Not thread-safe.
 */
public final class ShuffleReader implements Closeable {
  private final InputStream in;
  private final String source;
  private final RowCodec codec;
  private final MutableRow row;
  private final Lz4Decompressor lz4 = Blocks.decompressor();
  private final byte[] header = new byte[Blocks.HEADER];
  private byte[] stored = new byte[0];
  private byte[] block = new byte[0];
  private int blockSize;
  private int at;
  private int left;
  private long rowsRead;

  /**
   * A reader of the rows of {@code schema} in {@code in}, which holds exactly whole blocks; {@code
   * source} names it in errors (an object key and range).
   */
  public ShuffleReader(InputStream in, Schema schema, String source) {
    this.in = Objects.requireNonNull(in, "in");
    this.source = Objects.requireNonNull(source, "source");
    this.codec = new RowCodec(schema);
    this.row = new MutableRow(schema);
  }

  /** Moves to the next row; false at the end of the slice. */
  public boolean next() throws IOException {
    while (left == 0) {
      if (!nextBlock()) {
        return false;
      }
    }
    at = codec.read(block, at, row);
    left--;
    rowsRead++;
    if (left == 0 && at != blockSize) {
      throw corrupt("a block's rows end at byte " + at + " of its " + blockSize);
    }
    return true;
  }

  /** The current row. */
  public Row row() {
    return row;
  }

  /** Rows read so far. */
  public long rowsRead() {
    return rowsRead;
  }

  private boolean nextBlock() throws IOException {
    int n = in.readNBytes(header, 0, Blocks.HEADER);
    if (n == 0) {
      return false;
    }
    if (n < Blocks.HEADER) {
      throw corrupt("the slice ends inside a block header");
    }
    int raw = (int) Blocks.INT.get(header, 0);
    int storedLen = (int) Blocks.INT.get(header, 4);
    int rows = (int) Blocks.INT.get(header, 8);
    byte codecId = header[12];
    if (raw < 0 || storedLen < 0 || rows < 0 || (codecId != Blocks.RAW && codecId != Blocks.LZ4)
        || (codecId == Blocks.RAW && raw != storedLen)) {
      throw corrupt("a block header is not valid (raw " + raw + ", stored " + storedLen + ", rows " + rows + ", codec "
          + codecId + ")");
    }
    if (block.length < raw) {
      block = new byte[Math.max(raw, block.length * 2)];
    }
    if (codecId == Blocks.RAW) {
      readFully(block, storedLen);
    } else {
      if (stored.length < storedLen) {
        stored = new byte[Math.max(storedLen, stored.length * 2)];
      }
      readFully(stored, storedLen);
      int got;
      try {
        got = lz4.decompress(stored, 0, storedLen, block, 0, raw);
      } catch (MalformedInputException e) {
        throw corrupt("a block does not decompress: " + e.getMessage());
      }
      if (got != raw) {
        throw corrupt("a block decompressed to " + got + " bytes, its header says " + raw);
      }
    }
    blockSize = raw;
    at = 0;
    left = rows;
    if (rows == 0 && raw != 0) {
      throw corrupt("a block of " + raw + " bytes holds no rows");
    }
    return true;
  }

  private void readFully(byte[] into, int len) throws IOException {
    if (in.readNBytes(into, 0, len) < len) {
      throw new EOFException("Shuffle data " + source + " ends inside a block (truncated object or wrong range)");
    }
  }

  private IOException corrupt(String what) {
    return new IOException("Shuffle data " + source + " is corrupt: " + what);
  }

  /**
   * The index in the trailer of a whole shuffle object, from its last bytes: the last 16 tell how
   * many partitions there are ({@link #trailerBytes} of them are the trailer).
   *
   * @throws IOException if the bytes do not end with a whole shuffle trailer
   */
  public static ShuffleIndex trailer(byte[] tail, String source) throws IOException {
    int n = tail.length;
    if (n < 16 || (int) Blocks.INT.get(tail, n - 4) != Blocks.MAGIC) {
      throw new IOException("Object " + source + " does not end with a shuffle trailer");
    }
    int p = (int) Blocks.INT.get(tail, n - 16);
    long dataBytes = (long) Blocks.LONG.get(tail, n - 12);
    if (p < 1 || trailerBytes(p) > n) {
      throw new IOException("Object " + source + ": the shuffle trailer of " + p + " partitions does not fit in the last "
          + n + " bytes");
    }
    int i = n - trailerBytes(p);
    long[] offsets = new long[p + 1];
    long[] rows = new long[p];
    for (int k = 0; k <= p; k++, i += 8) {
      offsets[k] = (long) Blocks.LONG.get(tail, i);
    }
    for (int k = 0; k < p; k++, i += 8) {
      rows[k] = (long) Blocks.LONG.get(tail, i);
    }
    if (offsets[p] != dataBytes || offsets[0] != 0) {
      throw new IOException("Object " + source + ": the shuffle trailer's offsets do not match its data size");
    }
    try {
      return new ShuffleIndex(offsets, rows);
    } catch (IllegalArgumentException e) {
      throw new IOException("Object " + source + ": " + e.getMessage(), e);
    }
  }

  /** The bytes the trailer of an object of {@code partitions} partitions takes. */
  public static int trailerBytes(int partitions) {
    return 8 * (partitions + 1) + 8 * partitions + 16;
  }

  @Override
  public void close() throws IOException {
    in.close();
  }
}
