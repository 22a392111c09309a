package io.sluice.internal;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.IntNode;
import io.sluice.local.store.FileSystemObjectStore;
import io.sluice.run.AttemptRecord;
import io.sluice.run.CommitRecord;
import io.sluice.run.GroupManifest;
import io.sluice.run.GroupResult;
import io.sluice.run.PlannedTask;
import io.sluice.run.RunLayout;
import io.sluice.store.ListRequest;
import io.sluice.store.ForwardingObjectStore;
import io.sluice.store.ObjectListing;
import io.sluice.store.ObjectStore;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BatchLedgerTest {
  @TempDir Path dir;

  /** Counts reads of commit records and listings; everything else goes to the real directory store. */
  static final class CountingStore extends ForwardingObjectStore {
    final AtomicInteger commitReads = new AtomicInteger();
    final AtomicInteger lists = new AtomicInteger();

    CountingStore(ObjectStore store) {
      super(store);
    }

    @Override
    public byte[] get(String key) {
      if (key.contains("/commits/")) {
        commitReads.incrementAndGet();
      }
      return delegate().get(key);
    }

    @Override
    public ObjectListing list(ListRequest request) {
      lists.incrementAndGet();
      return delegate().list(request);
    }
  }

  static CommitRecord record(String id, Integer continuation) {
    return new CommitRecord(id, null, 0, 1, Map.of(), null, continuation == null ? null : IntNode.valueOf(continuation), 0, 0,
        0, "test", 0, 0);
  }

  static void commit(ObjectStore store, RunLayout.Batch batch, String id, Integer continuation) {
    store.putIfAbsent(batch.commit(id), Json.bytes(record(id, continuation)));
  }

  static void claim(ObjectStore store, RunLayout.Batch batch, String id, int attempt) {
    store.putIfAbsent(batch.attempt(id, 0, attempt), Json.bytes(new AttemptRecord(id, 0, attempt, "running", null, null, "t")));
  }

  static PlannedTask task(String id) {
    return new PlannedTask(id, IntNode.valueOf(id.hashCode()), null, null, 0);
  }

  /** What an executor writes at the end of round {@code round}, group 0. */
  static void result(ObjectStore store, RunLayout.Batch batch, int round, List<GroupResult.TaskReport> reports) {
    store.put(batch.groupResult(round, 0), Json.bytes(new GroupResult("s", round, 0, 0, "t", reports)));
  }

  @Test
  void aRoundIsLearntFromItsGroupResultsWithoutListingOrReadingCommits() {
    CountingStore store = new CountingStore(new FileSystemObjectStore(dir));
    RunLayout.Batch batch = new RunLayout("r").batch(0, "s", 0);
    BatchLedger first = new BatchLedger(store, batch);
    first.update(0, 0, 0); // before the first round: nothing committed, nothing tried
    assertThat(first.commits()).isEmpty();

    commit(store, batch, "a", null);
    commit(store, batch, "b", 42);
    claim(store, batch, "a", 1);
    claim(store, batch, "b", 1);
    claim(store, batch, "c", 1);
    claim(store, batch, "c", 2);
    result(store, batch, 1, List.of(new GroupResult.TaskReport("a", 1, record("a", null)),
        new GroupResult.TaskReport("b", 1, record("b", 42)), new GroupResult.TaskReport("c", 2, null)));
    int listsBefore = store.lists.get();

    BatchLedger next = new BatchLedger(store, batch);
    next.update(0, 1, 1);
    assertThat(next.commits()).containsOnlyKeys("a", "b");
    assertThat(next.commits().get("b").continuation().asInt()).isEqualTo(42);
    assertThat(next.attempts()).containsEntry("a", 1).containsEntry("c", 2);
    assertThat(store.commitReads).hasValue(0);
    assertThat(store.lists.get()).isEqualTo(listsBefore);

    // Read again (a retried step): nothing changes.
    BatchLedger again = new BatchLedger(store, batch);
    again.update(0, 1, 1);
    assertThat(again.commits()).isEqualTo(next.commits());
    assertThat(again.attempts()).isEqualTo(next.attempts());
  }

  @Test
  void aGroupWhoseExecutorDiedIsCheckedTaskByTask() {
    CountingStore store = new CountingStore(new FileSystemObjectStore(dir));
    RunLayout.Batch batch = new RunLayout("r").batch(0, "s", 0);
    new BatchLedger(store, batch).update(0, 0, 0);
    store.put(batch.groupManifest(1, 0), Json.bytes(new GroupManifest("s", 0, 0, 0, 1, 0, List.of(task("a"), task("b")))));
    claim(store, batch, "a", 1);
    commit(store, batch, "a", null);
    claim(store, batch, "b", 1); // claimed, then the executor died: counts as an attempt

    BatchLedger ledger = new BatchLedger(store, batch);
    ledger.update(0, 1, 1);
    assertThat(ledger.commits()).containsOnlyKeys("a");
    assertThat(ledger.attempts()).containsEntry("a", 1).containsEntry("b", 1);
  }

  @Test
  void aLostOrGarbageLedgerIsRebuiltFromTheCommitsAndAttempts() {
    CountingStore store = new CountingStore(new FileSystemObjectStore(dir));
    RunLayout.Batch batch = new RunLayout("r").batch(0, "s", 0);
    commit(store, batch, "a", null);
    commit(store, batch, "d", 7);
    claim(store, batch, "c", 1);

    store.put(batch.ledgerCache(), "{\"commits\": tru".getBytes(StandardCharsets.UTF_8));
    BatchLedger ledger = new BatchLedger(store, batch);
    ledger.update(0, 0, 0);
    assertThat(ledger.commits()).containsOnlyKeys("a", "d");
    assertThat(ledger.commits().get("d").continuation().asInt()).isEqualTo(7);
    assertThat(ledger.attempts()).containsEntry("c", 1);

    store.delete(batch.ledgerCache());
    BatchLedger rebuilt = new BatchLedger(store, batch);
    rebuilt.update(0, 0, 0);
    assertThat(rebuilt.commits()).containsOnlyKeys("a", "d");
  }

  @Test
  void continuationsFollowTheirTaskInPlanOrder() {
    List<PlannedTask> planned = List.of(task("a"), task("b"));
    List<PlannedTask> all = BatchLedger.withContinuations(planned, Map.of("a", record("a", 5)));
    assertThat(all).hasSize(3);
    assertThat(all.get(0).id()).isEqualTo("a");
    assertThat(all.get(1).parent()).isEqualTo("a");
    assertThat(all.get(1).position().asInt()).isEqualTo(5);
    assertThat(all.get(2).id()).isEqualTo("b");
  }

  @Test
  void aCommitRecordWrittenBeforeRequestsWereCountedGivesMetricsWithNoneAndANewOneItsCounts() {
    RunLayout.Batch batch = new RunLayout("old").batch(0, "s", 0);
    new BatchLedger(store(), batch).plan(List.of(task("a"), task("b")));
    // "a" as an executor wrote it before readRequests and objectsWritten existed.
    store().put(batch.commit("a"), ("{\"taskId\":\"a\",\"position\":null,\"epoch\":0,\"attempt\":1,\"outputs\":{},"
        + "\"summary\":null,\"continuation\":null,\"bytesIn\":12,\"bytesOut\":3,\"millis\":5,\"executor\":\"t\"}")
        .getBytes(StandardCharsets.UTF_8));
    store().put(batch.commit("b"), Json.bytes(new CommitRecord("b", null, 0, 2, Map.of(), null, null, 7, 8, 9, "t", 4, 1)));
    List<io.sluice.TaskResult> results = new BatchLedger(store(), batch).results();
    assertThat(results).extracting(io.sluice.TaskResult::metrics).containsExactly(
        new io.sluice.TaskMetrics(1, 12, 3, 5, 0, 0), new io.sluice.TaskMetrics(2, 7, 8, 9, 4, 1));
  }

  private ObjectStore store() {
    return new FileSystemObjectStore(dir);
  }
}
