package io.sluice.runtime;

import java.util.Objects;

/**
 * Where the state machine finds an object of the run's store: the {@link S3Address} of a store key
 * as the platform's S3 integrations see it. The Driver writes a Distributed Map round's items as one
 * object and hands the loop only its address, so that the map's {@code ItemReader} reads them.
 *
 * <p>On AWS the store is an S3 bucket under a key prefix ({@link #bucket}); the local runtime's
 * interpreter sees each top-level folder of its store as a bucket.
 */
@FunctionalInterface
public interface S3Addressing {
  /**
   * The address of {@code key} (a key of the store).
   *
   * @throws IllegalArgumentException if the key has no address in this addressing
   */
  S3Address of(String key);

  /** A store kept in {@code bucket} under {@code prefix} ({@code ""} or ending with {@code /}). */
  static S3Addressing bucket(String bucket, String prefix) {
    Objects.requireNonNull(bucket, "bucket");
    String p = prefix == null ? "" : prefix;
    if (!p.isEmpty() && !p.endsWith("/")) {
      throw new IllegalArgumentException("A store's key prefix is empty or ends with '/', got '" + p + "'");
    }
    return key -> new S3Address(bucket, p + key);
  }
}
