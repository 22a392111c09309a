package io.sluice.parquet.internal;

import java.io.IOException;
import java.io.OutputStream;
import org.apache.parquet.io.OutputFile;
import org.apache.parquet.io.PositionOutputStream;

/**
 * An {@link OutputStream} as parquet-java's {@link OutputFile}, created once: parquet-java's many
 * small writes (page headers, the footer) are gathered in a 64 KB buffer, so the stream gets large
 * chunks, as the {@code RecordFormat#writer} contract promises. Closing closes the stream.
 */
public final class ParquetOutput implements OutputFile {
  private final OutputStream out;
  private final String name;
  private Stream stream;

  public ParquetOutput(OutputStream out, String name) {
    this.out = out;
    this.name = name;
  }

  @Override
  public PositionOutputStream create(long blockSizeHint) {
    return createOrOverwrite(blockSizeHint);
  }

  @Override
  public PositionOutputStream createOrOverwrite(long blockSizeHint) {
    if (stream != null) {
      throw new IllegalStateException("A Parquet output over a stream can be created only once");
    }
    stream = new Stream(out);
    return stream;
  }

  @Override
  public boolean supportsBlockSize() {
    return false;
  }

  @Override
  public long defaultBlockSize() {
    return 0;
  }

  @Override
  public String getPath() {
    return name;
  }

  /** Closes the stream (after a failure: what was written stays, the footer is missing). */
  public void closeStream() throws IOException {
    if (stream != null) {
      stream.close();
    } else {
      out.close();
    }
  }

  /** Bytes written to the stream or its buffer so far. */
  public long position() {
    return stream == null ? 0 : stream.pos;
  }

  private static final class Stream extends PositionOutputStream {
    private static final int BUFFER = 64 * 1024;
    private final OutputStream out;
    private final byte[] buf = new byte[BUFFER];
    private int count;
    private long pos;
    private boolean closed;

    Stream(OutputStream out) {
      this.out = out;
    }

    @Override
    public long getPos() {
      return pos;
    }

    @Override
    public void write(int b) throws IOException {
      if (count == BUFFER) {
        drain();
      }
      buf[count++] = (byte) b;
      pos++;
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
      if (len >= BUFFER) {
        drain();
        out.write(b, off, len);
      } else {
        if (len > BUFFER - count) {
          drain();
        }
        System.arraycopy(b, off, buf, count, len);
        count += len;
      }
      pos += len;
    }

    private void drain() throws IOException {
      if (count > 0) {
        out.write(buf, 0, count);
        count = 0;
      }
    }

    @Override
    public void flush() throws IOException {
      // parquet-java flushes after every row group; the buffer is handed on only when full or at close.
    }

    @Override
    public void close() throws IOException {
      if (closed) {
        return;
      }
      closed = true;
      try {
        drain();
        out.flush();
      } finally {
        out.close();
      }
    }
  }
}
