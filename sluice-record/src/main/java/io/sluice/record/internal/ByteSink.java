package io.sluice.record.internal;

import java.io.Closeable;
import java.io.IOException;
import java.io.OutputStream;

/**
 * The one buffer between a writer and its stream: it counts what it was given and writes text as
 * UTF-8 without a Writer. It starts at 8 KB and doubles each time it fills, up to 64 KB, so a writer
 * that writes little (one of many partitions) holds little memory, and one that writes much hands
 * the stream 64 KB at a time. The stream is expected to be unbuffered (a file, an upload): a buffer
 * there would only copy the bytes once more.
 */
final class ByteSink implements Closeable {
  private static final int FIRST = 8 << 10;
  private static final int MAX = 64 << 10;

  private final OutputStream out;
  byte[] buf = new byte[FIRST];
  int n;
  private long flushed;

  ByteSink(OutputStream out) {
    this.out = out;
  }

  /** Bytes written so far, flushed or not. */
  long count() {
    return flushed + n;
  }

  /** Makes room for {@code len} more bytes in {@link #buf} after {@link #n}, if {@code len} is at most 64 KB. */
  void ensure(int len) throws IOException {
    if (buf.length - n < len) {
      drain();
      if (buf.length < len) {
        buf = new byte[Math.max(len, buf.length * 2)];
      }
    }
  }

  void write(int b) throws IOException {
    if (n == buf.length) {
      drain();
    }
    buf[n++] = (byte) b;
  }

  void write(byte[] b, int off, int len) throws IOException {
    if (len > buf.length - n) {
      drain();
      if (len > buf.length) {
        out.write(b, off, len);
        flushed += len;
        return;
      }
    }
    System.arraycopy(b, off, buf, n, len);
    n += len;
  }

  /** {@code s[from, to)} as UTF-8. */
  void writeUtf8(String s, int from, int to) throws IOException {
    for (int i = from; i < to; i++) {
      char c = s.charAt(i);
      if (c >= 0x80) {
        int rest = to - i;
        if (rest * 3 <= MAX) {
          ensure(rest * 3);
          n = Utf8.encode(s, i, to, buf, n);
        } else {
          byte[] bytes = s.substring(i, to).getBytes(java.nio.charset.StandardCharsets.UTF_8);
          write(bytes, 0, bytes.length);
        }
        return;
      }
      if (n == buf.length) {
        drain();
      }
      buf[n++] = (byte) c;
    }
  }

  void writeLong(long v) throws IOException {
    ensure(20);
    n = TextValues.putLong(v, buf, n);
  }

  private void drain() throws IOException {
    if (n > 0) {
      out.write(buf, 0, n);
      flushed += n;
      n = 0;
    }
    if (buf.length < MAX) {
      buf = new byte[buf.length * 2];
    }
  }

  void flush() throws IOException {
    drain();
    out.flush();
  }

  @Override
  public void close() throws IOException {
    try {
      if (n > 0) {
        out.write(buf, 0, n);
        flushed += n;
        n = 0;
      }
    } finally {
      out.close();
    }
  }
}
