package io.sluice.internal;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.IntNode;
import io.sluice.local.store.FileSystemObjectStore;
import io.sluice.store.ListRequest;
import io.sluice.store.ObjectInfo;
import io.sluice.store.ObjectListing;
import io.sluice.store.ObjectStore;
import io.sluice.store.ObjectWriter;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BatchLedgerTest {
  @TempDir Path dir;

  /** Counts reads of commit records; everything else goes to the real directory store. */
  static final class CountingStore implements ObjectStore {
    final ObjectStore store;
    final AtomicInteger commitReads = new AtomicInteger();

    CountingStore(ObjectStore store) {
      this.store = store;
    }

    @Override
    public byte[] get(String key) {
      if (key.contains("/commits/")) {
        commitReads.incrementAndGet();
      }
      return store.get(key);
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

    @Override
    public void delete(String key) {
      store.delete(key);
    }
  }

  static void commit(ObjectStore store, RunLayout.Batch batch, String id, Integer continuation) {
    store.putIfAbsent(batch.commit(id), Json.bytes(new CommitRecord(id, IntNode.valueOf(1), null, 0, 1, Map.of(), null,
        continuation == null ? null : IntNode.valueOf(continuation), 0, 0, 0, "test")));
  }

  @Test
  void eachCommitRecordIsReadOnceAcrossRounds() {
    CountingStore store = new CountingStore(new FileSystemObjectStore(dir));
    RunLayout.Batch batch = new RunLayout("r").batch(0, "s", 0);
    commit(store, batch, "a", null);
    commit(store, batch, "b", 42);
    commit(store, batch, "c", null);

    Map<String, CommitRecord> first = new BatchLedger(store, batch).commits();
    assertThat(first).containsOnlyKeys("a", "b", "c");
    assertThat(first.get("a").continuation() == null || first.get("a").continuation().isNull()).isTrue();
    assertThat(first.get("b").continuation().asInt()).isEqualTo(42);
    assertThat(store.commitReads).hasValue(3);

    // The next round (a new driver invocation) reads nothing it has read before.
    assertThat(new BatchLedger(store, batch).commits()).isEqualTo(first);
    assertThat(store.commitReads).hasValue(3);

    commit(store, batch, "d", 7);
    assertThat(new BatchLedger(store, batch).commits()).containsOnlyKeys("a", "b", "c", "d");
    assertThat(store.commitReads).hasValue(4);

    // The cache is derived data: lost, it is rebuilt from the commits.
    store.delete(batch.ledgerCache());
    assertThat(new BatchLedger(store, batch).commits().get("d").continuation().asInt()).isEqualTo(7);
  }
}
