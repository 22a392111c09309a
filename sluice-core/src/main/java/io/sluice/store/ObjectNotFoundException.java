package io.sluice.store;

/**
 * The key names no object (S3: 404 {@code NoSuchKey}). Final: {@link #retryable()} is false. A pinned
 * read of an object that was deleted since it was stat'ed fails with this exception too, as on S3.
 */
public class ObjectNotFoundException extends StoreException {
  private final String key;

  /** @param key the key that names no object */
  public ObjectNotFoundException(String key) {
    super("No object at key '" + key + "'", null, false);
    this.key = key;
  }

  /** The key that names no object. */
  public String key() {
    return key;
  }
}
