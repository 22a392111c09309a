package io.sluice.local.store;

import io.sluice.store.ForwardingObjectStore;
import io.sluice.store.ObjectStore;
import io.sluice.store.ObjectStoreContract;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/** A decorator that overrides nothing is the store it wraps: it passes the whole contract. */
class ForwardingObjectStoreTest extends ObjectStoreContract {
  @TempDir Path dir;

  @Override
  protected ObjectStore newStore() {
    return new ForwardingObjectStore(new FileSystemObjectStore(dir.resolve("store"))) {};
  }

  @Override
  protected boolean objectsAndPrefixesMayShareAName() {
    return false;
  }

  @Override
  protected void assertNothingStaged() throws IOException {
    try (Stream<Path> walk = Files.walk(dir.resolve("store").resolve(FileSystemObjectStore.TEMP_AREA))) {
      assertThat(walk.filter(Files::isRegularFile).toList()).isEmpty();
    }
  }
}
