package io.sluice.runtime;

import java.util.Objects;

/**
 * An object as Step Functions' S3 integrations address it: a bucket and a key (what a Distributed
 * Map's {@code ItemReader} is given as {@code Bucket} and {@code Key}).
 *
 * @param bucket the bucket's name
 * @param key the object's full key in the bucket
 */
public record S3Address(String bucket, String key) {
  public S3Address {
    Objects.requireNonNull(bucket, "bucket");
    Objects.requireNonNull(key, "key");
    if (bucket.isEmpty() || key.isEmpty()) {
      throw new IllegalArgumentException("An S3 address needs a bucket and a key, got bucket '" + bucket + "', key '" + key
          + "'");
    }
  }

  @Override
  public String toString() {
    return "s3://" + bucket + "/" + key;
  }
}
