package io.sluice.local.store;

import io.sluice.store.StoreException;
import io.sluice.store.KeyConflictException;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The stream {@link FileSystemObjectStore#create} returns: bytes go to a temporary file, which becomes
 * the object only when {@link #close()} succeeds. A failed write or a failed close publishes nothing
 * and removes the temporary file; a stream that is never closed publishes nothing either (its file
 * stays in the temporary area, ignored).
 */
final class PublishingOutputStream extends OutputStream {
  /** Makes the finished temporary file the object; removes the temporary file whatever happens. */
  @FunctionalInterface
  interface Publisher {
    void publish();
  }

  private static final int BUFFER = 64 * 1024;

  private final String key;
  private final Path temp;
  private final FileChannel channel;
  private final OutputStream out;
  private final Publisher publisher;
  private final boolean syncWrites;
  private boolean failed;
  private boolean closed;

  PublishingOutputStream(String key, Path temp, FileChannel channel, boolean syncWrites, Publisher publisher) {
    this.syncWrites = syncWrites;
    this.key = key;
    this.temp = temp;
    this.channel = channel;
    this.out = new BufferedOutputStream(Channels.newOutputStream(channel), BUFFER);
    this.publisher = publisher;
  }

  @Override
  public void write(int b) throws IOException {
    ensureWritable();
    try {
      out.write(b);
    } catch (IOException | RuntimeException e) {
      failed = true;
      throw e;
    }
  }

  @Override
  public void write(byte[] b, int off, int len) throws IOException {
    ensureWritable();
    try {
      out.write(b, off, len);
    } catch (IOException | RuntimeException e) {
      failed = true;
      throw e;
    }
  }

  @Override
  public void flush() throws IOException {
    ensureWritable();
    try {
      out.flush();
    } catch (IOException | RuntimeException e) {
      failed = true;
      throw e;
    }
  }

  /**
   * Publishes the object, unless a write failed before.
   *
   * @throws IOException if a write failed before (nothing is published) or the bytes cannot be
   *     flushed to disk
   * @throws StoreException if the object cannot be put in place (see {@link KeyConflictException})
   */
  @Override
  public void close() throws IOException {
    if (closed) {
      return;
    }
    closed = true;
    if (failed) {
      discard();
      throw new IOException("Object '" + key + "' was not written: an earlier write to its stream failed");
    }
    try {
      out.flush();
      if (syncWrites) {
        channel.force(false);
      }
      channel.close();
    } catch (IOException | RuntimeException e) {
      discard();
      throw e;
    }
    publisher.publish();
  }

  private void ensureWritable() throws IOException {
    if (closed) {
      throw new IOException("The stream of object '" + key + "' is closed");
    }
    if (failed) {
      throw new IOException("The stream of object '" + key + "' failed before; nothing will be written");
    }
  }

  private void discard() {
    try {
      channel.close();
    } catch (IOException e) {
      // The file is removed below either way; the caller already has the error that matters.
    }
    try {
      Files.deleteIfExists(temp);
    } catch (IOException e) {
      // Left in the temporary area, where leftovers are ignored.
    }
  }
}
