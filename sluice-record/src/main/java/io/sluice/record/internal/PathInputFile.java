package io.sluice.record.internal;

import io.sluice.record.InputFile;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/** {@link InputFile#of(Path)}: each read opens the file, so reads may run concurrently. */
public final class PathInputFile implements InputFile {
  private final Path path;
  private final long length;

  public PathInputFile(Path path) throws IOException {
    this.path = path;
    this.length = Files.size(path);
  }

  @Override
  public String name() {
    return path.toString();
  }

  @Override
  public long length() {
    return length;
  }

  @Override
  public String etag() {
    return null;
  }

  @Override
  public void readFully(long position, byte[] into, int off, int len) throws IOException {
    try (FileChannel ch = FileChannel.open(path, StandardOpenOption.READ)) {
      ByteBuffer buf = ByteBuffer.wrap(into, off, len);
      long at = position;
      while (buf.hasRemaining()) {
        int n = ch.read(buf, at);
        if (n < 0) {
          throw new EOFException("Cannot read " + len + " bytes at " + position + " of " + path + ": it ends at " + at);
        }
        at += n;
      }
    }
  }

  @Override
  public InputStream open(long position) throws IOException {
    FileChannel ch = FileChannel.open(path, StandardOpenOption.READ);
    try {
      ch.position(position);
    } catch (IOException | RuntimeException e) {
      ch.close();
      throw e;
    }
    return Channels.newInputStream(ch);
  }

  @Override
  public String toString() {
    return path + " (" + length + " bytes)";
  }
}
