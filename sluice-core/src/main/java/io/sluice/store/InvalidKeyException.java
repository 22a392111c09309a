package io.sluice.store;

/**
 * A key or prefix that breaks the rules of {@link ObjectKeys} (or a store's own stricter limit, such as
 * a file system's length of one name): empty, absolute, with {@code ..} segments or control characters,
 * or too long. Final: {@link #retryable()} is false.
 */
public class InvalidKeyException extends StoreException {
  /**
   * @param key the key or prefix that was refused
   * @param why which rule it breaks, and where
   */
  public InvalidKeyException(String key, String why) {
    super("Invalid object key '" + printable(key) + "': " + why, null, false);
  }

  private static String printable(String key) {
    return key == null ? "null" : key.replace("\0", "\\0");
  }
}
