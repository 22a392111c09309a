package io.sluice.store;

import java.time.Instant;
import java.util.Objects;

/**
 * What a listing or stat tells about one version of an object.
 *
 * @param key the object's key
 * @param size its length in bytes
 * @param lastModified when this version was written
 * @param etag the version's entity tag, opaque and as the store gives it (S3: in double quotes): it
 *     changes whenever the object is replaced, so pass it to {@link ObjectStore#openRange(String, long,
 *     long, String)} to read this version and no other. Not necessarily a hash of the content.
 */
public record ObjectInfo(String key, long size, Instant lastModified, String etag) {
  /** Checks that every field is present and the size is not negative. */
  public ObjectInfo {
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(lastModified, () -> "lastModified of object '" + key + "'");
    Objects.requireNonNull(etag, () -> "etag of object '" + key + "'");
    if (size < 0) {
      throw new IllegalArgumentException("Size of object '" + key + "' must not be negative, was " + size);
    }
  }
}
