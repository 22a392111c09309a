package io.sluice.store;

import java.io.InputStream;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * An object store with S3's semantics, addressed by relative keys ({@code runs/r-1/state/00000001.json}).
 *
 * <ul>
 *   <li>Readers never see a partial object: a put or a committed {@link ObjectWriter} becomes visible
 *       whole, or not at all.
 *   <li>Reads after writes are consistent, listings too (S3 has been strongly consistent since 2020).
 *   <li>{@link #putIfAbsent} and {@link ObjectWriter#commitIfAbsent} are atomic: of many concurrent
 *       callers for one key exactly one wins. Sluice's commits rest on it.
 *   <li>Every version of an object has an ETag ({@link ObjectInfo#etag()}) that changes when it is
 *       replaced; a read pinned to an ETag ({@link #openRange(String, long, long, String)}) returns
 *       bytes of that version or fails with {@link PreconditionFailedException}, so a reader that
 *       reads several ranges of one object never mixes two versions.
 *   <li>Keys follow {@link ObjectKeys}, the same in every store: {@code /}-separated, non-empty, and
 *       never escaping the store's root; others are refused with {@link InvalidKeyException}.
 *   <li>Failures are {@link StoreException}s that say whether they are {@linkplain
 *       StoreException#retryable() retryable}.
 * </ul>
 *
 * <p>Each method names the S3 request it stands for. Implementations are thread-safe and shared by
 * every invocation of a function instance; they pass {@code ObjectStoreContract} (sluice-core's
 * test-jar). Decorators (counting, fault injection) extend {@link ForwardingObjectStore}.
 */
public interface ObjectStore {
  /** The most keys one {@link #deleteAll} may name (S3's {@code DeleteObjects} limit). */
  int MAX_DELETE_KEYS = 1000;

  /** Creates or replaces {@code key} with {@code content} (S3: {@code PutObject}). */
  void put(String key, byte[] content);

  /**
   * Creates {@code key} only if no object has that key; atomic (S3: {@code PutObject} with {@code
   * If-None-Match: *}, whose 412 answer means false).
   *
   * @return true if this call created it, false if it already existed (its content is left alone)
   */
  boolean putIfAbsent(String key, byte[] content);

  /**
   * Opens a writer whose bytes become the object {@code key} when it is committed (and not before),
   * for outputs too large for one byte array (S3: a multipart upload). See {@link ObjectWriter}: abort
   * drops it, and close without either commits.
   */
  ObjectWriter create(String key);

  /** The whole object (S3: {@code GetObject}). @throws ObjectNotFoundException if there is none */
  byte[] get(String key);

  /** The whole object as a stream (S3: {@code GetObject}). @throws ObjectNotFoundException if there is none */
  InputStream open(String key);

  /**
   * {@code length} bytes from {@code offset} (fewer at the end of the object) of whatever version is
   * current (S3: {@code GetObject} with {@code Range}).
   *
   * @throws ObjectNotFoundException if there is none
   * @throws IllegalArgumentException if {@code offset} or {@code length} is negative
   */
  default InputStream openRange(String key, long offset, long length) {
    return openRange(key, offset, length, null);
  }

  /**
   * {@code length} bytes from {@code offset} (fewer at the end of the object) of the version whose
   * ETag is {@code ifMatch} (S3: {@code GetObject} with {@code Range} and {@code If-Match}). The whole
   * stream comes from that version: an object replaced while the stream is read does not change what
   * it returns.
   *
   * @param ifMatch the ETag of the version to read, from {@link #stat}, a listing or {@link
   *     ObjectWriter#commit}; null reads whatever version is current
   * @throws PreconditionFailedException if the object's current version has another ETag
   * @throws ObjectNotFoundException if there is no object
   * @throws IllegalArgumentException if {@code offset} or {@code length} is negative
   */
  InputStream openRange(String key, long offset, long length, String ifMatch);

  /** The object's size, time and ETag, or empty if there is none (S3: {@code HeadObject}). */
  Optional<ObjectInfo> stat(String key);

  /**
   * One page of a listing (S3: {@code ListObjectsV2}): objects and, with a delimiter, common prefixes,
   * merged in {@link ObjectKeys#UTF8_ORDER}, at most {@link ListRequest#maxKeys()} of them together.
   * Continue with the page's {@link ObjectListing#nextContinuationToken()} until it is null.
   *
   * @throws IllegalArgumentException if the continuation token is not one this store gave for the
   *     request's prefix
   */
  ObjectListing list(ListRequest request);

  /**
   * One page of the keys that start with {@code prefix}, in lexicographic (UTF-8 byte) order.
   *
   * @param startAfter list keys strictly after this one (null to start at the beginning): pass the
   *     previous page's {@link ObjectListing#nextStartAfter()} to continue
   * @param maxKeys at most this many (1..1000)
   * @deprecated use {@link #list(ListRequest)}, which continues with an opaque token and can roll keys
   *     up by a delimiter; this delegates to it
   */
  @Deprecated
  default ObjectListing list(String prefix, String startAfter, int maxKeys) {
    return list(ListRequest.builder().prefix(prefix).startAfter(startAfter).maxKeys(maxKeys).build());
  }

  /** Deletes {@code key}; deleting a missing key is not an error (S3: {@code DeleteObject}). */
  void delete(String key);

  /**
   * Deletes every key of {@code keys}, at most {@value #MAX_DELETE_KEYS} a call (S3: {@code
   * DeleteObjects}). Missing keys are not errors. Keys are checked first: an invalid one fails the call
   * before anything is deleted. Then each key is deleted or fails on its own: the call goes on past a
   * failed key, and if any failed throws {@link BulkDeleteException} naming them (every other key was
   * deleted). Not atomic: a reader may see some keys gone and others not yet.
   *
   * <p>The default deletes the keys one by one; stores with a bulk request override it.
   *
   * @throws IllegalArgumentException if more than {@value #MAX_DELETE_KEYS} keys are given
   * @throws InvalidKeyException if a key is invalid (nothing was deleted)
   * @throws BulkDeleteException if some keys could not be deleted
   */
  default void deleteAll(Collection<String> keys) {
    List<String> all = new ArrayList<>(keys);
    if (all.size() > MAX_DELETE_KEYS) {
      throw new IllegalArgumentException(
          "deleteAll takes at most " + MAX_DELETE_KEYS + " keys a call, was given " + all.size()
              + " (first '" + all.get(0) + "'); split them into batches");
    }
    all.forEach(ObjectKeys::validateKey);
    Map<String, StoreException> failures = new LinkedHashMap<>();
    for (String key : all) {
      try {
        delete(key);
      } catch (StoreException e) {
        failures.putIfAbsent(key, e);
      }
    }
    if (!failures.isEmpty()) {
      throw new BulkDeleteException(failures);
    }
  }

  /** Every key under {@code prefix}, page by page, in order (one {@link #list(ListRequest)} a page). */
  default Iterable<ObjectInfo> listAll(String prefix) {
    ListRequest request = ListRequest.of(prefix);
    return () -> new ListingIterator(this, request);
  }

  /** Whether {@code key} exists. */
  default boolean exists(String key) {
    return stat(key).isPresent();
  }
}
