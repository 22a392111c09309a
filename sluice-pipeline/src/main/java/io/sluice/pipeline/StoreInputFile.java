package io.sluice.pipeline;

import io.sluice.TaskContext;
import io.sluice.record.InputFile;
import io.sluice.store.ObjectInfo;
import io.sluice.store.ObjectStore;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.util.Objects;

/**
 * An object of a store as a record reader sees it ({@link InputFile}). Three kinds, for the two sides
 * of a stage and for stores other than the run's:
 *
 * <ul>
 *   <li>{@link #planned}, on the driver side ({@code plan}): an object as the listing gave it, read
 *       through the raw store with every read pinned to the listed ETag. A text format plans its splits
 *       from the length alone; a columnar one would read its footer here.
 *   <li>{@link #forTask}, on an executor: an object read through the task's context, so that every byte
 *       is counted as the task's input. The context has no read pinned to an ETag, so the version is
 *       checked once, when the file is opened: an object that is no longer the version its splits were
 *       planned on is an error rather than records read twice or lost.
 * </ul>
 *
 * Streams ({@link #open}) are ranged reads from the position to the end of the object, which the
 * store serves lazily as they are read; readers close them when their split is done.
 */
public final class StoreInputFile implements InputFile {
  /** A ranged read: {@code length} bytes of the object from {@code offset}. */
  @FunctionalInterface
  private interface RangeReader {
    InputStream open(long offset, long length) throws IOException;
  }

  private final String key;
  private final long length;
  private final String etag;
  private final RangeReader reads;

  private StoreInputFile(String key, long length, String etag, RangeReader reads) {
    this.key = key;
    this.length = length;
    this.etag = etag;
    this.reads = reads;
  }

  /** The object {@code listed} (from {@link ObjectStore#listAll} or {@link ObjectStore#stat}), read through the raw store, pinned to its ETag. */
  public static StoreInputFile planned(ObjectStore store, ObjectInfo listed) {
    Objects.requireNonNull(store, "store");
    return new StoreInputFile(listed.key(), listed.size(), listed.etag(),
        (offset, length) -> store.openRange(listed.key(), offset, length, listed.etag()));
  }

  /**
   * Object {@code key}, read through the task's counted reads. With {@code plannedEtag} (the ETag the
   * driver planned the task's split on), the object must still be that version; null takes the version
   * the store has now (an earlier stage's committed output, which never changes).
   *
   * @throws IOException naming the key if the object is gone or is not the planned version
   */
  public static StoreInputFile forTask(TaskContext ctx, String key, String plannedEtag) throws IOException {
    ObjectInfo info = ctx.stat(key).orElseThrow(() -> new IOException("Input '" + key + "' of task in stage '"
        + ctx.stageName() + "' is gone from the store: start a new run on the input as it is now"));
    if (plannedEtag != null && !plannedEtag.equals(info.etag())) {
      throw new IOException("Input '" + key + "' of stage '" + ctx.stageName() + "' changed after the run planned its splits"
          + " (ETag " + plannedEtag + ", now " + info.etag() + "): start a new run rather than resuming this one");
    }
    return new StoreInputFile(key, info.size(), info.etag(), (offset, length) -> ctx.openRange(key, offset, length));
  }

  /**
   * Object {@code key} of {@code store} (a store other than the run's, such as a source bucket), read
   * with every read pinned to {@code plannedEtag} (the object must still be the planned version). On an
   * executor, pass the task's {@link TaskContext#metered} view of the store, so that its reads count as
   * the task's.
   *
   * @throws IOException naming the key if the object is gone or is not the planned version
   */
  public static StoreInputFile pinned(ObjectStore store, String key, String plannedEtag) throws IOException {
    ObjectInfo info = store.stat(key).orElseThrow(() -> new IOException("Input '" + key + "' is gone from its store"
        + " (" + store + "): start a new run on the input as it is now"));
    if (plannedEtag != null && !plannedEtag.equals(info.etag())) {
      throw new IOException("Input '" + key + "' changed after the run planned its splits (ETag " + plannedEtag + ", now "
          + info.etag() + "): start a new run rather than resuming this one");
    }
    return new StoreInputFile(key, info.size(), info.etag(), (offset, length) -> store.openRange(key, offset, length, info.etag()));
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
    Objects.checkFromIndexSize(off, len, into.length);
    if (position < 0 || position > length - len) {
      throw new EOFException("Cannot read " + len + " bytes at " + position + " of '" + key + "', which has " + length);
    }
    try (InputStream in = range(position, len)) {
      int n = in.readNBytes(into, off, len);
      if (n < len) {
        throw new EOFException("'" + key + "' ended after " + (position + n) + " of " + length + " bytes: was it replaced?");
      }
    }
  }

  @Override
  public InputStream open(long position) throws IOException {
    if (position < 0 || position > length) {
      throw new EOFException("Cannot read '" + key + "' from byte " + position + ": it has " + length);
    }
    return range(position, length - position);
  }

  private InputStream range(long offset, long len) throws IOException {
    return reads.open(offset, len);
  }

  @Override
  public String toString() {
    return key + " (" + length + " bytes, ETag " + etag + ")";
  }
}
