package io.sluice.local.dedup;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sluice.dedup.Claim;
import io.sluice.dedup.DedupException;
import io.sluice.dedup.DedupStore;
import io.sluice.dedup.DedupStoreContract;
import io.sluice.dedup.ObjectStoreDedupStore;
import io.sluice.local.store.FileSystemObjectStore;
import io.sluice.store.ObjectInfo;
import io.sluice.time.ManualClock;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The object-store dedup store, on the directory store (its create-if-absent is an atomic link). */
class ObjectStoreDedupStoreTest extends DedupStoreContract {
  @TempDir Path dir;

  private FileSystemObjectStore objects;

  @Override
  protected DedupStore newStore(ManualClock clock) {
    objects = new FileSystemObjectStore(dir.resolve("store"));
    return new ObjectStoreDedupStore(objects, "_dedup/", clock);
  }

  private List<String> keysUnder(String prefix) {
    List<String> keys = new ArrayList<>();
    for (ObjectInfo info : objects.listAll(prefix)) {
      keys.add(info.key());
    }
    return keys;
  }

  @Test
  void aKeysLogStaysShortHoweverOftenItChanges() {
    for (int i = 0; i < 20; i++) {
      store.begin("busy-key", "a" + i, Duration.ofMinutes(1));
      store.release("busy-key", "a" + i);
    }
    List<String> entries = keysUnder("_dedup/");
    assertThat(entries).hasSizeLessThanOrEqualTo(3).allMatch(k -> k.startsWith("_dedup/k-busy-key/"));
    assertThat(store.begin("busy-key", "last", Duration.ofMinutes(1)).status()).isEqualTo(Claim.Status.ACQUIRED);
  }

  @Test
  void aCorruptRecordIsReportedWithItsKeyAndNothingIsOverwritten() {
    store.begin("k", "a1", Duration.ofMinutes(1));
    String entry = keysUnder("_dedup/").get(0);
    objects.put(entry, "{not json".getBytes(UTF_8));

    assertThatThrownBy(() -> store.begin("k", "a2", Duration.ofMinutes(1)))
        .isInstanceOf(DedupException.class)
        .hasMessageContaining(entry)
        .hasMessageContaining("corrupt")
        .satisfies(e -> assertThat(((DedupException) e).retryable()).isFalse());
    assertThat(new String(objects.get(entry), UTF_8)).isEqualTo("{not json");
  }
}
