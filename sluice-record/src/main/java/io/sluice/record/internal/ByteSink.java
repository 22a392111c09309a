package io.sluice.record.internal;

import java.io.Closeable;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/** A buffered byte output that counts what it was given and writes text as UTF-8 without a Writer. */
final class ByteSink implements Closeable {
  private final OutputStream out;
  private final byte[] buf = new byte[1 << 16];
  private int n;
  private long flushed;

  ByteSink(OutputStream out) {
    this.out = out;
  }

  /** Bytes written so far, flushed or not. */
  long count() {
    return flushed + n;
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
        byte[] rest = s.substring(i, to).getBytes(StandardCharsets.UTF_8);
        write(rest, 0, rest.length);
        return;
      }
      if (n == buf.length) {
        drain();
      }
      buf[n++] = (byte) c;
    }
  }

  void writeLong(long v) throws IOException {
    if (n + 20 > buf.length) {
      drain();
    }
    n = TextValues.putLong(v, buf, n);
  }

  private void drain() throws IOException {
    out.write(buf, 0, n);
    flushed += n;
    n = 0;
  }

  void flush() throws IOException {
    drain();
    out.flush();
  }

  @Override
  public void close() throws IOException {
    try {
      drain();
    } finally {
      out.close();
    }
  }
}
