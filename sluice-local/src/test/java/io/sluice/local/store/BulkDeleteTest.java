package io.sluice.local.store;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sluice.store.AccessDeniedException;
import io.sluice.store.BulkDeleteException;
import io.sluice.store.ListRequest;
import io.sluice.store.ObjectInfo;
import io.sluice.store.ObjectListing;
import io.sluice.store.ObjectStore;
import io.sluice.store.ObjectWriter;
import io.sluice.store.StoreException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What {@link ObjectStore#deleteAll} does when some keys fail: the others go, the failures are named. */
class BulkDeleteTest {
  @TempDir Path dir;

  /**
   * The directory store, except that deleting the keys of {@code failures} fails as given. Not a
   * ForwardingObjectStore, which would pass deleteAll on whole: this test is of the SPI's default
   * deleteAll, which deletes key by key.
   */
  record FailingDeletes(ObjectStore store, Map<String, StoreException> failures) implements ObjectStore {
    @Override
    public void delete(String key) {
      StoreException failure = failures.get(key);
      if (failure != null) {
        throw failure;
      }
      store.delete(key);
    }

    @Override
    public void put(String key, byte[] content) {
      store.put(key, content);
    }

    @Override
    public boolean putIfAbsent(String key, byte[] content) {
      return store.putIfAbsent(key, content);
    }

    @Override
    public ObjectWriter create(String key) {
      return store.create(key);
    }

    @Override
    public byte[] get(String key) {
      return store.get(key);
    }

    @Override
    public InputStream open(String key) {
      return store.open(key);
    }

    @Override
    public InputStream openRange(String key, long offset, long length, String ifMatch) {
      return store.openRange(key, offset, length, ifMatch);
    }

    @Override
    public Optional<ObjectInfo> stat(String key) {
      return store.stat(key);
    }

    @Override
    public ObjectListing list(ListRequest request) {
      return store.list(request);
    }
  }

  @Test
  void aFailedKeyDoesNotStopTheOthersAndAllFailuresAreNamed() {
    FileSystemObjectStore disk = new FileSystemObjectStore(dir);
    List.of("a", "b", "c", "d").forEach(k -> disk.put(k, k.getBytes(UTF_8)));
    StoreException throttled = new StoreException("SlowDown on 'b'");
    StoreException denied = new AccessDeniedException("d", "AccessDenied on 'd'", null);
    ObjectStore store = new FailingDeletes(disk, Map.of("b", throttled, "d", denied));

    assertThatThrownBy(() -> store.deleteAll(List.of("a", "b", "c", "d", "missing")))
        .isInstanceOfSatisfying(BulkDeleteException.class, e -> {
          assertThat(e.failures()).containsExactly(Map.entry("b", throttled), Map.entry("d", denied));
          assertThat(e.retryable()).as("one failure is final").isFalse();
        })
        .hasMessageContaining("2 objects")
        .hasMessageContaining("'b'");
    assertThat(disk.exists("a")).isFalse();
    assertThat(disk.exists("b")).isTrue();
    assertThat(disk.exists("c")).isFalse();
    assertThat(disk.exists("d")).isTrue();
  }

  @Test
  void aBulkDeleteWhoseFailuresAreAllRetryableIsRetryable() {
    FileSystemObjectStore disk = new FileSystemObjectStore(dir);
    disk.put("a", new byte[0]);
    ObjectStore store = new FailingDeletes(disk, Map.of("a", new StoreException("connection reset")));

    assertThatThrownBy(() -> store.deleteAll(List.of("a")))
        .isInstanceOfSatisfying(BulkDeleteException.class, e -> assertThat(e.retryable()).isTrue());
  }
}
