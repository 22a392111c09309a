package io.sluice.store;

import java.net.URI;
import java.util.Objects;

/**
 * A place in an object store named by a URI: the store, and the key prefix under which the place's
 * objects live ({@code ""} for the store's root, else ending in {@code /}).
 *
 * <pre>{@code
 * StoreLocation in = ObjectStores.open("s3://my-bucket/landing/orders");
 * for (ObjectInfo o : in.store().listAll(in.prefix())) { ... in.relative(o.key()) ... }
 * }</pre>
 *
 * @param uri the location as given, normalized (a plain path became a {@code file:} URI)
 * @param store the store that holds it
 * @param prefix the key prefix of the location in {@code store}: empty, or ending in {@code /}
 */
public record StoreLocation(URI uri, ObjectStore store, String prefix) {
  public StoreLocation {
    Objects.requireNonNull(uri, "uri");
    Objects.requireNonNull(store, "store");
    Objects.requireNonNull(prefix, "prefix");
    if (!prefix.isEmpty() && !prefix.endsWith("/")) {
      throw new IllegalArgumentException("A location's prefix is empty or ends in '/': '" + prefix + "' (" + uri + ")");
    }
  }

  /** The key of {@code relative} (a key below this location) in {@link #store()}. */
  public String key(String relative) {
    Objects.requireNonNull(relative, "relative");
    return prefix + relative;
  }

  /** The part of {@code key} (a key of {@link #store()} under {@link #prefix()}) below this location. */
  public String relative(String key) {
    if (!key.startsWith(prefix)) {
      throw new IllegalArgumentException("Key '" + key + "' is not under " + uri + " (prefix '" + prefix + "')");
    }
    return key.substring(prefix.length());
  }

  /** A location below this one: {@code resolve("year=2024/")}. */
  public StoreLocation resolve(String relativePrefix) {
    String p = relativePrefix.isEmpty() || relativePrefix.endsWith("/") ? relativePrefix : relativePrefix + "/";
    String base = uri.toString();
    return new StoreLocation(URI.create(base.endsWith("/") ? base + p : base + "/" + p), store, prefix + p);
  }

  @Override
  public String toString() {
    return uri.toString();
  }
}
