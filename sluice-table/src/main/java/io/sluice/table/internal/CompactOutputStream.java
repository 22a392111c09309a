package io.sluice.table.internal;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;

/** Counts the bytes a compaction writes to one output file, which become the file's size in the manifest. */
public final class CompactOutputStream extends FilterOutputStream {
  private long count;

  /** Counts what goes to {@code out}. */
  public CompactOutputStream(OutputStream out) {
    super(out);
  }

  @Override
  public void write(int b) throws IOException {
    out.write(b);
    count++;
  }

  @Override
  public void write(byte[] b, int off, int len) throws IOException {
    out.write(b, off, len);
    count += len;
  }

  /** Bytes written so far. */
  public long count() {
    return count;
  }
}
