package io.sluice.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.Job;
import io.sluice.local.LocalRuntime;
import io.sluice.local.ProgressListener;
import io.sluice.local.RunResult;
import io.sluice.local.store.FileSystemObjectStore;
import io.sluice.store.ForwardingObjectStore;
import io.sluice.store.ObjectStore;
import io.sluice.store.StoreException;
import io.sluice.table.TableManifest;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A driver that dies after the convert stage's completion committed the table but before its own
 * decision was recorded is called again, and the completion runs again: it must find the commit done,
 * not publish the (by then cleaned up) empty list of pending files over the table.
 */
class ConvertCompletionCrashTest {
  @TempDir Path dir;

  /** Fails the first driver-state write after the table's report appears (a crash between the two). */
  static final class CrashAfterCommit extends ForwardingObjectStore {
    final AtomicBoolean armed = new AtomicBoolean();
    final AtomicInteger crashes = new AtomicInteger();

    CrashAfterCommit(ObjectStore delegate) {
      super(delegate);
    }

    @Override
    public void put(String key, byte[] content) {
      super.put(key, content);
      if (key.contains("/_sluice/reports/") && crashes.get() == 0) {
        armed.set(true);
      }
    }

    @Override
    public boolean putIfAbsent(String key, byte[] content) {
      if (key.contains("/driver/") && armed.compareAndSet(true, false)) {
        crashes.incrementAndGet();
        throw new StoreException("injected: the driver's process died before recording its decision");
      }
      return super.putIfAbsent(key, content);
    }
  }

  @Test
  void aCompletionRunAgainAfterItCommittedKeepsTheTable() throws Exception {
    Path storeDir = dir.resolve("store");
    ObjectStore files = new FileSystemObjectStore(storeDir);
    PipelineTest.Input input = PipelineTest.writeOrders(files, "input/orders/", 3, 1500, 0, 7);
    for (boolean merging : new boolean[] {false, true}) {
      CrashAfterCommit store = new CrashAfterCommit(files);
      String table = "tables/orders-" + merging + "/";
      Sink sink = merging ? Sink.parquet(table).partitionBy("tenant") : Sink.parquet(table); // merging: several tasks per partition
      Job job = Pipeline.read(Source.csv("input/orders/").schema(PipelineTest.SCHEMA).chunkBytes(16 << 10)).write(sink)
          .toJob("orders");
      RunResult r;
      try (LocalRuntime runtime = LocalRuntime.builder(job).store(store).build()) {
        r = runtime.run("crash-" + merging, Map.of(), ProgressListener.none());
      }
      assertThat(r.succeeded()).as("%s: %s", r.error(), r.cause()).isTrue();
      assertThat(store.crashes.get()).as("the injected crash happened").isEqualTo(1);
      assertThat(new TableManifest(files, table).latestOrFail().rows()).as("rows in the table after the repeated completion")
          .isEqualTo(input.rows());
    }
  }
}
