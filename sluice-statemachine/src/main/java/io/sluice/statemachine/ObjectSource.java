package io.sluice.statemachine;

import java.util.List;
import java.util.NoSuchElementException;

/**
 * The object store as a Distributed Map sees it: {@code ItemReader} lists and reads objects, {@code
 * ResultWriter} writes them. Buckets and keys are S3's.
 */
public interface ObjectSource {
  /** Keys under {@code prefix} in lexicographic order. */
  List<String> list(String bucket, String prefix);

  /**
   * The objects under {@code prefix} in lexicographic key order, with what the source knows of each:
   * what an {@code s3:listObjectsV2} item reader turns into items. The default knows only the keys (from
   * {@link #list}); sources that know sizes, times or entity tags should override it.
   */
  default List<ObjectSummary> listObjects(String bucket, String prefix) {
    return list(bucket, prefix).stream().map(ObjectSummary::ofKey).toList();
  }

  /** The object's bytes; {@link NoSuchElementException} if there is none. */
  byte[] get(String bucket, String key);

  void put(String bucket, String key, byte[] content);

  /** An ObjectSource with no objects at all: readers fail with States.ItemReaderFailed. */
  static ObjectSource none() {
    return new ObjectSource() {
      @Override
      public List<String> list(String bucket, String prefix) {
        throw new NoSuchElementException("no object store is configured (bucket " + bucket + ")");
      }

      @Override
      public byte[] get(String bucket, String key) {
        throw new NoSuchElementException("no object store is configured (s3://" + bucket + "/" + key + ")");
      }

      @Override
      public void put(String bucket, String key, byte[] content) {
        throw new UnsupportedOperationException("no object store is configured (s3://" + bucket + "/" + key + ")");
      }
    };
  }
}
