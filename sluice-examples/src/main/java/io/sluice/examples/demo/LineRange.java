package io.sluice.examples.demo;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/**
 * Reads the lines that belong to a byte range {@code [start, end)} of a text object: a line belongs to
 * the range its first byte is in. A range that does not start at 0 first skips the partial line it
 * starts inside (the previous range reads it whole); the last line may run past {@code end}. So the
 * ranges of an object, together, read every line exactly once.
 */
final class LineRange implements AutoCloseable {
  private final InputStream in;
  private final long end;
  private long position;
  private long lineStart;
  private final ByteArrayOutputStream buffer = new ByteArrayOutputStream(128);

  /**
   * @param in the object's bytes from {@code streamStart}
   * @param streamStart where {@code in} starts: {@code start - 1} when {@code start > 0} (to see
   *     whether {@code start} begins a line), else 0
   * @param start the range's first byte
   * @param end one past the range's last byte
   * @param atLineStart true when {@code start} is known to begin a line (a continuation's position)
   */
  LineRange(InputStream in, long streamStart, long start, long end, boolean atLineStart) throws IOException {
    this.in = new BufferedInputStream(in, 1 << 16);
    this.end = end;
    this.position = streamStart;
    if (!atLineStart && start > 0) {
      // Skip to the first line that starts at or after 'start'.
      int b;
      while ((b = this.in.read()) >= 0) {
        position++;
        if (b == '\n' && position >= start) {
          break;
        }
      }
    }
  }

  /** Where the next line starts. */
  long position() {
    return position;
  }

  /** Where the line {@link #next()} returned last started. */
  long lineStart() {
    return lineStart;
  }

  /** The next line of the range without its newline, or null at the range's end. */
  String next() throws IOException {
    if (position >= end) {
      return null;
    }
    lineStart = position;
    buffer.reset();
    int b;
    while ((b = in.read()) >= 0) {
      position++;
      if (b == '\n') {
        return buffer.toString(StandardCharsets.UTF_8);
      }
      buffer.write(b);
    }
    return buffer.size() == 0 ? null : buffer.toString(StandardCharsets.UTF_8);
  }

  @Override
  public void close() throws IOException {
    in.close();
  }
}
