package io.sluice.store;

/**
 * The store cannot hold this key because of an object or prefix that already exists.
 *
 * <p>S3 lets {@code a} and {@code a/b} exist side by side; a file system cannot, since {@code a} would
 * have to be a file and a directory at once. {@code FileSystemObjectStore} (sluice-local) refuses the second of the
 * two with this exception rather than mangle its on-disk layout (see its class documentation). Added
 * to the SPI's exceptions so that callers can tell this condition from an I/O failure; stores that
 * follow S3 exactly never throw it. Final: {@link #retryable()} is false.
 */
public class KeyConflictException extends StoreException {
  private final String key;
  private final String conflictingKey;

  /**
   * @param key the key that was being written
   * @param conflictingKey the existing object, or the existing prefix (ending with {@code /}), in the
   *     way
   */
  public KeyConflictException(String key, String conflictingKey) {
    super(message(key, conflictingKey), null, false);
    this.key = key;
    this.conflictingKey = conflictingKey;
  }

  /** The key that was being written. */
  public String key() {
    return key;
  }

  /** The existing object, or prefix ending with {@code /}, that the key collides with. */
  public String conflictingKey() {
    return conflictingKey;
  }

  private static String message(String key, String conflictingKey) {
    if (conflictingKey.endsWith("/")) {
      return "Cannot write object '" + key + "': objects already exist under the prefix '" + conflictingKey
          + "', and this store cannot hold an object and a prefix of the same name; delete them or choose"
          + " another key";
    }
    return "Cannot write object '" + key + "': '" + conflictingKey + "' is an object, and this store"
        + " cannot hold an object and a prefix of the same name; delete it or choose another key";
  }
}
