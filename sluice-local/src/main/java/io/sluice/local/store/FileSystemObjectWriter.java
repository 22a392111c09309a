package io.sluice.local.store;

import io.sluice.store.ObjectWriter;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The writer {@link FileSystemObjectStore#create} returns: bytes go to a staged file in the temporary
 * area, which becomes the object on commit (a rename, or a hard link for commit-if-absent). Abort, a
 * failed commit and a failed write remove the staged file; a writer that is never finished leaves it
 * where the next store opened on the root removes it once this process has ended.
 *
 * <p>Buffers small writes only, in a buffer allocated on the first of them: a caller that buffers
 * itself (a record writer, a {@code BufferedOutputStream}) and writes {@value #DIRECT_WRITE} bytes or
 * more at a time goes straight to the file, so many open writers do not hold a second buffer each.
 */
final class FileSystemObjectWriter extends ObjectWriter {
  /**
   * Writes at least this long skip the buffer (when it is empty, or they do not fit in it). Below the
   * 8 KB a record writer drains at first (a little under it, when the next value does not fit).
   */
  static final int DIRECT_WRITE = 4 * 1024;

  private static final int BUFFER = 64 * 1024;

  private final FileSystemObjectStore store;
  private final Path temp;
  private final FileChannel channel;
  private ByteBuffer buffer; // allocated on the first small write

  FileSystemObjectWriter(FileSystemObjectStore store, String key, Path temp, FileChannel channel) {
    super(key);
    this.store = store;
    this.temp = temp;
    this.channel = channel;
  }

  /** Whether a buffer was ever allocated (for tests of the memory a writer holds). */
  boolean hasBuffer() {
    return buffer != null;
  }

  @Override
  protected void writeByte(int b) throws IOException {
    if (buffer == null) {
      buffer = ByteBuffer.allocate(BUFFER);
    } else if (!buffer.hasRemaining()) {
      drain();
    }
    buffer.put((byte) b);
  }

  @Override
  protected void writeBytes(byte[] b, int off, int len) throws IOException {
    boolean buffered = buffer != null && buffer.position() > 0;
    if (buffered && len <= buffer.remaining()) {
      buffer.put(b, off, len);
      return;
    }
    if (len >= DIRECT_WRITE) {
      drain();
      writeFully(ByteBuffer.wrap(b, off, len));
      return;
    }
    if (buffer == null) {
      buffer = ByteBuffer.allocate(BUFFER);
    } else if (len > buffer.remaining()) {
      drain();
    }
    buffer.put(b, off, len);
  }

  @Override
  protected void flushBytes() throws IOException {
    drain();
  }

  @Override
  protected String publish(boolean onlyIfAbsent) throws IOException {
    String etag;
    try {
      drain();
      etag = store.finishStaged(temp, channel);
      channel.close();
    } catch (IOException | RuntimeException e) {
      discard();
      throw e;
    }
    return store.publish(key(), temp, onlyIfAbsent) ? etag : null;
  }

  @Override
  protected void discard() {
    buffer = null;
    try {
      channel.close();
    } catch (IOException e) {
      // The file is removed below either way; the caller already has the error that matters.
    }
    try {
      Files.deleteIfExists(temp);
    } catch (IOException e) {
      // Left in the temporary area, removed by a later store once this process has ended.
    }
  }

  private void drain() throws IOException {
    if (buffer != null && buffer.position() > 0) {
      buffer.flip();
      writeFully(buffer);
      buffer.clear();
    }
  }

  private void writeFully(ByteBuffer bytes) throws IOException {
    while (bytes.hasRemaining()) {
      channel.write(bytes);
    }
  }
}
