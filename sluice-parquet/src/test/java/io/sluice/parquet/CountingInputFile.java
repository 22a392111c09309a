package io.sluice.parquet;

import io.sluice.record.InputFile;
import java.io.IOException;
import java.io.InputStream;
import java.util.concurrent.atomic.AtomicLong;

/** An in-memory file that counts the bytes read from it (a real file, wrapped; nothing is faked). */
final class CountingInputFile implements InputFile {
  private final InputFile file;
  final AtomicLong bytesRead = new AtomicLong();

  CountingInputFile(InputFile file) {
    this.file = file;
  }

  @Override
  public String name() {
    return file.name();
  }

  @Override
  public long length() {
    return file.length();
  }

  @Override
  public String etag() {
    return file.etag();
  }

  @Override
  public void readFully(long position, byte[] into, int off, int len) throws IOException {
    bytesRead.addAndGet(len);
    file.readFully(position, into, off, len);
  }

  @Override
  public InputStream open(long position) throws IOException {
    throw new UnsupportedOperationException("Parquet reads by positioned reads only");
  }
}
