package io.sluice.local.store;

import io.sluice.store.ObjectStoreProvider;
import io.sluice.store.StoreLocation;
import java.net.URI;
import java.nio.file.Path;
import java.util.Map;

/** Opens {@code file:} locations as {@link FileSystemObjectStore}s rooted at the directory. */
public final class FileStoreProvider implements ObjectStoreProvider {
  @Override
  public String scheme() {
    return "file";
  }

  @Override
  public StoreLocation open(URI location, Map<String, String> options) {
    if (!"file".equalsIgnoreCase(location.getScheme())) {
      throw new IllegalArgumentException("Not a file: location: " + location);
    }
    Path dir = Path.of(location).toAbsolutePath().normalize();
    if (java.nio.file.Files.isRegularFile(dir)) {
      throw new IllegalArgumentException("Location " + location + " is a file; a store location is a directory");
    }
    return new StoreLocation(dir.toUri(), new FileSystemObjectStore(dir), "");
  }
}
