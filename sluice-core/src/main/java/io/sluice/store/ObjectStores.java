package io.sluice.store;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.ServiceLoader;

/**
 * Opens a {@link StoreLocation} from a URI through the {@link ObjectStoreProvider}s on the class path.
 *
 * <ul>
 *   <li>{@code s3://bucket/some/prefix}: the S3 store of {@code sluice-aws};
 *   <li>{@code file:/abs/dir} or a plain path ({@code data/in}, {@code /tmp/x}): a directory store of
 *       {@code sluice-local} rooted at that directory.
 * </ul>
 *
 * Each call opens a new store: callers that open one location often keep the result.
 */
public final class ObjectStores {
  private ObjectStores() {}

  /** Opens {@code location} with no options. */
  public static StoreLocation open(String location) {
    return open(location, Map.of());
  }

  /**
   * Opens {@code location}.
   *
   * @throws IllegalArgumentException if the location is malformed or no provider on the class path
   *     opens its scheme (the message lists the schemes that can be opened)
   */
  public static StoreLocation open(String location, Map<String, String> options) {
    URI uri = toUri(location);
    String scheme = uri.getScheme().toLowerCase(Locale.ROOT);
    List<String> known = new ArrayList<>();
    for (ObjectStoreProvider p : ServiceLoader.load(ObjectStoreProvider.class, ObjectStores.class.getClassLoader())) {
      if (p.scheme().equals(scheme)) {
        return p.open(uri, options);
      }
      known.add(p.scheme());
    }
    throw new IllegalArgumentException("No object store opens '" + location + "': nothing on the class path handles the scheme '"
        + scheme + ":'" + (known.isEmpty() ? "" : " (known: " + String.join(", ", known) + ")")
        + ("s3".equals(scheme) ? "; add the sluice-aws module" : ""));
  }

  /** {@code location} as an absolute URI: a plain path (no scheme) becomes a {@code file:} URI. */
  public static URI toUri(String location) {
    if (location == null || location.isBlank()) {
      throw new IllegalArgumentException("A store location must not be empty: give a directory or a URI such as s3://bucket/prefix");
    }
    int colon = location.indexOf(':');
    int slash = location.indexOf('/');
    boolean hasScheme = colon > 1 && (slash < 0 || colon < slash); // "C:" stays a path
    if (!hasScheme) {
      return Path.of(location).toAbsolutePath().normalize().toUri();
    }
    try {
      return new URI(location);
    } catch (URISyntaxException e) {
      throw new IllegalArgumentException("Store location '" + location + "' is not a valid URI: " + e.getMessage(), e);
    }
  }
}
