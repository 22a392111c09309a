package io.sluice.record.internal;

import io.sluice.record.InputFile;
import java.io.ByteArrayInputStream;
import java.io.EOFException;
import java.io.InputStream;
import java.util.Objects;

/** {@link InputFile#of(String, byte[])}. */
public final class ByteArrayInputFile implements InputFile {
  private final String name;
  private final byte[] data;

  public ByteArrayInputFile(String name, byte[] data) {
    this.name = Objects.requireNonNull(name, "name");
    this.data = Objects.requireNonNull(data, "data");
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public long length() {
    return data.length;
  }

  @Override
  public String etag() {
    return null;
  }

  @Override
  public void readFully(long position, byte[] into, int off, int len) throws EOFException {
    Objects.checkFromIndexSize(off, len, into.length);
    if (position < 0 || position + len > data.length) {
      throw new EOFException("Cannot read " + len + " bytes at " + position + " of '" + name + "' (" + data.length + " bytes)");
    }
    System.arraycopy(data, (int) position, into, off, len);
  }

  @Override
  public InputStream open(long position) {
    if (position < 0 || position > data.length) {
      throw new IllegalArgumentException("Cannot open '" + name + "' (" + data.length + " bytes) at " + position);
    }
    return new ByteArrayInputStream(data, (int) position, data.length - (int) position);
  }

  @Override
  public String toString() {
    return name + " (" + data.length + " bytes in memory)";
  }
}
