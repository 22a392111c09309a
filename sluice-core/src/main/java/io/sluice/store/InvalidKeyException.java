package io.sluice.store;

/** A key that is empty, absolute, contains {@code ..} segments or control characters, or is too long. */
public class InvalidKeyException extends StoreException {
  public InvalidKeyException(String key, String why) {
    super("Invalid object key '" + printable(key) + "': " + why);
  }

  private static String printable(String key) {
    return key == null ? "null" : key.replace("\0", "\\0");
  }
}
