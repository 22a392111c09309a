package io.sluice.record.internal;

import io.sluice.record.RecordSource;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;

/**
 * A buffered byte stream that knows the object offset of every byte. Readers scan {@link #buf}
 * between {@link #pos} and {@link #limit} directly instead of calling a method per byte.
 */
final class ByteInput implements Closeable {
  private static final int BUFFER = 1 << 16;

  private final InputStream in;
  final byte[] buf = new byte[BUFFER];
  int pos;
  int limit;
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

  /** Refills an exhausted buffer; false at the end of the stream. */
  boolean fill() throws IOException {
    bufStart += limit;
    pos = 0;
    limit = 0;
    int n;
    do {
      n = in.read(buf, 0, buf.length);
    } while (n == 0);
    if (n < 0) {
      return false;
    }
    limit = n;
    return true;
  }

  /** Skips through the next {@code \n}. */
  private void skipLine() throws IOException {
    while (pos < limit || fill()) {
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
