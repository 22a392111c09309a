package io.sluice.statemachine;

import java.time.Instant;
import java.util.Objects;

/**
 * One object of a listing, as S3's {@code ListObjectsV2} describes it. A Distributed Map whose {@code
 * ItemReader} is {@code arn:aws:states:::s3:listObjectsV2} gets one item per summary, shaped as AWS shapes
 * it: {@code {"Etag": "\"<md5>\"", "Key": ..., "LastModified": <epoch seconds>, "Size": <bytes>,
 * "StorageClass": "STANDARD"}}. Fields the source does not know are null and left out of the item.
 *
 * @param key the object's key (never null)
 * @param size its length in bytes, or null if unknown
 * @param lastModified when it was last written, or null if unknown (items carry it in whole epoch seconds)
 * @param etag its entity tag as S3 gives it, quotes included (for a single-part upload, the hex MD5 of the
 *     content in double quotes), or null if unknown
 * @param storageClass its storage class ({@code STANDARD}, ...), or null if unknown
 */
public record ObjectSummary(String key, Long size, Instant lastModified, String etag, String storageClass) {
  public ObjectSummary {
    Objects.requireNonNull(key, "key");
  }

  /** A summary that knows only the key. */
  public static ObjectSummary ofKey(String key) {
    return new ObjectSummary(key, null, null, null, null);
  }
}
