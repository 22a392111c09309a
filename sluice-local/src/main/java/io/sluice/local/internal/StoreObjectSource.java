package io.sluice.local.internal;

import io.sluice.runtime.S3Address;
import io.sluice.statemachine.ObjectSource;
import io.sluice.statemachine.ObjectSummary;
import io.sluice.store.ObjectInfo;
import io.sluice.store.ObjectNotFoundException;
import io.sluice.store.ObjectStore;
import java.util.ArrayList;
import java.util.List;
import java.util.NoSuchElementException;

/**
 * The local store as Distributed Map item readers and result writers see S3: every bucket name maps
 * to the top-level folder of that name in the store ({@link #addressOf} the other way round).
 *
 * <p>Listings ({@code s3:listObjectsV2} item readers) give each object's key, size, last-modified time
 * and {@code Etag} from the store, and storage class {@code STANDARD} (the store has no other). The ETag
 * is the store's version tag, quoted as S3 quotes it: on the directory store it is derived from the
 * file, not an MD5 of the content, so it tells versions apart but cannot be compared with S3's.
 */
public record StoreObjectSource(ObjectStore store) implements ObjectSource {
  /**
   * Where a Distributed Map reading this source finds the store's object {@code key}: the bucket is
   * its top-level folder, the key the rest ({@code runs/r-1/x.json} is {@code s3://runs/r-1/x.json}).
   *
   * @throws IllegalArgumentException if the key is not in a folder (no bucket would hold it)
   */
  public static S3Address addressOf(String key) {
    int slash = key.indexOf('/');
    if (slash <= 0 || slash == key.length() - 1) {
      throw new IllegalArgumentException("Key '" + key + "' is not inside a top-level folder, so no bucket of the local"
          + " interpreter holds it");
    }
    return new S3Address(key.substring(0, slash), key.substring(slash + 1));
  }

  @Override
  public List<String> list(String bucket, String prefix) {
    String root = bucket + "/";
    List<String> keys = new ArrayList<>();
    for (ObjectInfo o : store.listAll(root + (prefix == null ? "" : prefix))) {
      keys.add(o.key().substring(root.length()));
    }
    return keys;
  }

  @Override
  public List<ObjectSummary> listObjects(String bucket, String prefix) {
    String root = bucket + "/";
    List<ObjectSummary> objects = new ArrayList<>();
    for (ObjectInfo o : store.listAll(root + (prefix == null ? "" : prefix))) {
      objects.add(new ObjectSummary(o.key().substring(root.length()), o.size(), o.lastModified(), o.etag(), "STANDARD"));
    }
    return objects;
  }

  @Override
  public byte[] get(String bucket, String key) {
    try {
      return store.get(bucket + "/" + key);
    } catch (ObjectNotFoundException e) {
      throw new NoSuchElementException("s3://" + bucket + "/" + key + " does not exist");
    }
  }

  @Override
  public void put(String bucket, String key, byte[] content) {
    store.put(bucket + "/" + key, content);
  }
}
