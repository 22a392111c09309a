package io.sluice.table.internal;

import io.sluice.record.InputFile;
import io.sluice.store.ObjectInfo;
import io.sluice.store.ObjectNotFoundException;
import io.sluice.store.ObjectStore;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.util.Objects;

/**
 * A data file that a manifest lists, as an {@link InputFile} over ranged reads of the store: how the
 * table reader and the compaction rewriter hand files to a {@link io.sluice.record.RecordFormat}. With a
 * store, every read is pinned to the ETag the file had when it was opened.
 */
public final class ManifestInputFile implements InputFile {
  /** Opens {@code length} bytes of {@code key} from {@code offset}, of the version {@code etag} (null: any). */
  @FunctionalInterface
  public interface RangeOpener {
    InputStream open(String key, long offset, long length, String etag) throws IOException;
  }

  private final String key;
  private final long length;
  private final String etag;
  private final RangeOpener opener;

  /** A file of {@code length} bytes read through {@code opener}. */
  public ManifestInputFile(String key, long length, String etag, RangeOpener opener) {
    this.key = Objects.requireNonNull(key, "key");
    this.length = length;
    this.etag = etag;
    this.opener = Objects.requireNonNull(opener, "opener");
  }

  /**
   * The object {@code key} of {@code store}, its reads pinned to its current version.
   *
   * @throws ObjectNotFoundException if there is none (saying a manifest lists it)
   */
  public static ManifestInputFile of(ObjectStore store, String key) {
    ObjectInfo info = store.stat(key).orElseThrow(() -> new ObjectNotFoundException(key));
    return new ManifestInputFile(key, info.size(), info.etag(), store::openRange);
  }

  @Override
  public String name() {
    return key;
  }

  @Override
  public long length() {
    return length;
  }

  @Override
  public String etag() {
    return etag;
  }

  @Override
  public void readFully(long position, byte[] into, int off, int len) throws IOException {
    if (position < 0 || position + len > length) {
      throw new EOFException("Cannot read " + len + " bytes at " + position + " of '" + key + "', which has " + length);
    }
    try (InputStream in = opener.open(key, position, len, etag)) {
      int done = 0;
      while (done < len) {
        int n = in.read(into, off + done, len - done);
        if (n < 0) {
          throw new EOFException("'" + key + "' ended after " + (position + done) + " bytes; expected " + length);
        }
        done += n;
      }
    }
  }

  @Override
  public InputStream open(long position) throws IOException {
    return opener.open(key, position, Math.max(0, length - position), etag);
  }

  @Override
  public String toString() {
    return key;
  }
}
