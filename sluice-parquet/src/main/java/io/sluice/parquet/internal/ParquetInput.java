package io.sluice.parquet.internal;

import io.sluice.record.InputFile;
import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import org.apache.parquet.io.SeekableInputStream;

/**
 * A Sluice {@link InputFile} as parquet-java's {@link org.apache.parquet.io.InputFile}: every read is
 * a positioned {@link InputFile#readFully} of just the bytes parquet-java asks for (the footer, then
 * each column chunk it reads), so a store-backed file fetches only those ranges. Single-byte reads go
 * through a small buffer.
 */
public final class ParquetInput implements org.apache.parquet.io.InputFile {
  private final InputFile file;

  public ParquetInput(InputFile file) {
    this.file = file;
  }

  @Override
  public long getLength() {
    return file.length();
  }

  @Override
  public SeekableInputStream newStream() {
    return new Stream(file);
  }

  @Override
  public String toString() {
    return file.name();
  }

  private static final class Stream extends SeekableInputStream {
    private static final int BUFFER = 8192;
    private final InputFile file;
    private final long length;
    private long pos;
    private byte[] buf;
    private long bufStart = -1;
    private int bufLen;

    Stream(InputFile file) {
      this.file = file;
      this.length = file.length();
    }

    @Override
    public long getPos() {
      return pos;
    }

    @Override
    public void seek(long newPos) throws IOException {
      if (newPos < 0 || newPos > length) {
        throw new EOFException("Cannot seek to " + newPos + " in '" + file.name() + "' of " + length + " bytes");
      }
      pos = newPos;
    }

    @Override
    public int read() throws IOException {
      if (pos >= length) {
        return -1;
      }
      if (buf == null || pos < bufStart || pos >= bufStart + bufLen) {
        if (buf == null) {
          buf = new byte[BUFFER];
        }
        bufLen = (int) Math.min(BUFFER, length - pos);
        file.readFully(pos, buf, 0, bufLen);
        bufStart = pos;
      }
      return buf[(int) (pos++ - bufStart)] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      if (len == 0) {
        return 0;
      }
      if (pos >= length) {
        return -1;
      }
      int n = (int) Math.min(len, length - pos);
      file.readFully(pos, b, off, n);
      pos += n;
      return n;
    }

    @Override
    public long skip(long n) {
      long skipped = Math.max(0, Math.min(n, length - pos));
      pos += skipped;
      return skipped;
    }

    @Override
    public int available() {
      return (int) Math.min(Integer.MAX_VALUE, length - pos);
    }

    @Override
    public void readFully(byte[] bytes) throws IOException {
      readFully(bytes, 0, bytes.length);
    }

    @Override
    public void readFully(byte[] bytes, int start, int len) throws IOException {
      if (pos + len > length) {
        throw new EOFException("'" + file.name() + "' ends at byte " + length + ", before " + (pos + len));
      }
      file.readFully(pos, bytes, start, len);
      pos += len;
    }

    @Override
    public int read(ByteBuffer into) throws IOException {
      if (!into.hasRemaining()) {
        return 0;
      }
      if (pos >= length) {
        return -1;
      }
      int n = (int) Math.min(into.remaining(), length - pos);
      readInto(into, n);
      return n;
    }

    @Override
    public void readFully(ByteBuffer into) throws IOException {
      int n = into.remaining();
      if (pos + n > length) {
        throw new EOFException("'" + file.name() + "' ends at byte " + length + ", before " + (pos + n));
      }
      readInto(into, n);
    }

    private void readInto(ByteBuffer into, int n) throws IOException {
      if (into.hasArray()) {
        file.readFully(pos, into.array(), into.arrayOffset() + into.position(), n);
        into.position(into.position() + n);
      } else {
        byte[] tmp = new byte[n];
        file.readFully(pos, tmp, 0, n);
        into.put(tmp);
      }
      pos += n;
    }
  }
}
