package io.sluice.store;

import java.io.IOException;
import java.io.OutputStream;
import java.util.Locale;
import java.util.Objects;

/**
 * A stream whose bytes become the object {@link #key()} when it is committed, and not before: what
 * {@link ObjectStore#create} returns. S3 implements it as a multipart upload ({@code
 * CreateMultipartUpload}, {@code UploadPart}s, then {@code CompleteMultipartUpload} or {@code
 * AbortMultipartUpload}); a file system as a temporary file renamed over the key.
 *
 * <pre>{@code
 * ObjectWriter out = store.create("runs/r-1/out/part-0");
 * try {
 *   records.writeTo(out);
 *   out.commit();           // the object appears whole, replacing any older version
 * } finally {
 *   out.abort();            // after a commit, does nothing; otherwise drops what was written
 * }
 * }</pre>
 *
 * <ul>
 *   <li><b>Nothing is visible before commit.</b> Readers see the old object (or none) until {@link
 *       #commit} or {@link #commitIfAbsent} returns; then they see the whole new one.
 *   <li><b>Abort leaves nothing behind</b>: no object, and no staged bytes once the store can remove
 *       them.
 *   <li><b>{@link #close()} without an explicit commit or abort commits</b>, so that {@code try (var out
 *       = store.create(key)) { ... }} publishes the object as any {@code OutputStream} user expects.
 *       Code that must not publish a partial object on an exception calls {@link #abort()} (as above)
 *       instead of relying on close.
 *   <li><b>A failed write poisons the writer</b>: once a write or flush has thrown, commit throws and
 *       publishes nothing, since the bytes that reached the store are not the ones the caller wrote.
 *   <li>A commit that throws publishes nothing and finishes the writer: write the object again to
 *       retry. (As with any write, a retryable failure may have taken effect.)
 * </ul>
 *
 * <p>Not thread-safe, as streams are not. Stores implement the four protected methods; this class
 * keeps the rules above for every store.
 */
public abstract class ObjectWriter extends OutputStream {
  private enum State { OPEN, FAILED, COMMITTED, ABORTED }

  private final String key;
  private State state = State.OPEN;
  private Throwable failure;

  /** @param key the object this writer will publish */
  protected ObjectWriter(String key) {
    this.key = key;
  }

  /** The key of the object this writer publishes. */
  public final String key() {
    return key;
  }

  /** Whether bytes may still be written: neither committed, aborted, closed nor failed. */
  public final boolean isOpen() {
    return state == State.OPEN;
  }

  @Override
  public final void write(int b) throws IOException {
    ensureOpen();
    try {
      writeByte(b);
    } catch (IOException | RuntimeException | Error e) {
      fail(e);
      throw e;
    }
  }

  @Override
  public final void write(byte[] b, int off, int len) throws IOException {
    ensureOpen();
    Objects.checkFromIndexSize(off, len, b.length);
    if (len == 0) {
      return;
    }
    try {
      writeBytes(b, off, len);
    } catch (IOException | RuntimeException | Error e) {
      fail(e);
      throw e;
    }
  }

  /** Passes buffered bytes on to the store (it does not publish them). */
  @Override
  public final void flush() throws IOException {
    ensureOpen();
    try {
      flushBytes();
    } catch (IOException | RuntimeException | Error e) {
      fail(e);
      throw e;
    }
  }

  /**
   * Publishes what was written as the object {@link #key()}, replacing any older version.
   *
   * @return the new object's ETag
   * @throws IOException if an earlier write failed, or the bytes could not be finished; nothing is
   *     published either way
   * @throws StoreException if the store cannot put the object in place (see {@link
   *     KeyConflictException}); nothing is published
   * @throws IllegalStateException if the writer was already committed or aborted
   */
  public final String commit() throws IOException {
    return finish(false);
  }

  /**
   * Publishes what was written as the object {@link #key()} only if no object has that key; atomic, as
   * {@link ObjectStore#putIfAbsent} (S3: {@code CompleteMultipartUpload} with {@code If-None-Match: *}).
   * Of many writers committing the same key this way, exactly one wins.
   *
   * @return true if this writer created the object; false if an object already existed (it is left
   *     alone, and what this writer wrote is dropped)
   * @throws IOException if an earlier write failed, or the bytes could not be finished
   * @throws StoreException if the store cannot put the object in place
   * @throws IllegalStateException if the writer was already committed or aborted
   */
  public final boolean commitIfAbsent() throws IOException {
    return finish(true) != null;
  }

  /**
   * Drops what was written: nothing is published, and the staged bytes are removed. Does nothing if
   * the writer was already committed, aborted or closed. Never throws: if the store cannot remove the
   * staged bytes (S3: an incomplete multipart upload; a file system: a temporary file), they stay where
   * the store's own clean-up finds them, invisible to readers.
   */
  public final void abort() {
    if (state == State.OPEN || state == State.FAILED) {
      state = State.ABORTED;
      discard();
    }
  }

  /**
   * Commits, unless the writer was committed or aborted before (then does nothing).
   *
   * @throws IOException if an earlier write failed (nothing is published), or as {@link #commit()}
   */
  @Override
  public final void close() throws IOException {
    switch (state) {
      case OPEN -> finish(false);
      case FAILED -> {
        abort();
        throw new IOException(notWritten(), failure);
      }
      case COMMITTED, ABORTED -> {}
    }
  }

  /** Writes {@code len > 0} bytes; the array is the caller's and must not be kept. */
  protected abstract void writeBytes(byte[] b, int off, int len) throws IOException;

  /** Writes one byte (the low eight bits of {@code b}); override to avoid an array per byte. */
  protected void writeByte(int b) throws IOException {
    writeBytes(new byte[] {(byte) b}, 0, 1);
  }

  /** Passes buffered bytes on, without publishing them. */
  protected abstract void flushBytes() throws IOException;

  /**
   * Publishes the bytes written so far; the staged bytes are gone afterwards, whatever happens.
   *
   * @param onlyIfAbsent publish only if no object has the key, atomically
   * @return the new object's ETag, or null if {@code onlyIfAbsent} and an object already existed
   */
  protected abstract String publish(boolean onlyIfAbsent) throws IOException;

  /** Removes the staged bytes; must not throw. */
  protected abstract void discard();

  private String finish(boolean onlyIfAbsent) throws IOException {
    switch (state) {
      case FAILED -> {
        abort();
        throw new IOException(notWritten(), failure);
      }
      case COMMITTED, ABORTED -> throw new IllegalStateException(
          "The writer of object '" + key + "' was already " + state.name().toLowerCase(Locale.ROOT)
              + "; create a new writer to write the object again");
      case OPEN -> {}
    }
    try {
      String etag = publish(onlyIfAbsent);
      state = State.COMMITTED;
      return etag;
    } catch (IOException | RuntimeException | Error e) {
      state = State.ABORTED; // publish removed the staged bytes
      throw e;
    }
  }

  private void ensureOpen() throws IOException {
    switch (state) {
      case OPEN -> {}
      case FAILED -> throw new IOException(
          "The stream of object '" + key + "' failed before; nothing will be written", failure);
      case COMMITTED, ABORTED -> throw new IOException(
          "The stream of object '" + key + "' is " + (state == State.COMMITTED ? "committed" : "aborted")
              + "; create a new writer to write more");
    }
  }

  private void fail(Throwable e) {
    state = State.FAILED;
    failure = e;
  }

  private String notWritten() {
    return "Object '" + key + "' was not written: an earlier write to its stream failed";
  }
}
