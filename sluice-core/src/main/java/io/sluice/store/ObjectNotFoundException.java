package io.sluice.store;

/** The key names no object. */
public class ObjectNotFoundException extends StoreException {
  private final String key;

  public ObjectNotFoundException(String key) {
    super("No object at key '" + key + "'");
    this.key = key;
  }

  public String key() {
    return key;
  }
}
