package io.sluice.store;

import java.io.InputStream;
import java.io.OutputStream;
import java.util.Optional;

/**
 * An object store with S3's semantics, addressed by relative keys ({@code runs/r-1/state/00000001.json}).
 *
 * <ul>
 *   <li>Readers never see a partial object: a put becomes visible whole, or not at all.
 *   <li>Reads after writes are consistent, listings too (S3 has been strongly consistent since 2020).
 *   <li>{@link #putIfAbsent} is atomic: of many concurrent callers for one key exactly one wins. Sluice's
 *       commits rest on it.
 *   <li>Keys are {@code /}-separated, non-empty, and never escape the store's root: {@code ..}
 *       segments, a leading {@code /}, NUL and other control characters are refused with {@link
 *       InvalidKeyException}.
 * </ul>
 *
 * <p>Implementations are thread-safe and shared by every invocation of a function instance.
 */
public interface ObjectStore {

  /** Creates or replaces {@code key} with {@code content}. */
  void put(String key, byte[] content);

  /**
   * Creates {@code key} only if no object has that key; atomic.
   *
   * @return true if this call created it, false if it already existed (its content is left alone)
   */
  boolean putIfAbsent(String key, byte[] content);

  /**
   * Opens a stream whose bytes become the object {@code key} when the stream is closed (and not
   * before). For outputs too large for one byte array; S3 implements it as a multipart upload.
   */
  OutputStream create(String key);

  /** The whole object. @throws ObjectNotFoundException if there is none */
  byte[] get(String key);

  /** The whole object as a stream. @throws ObjectNotFoundException if there is none */
  InputStream open(String key);

  /**
   * {@code length} bytes from {@code offset} (fewer at the end of the object).
   *
   * @throws ObjectNotFoundException if there is none
   */
  InputStream openRange(String key, long offset, long length);

  /** The object's size and time, or empty if there is none. */
  Optional<ObjectInfo> stat(String key);

  /**
   * One page of the keys that start with {@code prefix}, in lexicographic (UTF-8 byte) order.
   *
   * @param startAfter list keys strictly after this one (null to start at the beginning): pass the
   *     previous page's {@link ObjectListing#nextStartAfter()} to continue
   * @param maxKeys at most this many (1..1000)
   */
  ObjectListing list(String prefix, String startAfter, int maxKeys);

  /** Deletes {@code key}; deleting a missing key is not an error. */
  void delete(String key);

  /** Every key under {@code prefix}, page by page, in order. */
  default Iterable<ObjectInfo> listAll(String prefix) {
    return () -> new ListingIterator(this, prefix);
  }

  /** Whether {@code key} exists. */
  default boolean exists(String key) {
    return stat(key).isPresent();
  }
}
