package io.sluice.record.internal;

import io.sluice.record.RecordSource;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;

/**
 * A buffered byte stream that knows the object offset of every byte. Readers parse records in place
 * in {@link #buf}, between {@link #pos} and {@link #limit}: a record is never copied, except that
 * {@link #more} moves the unfinished record to the front of the buffer before reading on (and grows
 * the buffer for a record longer than it).
 */
final class ByteInput implements Closeable {
  static final int BUFFER = 1 << 16;

  private final InputStream in;
  byte[] buf = new byte[BUFFER];
  int pos;
  int limit;
  /** How far {@link #more} moved the kept bytes towards the front (subtract it from saved indices). */
  int shifted;
  /** Object offset of {@code buf[0]}. */
  private long bufStart;

  private ByteInput(InputStream in, long offset) {
    this.in = in;
    this.bufStart = offset;
  }

  /**
   * Opens {@code source} at its first record: at {@code start} if that is known to begin a record,
   * else just past the first {@code \n} at or after {@code start - 1} (the record that {@code start}
   * cuts through belongs to the previous range).
   */
  static ByteInput open(RecordSource source) throws IOException {
    if (source.startsAtRecord()) {
      return new ByteInput(source.open(source.start()), source.start());
    }
    ByteInput input = new ByteInput(source.open(source.start() - 1), source.start() - 1);
    try {
      input.skipLine();
    } catch (IOException | RuntimeException e) {
      input.close();
      throw e;
    }
    return input;
  }

  /** The object offset of the next byte. */
  long position() {
    return bufStart + pos;
  }

  /** The object offset of {@code buf[index]}. */
  long offsetOf(int index) {
    return bufStart + index;
  }

  /**
   * Reads more bytes after {@link #limit}, keeping {@code buf[keep, limit)} (moved to the front, by
   * {@link #shifted}); {@code keep == limit} keeps nothing. Call only when {@code pos == limit}.
   * Returns false at the end of the stream (the kept bytes are still there).
   */
  boolean more(int keep) throws IOException {
    shifted = keep;
    if (keep > 0) {
      int n = limit - keep;
      System.arraycopy(buf, keep, buf, 0, n);
      bufStart += keep;
      pos -= keep;
      limit = n;
    }
    if (limit == buf.length) {
      buf = Arrays.copyOf(buf, buf.length * 2);
    }
    int n;
    do {
      n = in.read(buf, limit, buf.length - limit);
    } while (n == 0);
    if (n < 0) {
      return false;
    }
    limit += n;
    return true;
  }

  /** Skips through the next {@code \n}. */
  private void skipLine() throws IOException {
    while (pos < limit || more(limit)) {
      int p = pos;
      while (p < limit && buf[p] != '\n') {
        p++;
      }
      if (p < limit) {
        pos = p + 1;
        return;
      }
      pos = p;
    }
  }

  @Override
  public void close() throws IOException {
    in.close();
  }
}
