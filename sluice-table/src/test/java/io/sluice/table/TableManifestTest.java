package io.sluice.table;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sluice.local.store.FileSystemObjectStore;
import io.sluice.record.Row;
import io.sluice.store.ObjectStore;
import io.sluice.table.TableManifest.Change;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The manifest protocol over the directory store: versions, conflicts, re-application, symlinks, vacuum. */
class TableManifestTest {
  static final String TABLE = "tables/orders/";

  @TempDir Path dir;
  ObjectStore store;
  TableManifest manifest;

  @BeforeEach
  void setUp() {
    store = new FileSystemObjectStore(dir);
    manifest = new TableManifest(store, TABLE);
  }

  @Test
  void createThenAppendWritesNumberedFullSnapshotsThatReadBackEqual() {
    assertThat(manifest.latest()).isEmpty();
    TableSnapshot v1 = manifest.create(TableFixture.DEFINITION);
    List<DataFile> files = TableFixture.write(store, TABLE, TableFixture.rows(0, 200, 1), 50, "t0");
    TableSnapshot v2 = manifest.commit(Change.append(files));

    assertThat(v1.version()).isEqualTo(1);
    assertThat(v2.version()).isEqualTo(2);
    assertThat(store.exists(TABLE + "_sluice/manifests/00000001.json")).isTrue();
    assertThat(store.exists(TABLE + "_sluice/manifests/00000002.json")).isTrue();
    TableSnapshot read = manifest.latestOrFail();
    assertThat(read).isEqualTo(v2);
    assertThat(read.definition()).isEqualTo(TableFixture.DEFINITION);
    assertThat(read.operation()).isEqualTo(TableManifest.APPEND);
    assertThat(read.files()).containsExactlyInAnyOrderElementsOf(files);
    assertThat(read.added()).containsExactlyInAnyOrderElementsOf(files);
    assertThat(read.rows()).isEqualTo(200);
    assertThat(manifest.snapshot(1).files()).isEmpty();
  }

  @Test
  void theLatestVersionIsTheHighestNumberedManifestListed() {
    manifest.create(TableFixture.DEFINITION);
    for (int i = 0; i < 11; i++) {
      manifest.commit(Change.append(TableFixture.write(store, TABLE, TableFixture.rows(i * 10L, 10, i), 10, "a" + i)));
    }
    assertThat(manifest.versions()).hasSize(12).last().isEqualTo(12L);
    assertThat(manifest.latestOrFail().version()).isEqualTo(12);
    assertThat(manifest.latestOrFail().rows()).isEqualTo(110);
  }

  @Test
  void creatingATableTwiceWithTheSameDefinitionIsHarmlessAndWithAnotherIsRefused() {
    manifest.create(TableFixture.DEFINITION);
    assertThat(manifest.create(TableFixture.DEFINITION).version()).isEqualTo(1);
    TableDefinition other = new TableDefinition("orders", PartitionSpec.unpartitioned(TableFixture.SCHEMA), "parquet");
    assertThatThrownBy(() -> manifest.create(other)).isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("another definition exists at 'tables/orders/'");
  }

  @Test
  void ofTwoWritersOfOneVersionExactlyOneWinsAndTheOtherGetsAConflict() throws Exception {
    TableSnapshot base = manifest.create(TableFixture.DEFINITION);
    int writers = 8;
    List<List<DataFile>> files = new ArrayList<>();
    for (int w = 0; w < writers; w++) {
      files.add(TableFixture.write(store, TABLE, TableFixture.rows(w * 100L, 20, w), 20, "w" + w));
    }
    ExecutorService pool = Executors.newFixedThreadPool(writers);
    CountDownLatch start = new CountDownLatch(1);
    List<Future<TableSnapshot>> results = new ArrayList<>();
    for (int w = 0; w < writers; w++) {
      List<DataFile> mine = files.get(w);
      results.add(pool.submit(() -> {
        start.await();
        return manifest.commit(base, Change.append(mine));
      }));
    }
    start.countDown();
    int won = 0;
    List<String> conflicts = new ArrayList<>();
    for (Future<TableSnapshot> f : results) {
      try {
        assertThat(f.get().version()).isEqualTo(2);
        won++;
      } catch (java.util.concurrent.ExecutionException e) {
        assertThat(e.getCause()).isInstanceOf(TableManifestConflictException.class);
        conflicts.add(e.getCause().getMessage());
      }
    }
    pool.shutdown();
    assertThat(won).isEqualTo(1);
    assertThat(conflicts).hasSize(writers - 1)
        .allMatch(m -> m.contains("Version 2 of the table at 'tables/orders/' was committed by another writer first"));
    assertThat(manifest.versions()).containsExactly(1L, 2L);
  }

  @Test
  void concurrentAppendsThroughTheCommitHelperAllLandEachOnce() throws Exception {
    manifest.create(TableFixture.DEFINITION);
    int writers = 6;
    ExecutorService pool = Executors.newFixedThreadPool(writers);
    CountDownLatch start = new CountDownLatch(1);
    List<Future<TableSnapshot>> results = new ArrayList<>();
    List<Row> all = new ArrayList<>();
    for (int w = 0; w < writers; w++) {
      List<Row> rows = TableFixture.rows(w * 1000L, 30, w);
      all.addAll(rows);
      List<DataFile> mine = TableFixture.write(store, TABLE, rows, 30, "c" + w);
      results.add(pool.submit(() -> {
        start.await();
        return manifest.commit(Change.append(mine));
      }));
    }
    start.countDown();
    for (Future<TableSnapshot> f : results) {
      f.get();
    }
    pool.shutdown();
    TableSnapshot latest = manifest.latestOrFail();
    assertThat(latest.version()).isEqualTo(1 + writers);
    List<Row> read = new TableReader(manifest, TableFixture.FORMAT).readAll(latest);
    assertThat(read).containsExactlyInAnyOrderElementsOf(all);
  }

  @Test
  void aRetriedCommitOfAChangeAlreadyInTheTableCommitsNothing() {
    manifest.create(TableFixture.DEFINITION);
    Change append = Change.append(TableFixture.write(store, TABLE, TableFixture.rows(0, 10, 3), 10, "r"));
    TableSnapshot first = manifest.commit(append);
    TableSnapshot again = manifest.commit(append);
    assertThat(again).isEqualTo(first);
    assertThat(manifest.versions()).containsExactly(1L, 2L);
  }

  @Test
  void aCompactionWhoseInputsAnotherCommitRemovedFailsNamingTheFiles() {
    manifest.create(TableFixture.DEFINITION);
    List<DataFile> files = TableFixture.write(store, TABLE, TableFixture.rows(0, 40, 4), 5, "s");
    TableSnapshot v2 = manifest.commit(Change.append(files));
    List<DataFile> pair = twoOfOnePartition(v2);
    DataFile a = pair.get(0);
    DataFile b = pair.get(1);
    DataFile merged = new DataFile(a.partition() + "part-merged-1.parquet", a.partition(), a.partitionValues(),
        a.rows() + b.rows(), 1);
    DataFile merged2 = new DataFile(a.partition() + "part-merged-2.parquet", a.partition(), a.partitionValues(),
        a.rows() + b.rows(), 1);
    manifest.commit(v2, Change.compact(List.of(a, b), List.of(merged)));

    assertThatThrownBy(() -> manifest.commit(Change.compact(List.of(a, b), List.of(merged2))))
        .isInstanceOf(TableManifestConflictException.class)
        .hasMessageContaining("no longer applies to version 3: it removes [" + a.path() + ", " + b.path() + "]")
        .satisfies(e -> assertThat(((TableManifestConflictException) e).blockingFiles()).containsExactly(a.path(), b.path()));
  }

  @Test
  void aCompactionThatLostTheRaceToAnAppendIsAppliedOnTopOfIt() {
    manifest.create(TableFixture.DEFINITION);
    List<DataFile> files = TableFixture.write(store, TABLE, TableFixture.rows(0, 40, 4), 5, "s");
    TableSnapshot v2 = manifest.commit(Change.append(files));
    List<DataFile> appended = TableFixture.write(store, TABLE, TableFixture.rows(100, 10, 5), 10, "late");
    manifest.commit(Change.append(appended)); // v3, while the compaction was planned from v2
    List<DataFile> pair = twoOfOnePartition(v2);
    DataFile a = pair.get(0);
    DataFile b = pair.get(1);
    DataFile merged = new DataFile(a.partition() + "part-merged.parquet", a.partition(), a.partitionValues(),
        a.rows() + b.rows(), 1);
    Change compact = Change.compact(List.of(a, b), List.of(merged));
    assertThatThrownBy(() -> manifest.commit(v2, compact)).isInstanceOf(TableManifestConflictException.class);

    TableSnapshot v4 = manifest.commit(compact);
    assertThat(v4.version()).isEqualTo(4);
    assertThat(v4.files()).contains(merged).doesNotContain(a, b).containsAll(appended);
    assertThat(v4.files()).hasSize(files.size() + appended.size() - 1);
  }

  static List<DataFile> twoOfOnePartition(TableSnapshot s) {
    return s.partitions().values().stream().filter(l -> l.size() >= 2).findFirst().orElseThrow().subList(0, 2);
  }

  @Test
  void anAppendOfAFileThatIsLiveAlreadyIsRefused() {
    manifest.create(TableFixture.DEFINITION);
    List<DataFile> files = TableFixture.write(store, TABLE, TableFixture.rows(0, 10, 6), 10, "d");
    manifest.commit(Change.append(files));
    DataFile same = files.get(0);
    DataFile changed = new DataFile(same.path(), same.partition(), same.partitionValues(), same.rows() + 1, same.bytes());
    assertThatThrownBy(() -> manifest.commit(Change.append(List.of(changed))))
        .isInstanceOf(TableManifestConflictException.class)
        .hasMessageContaining("lists as live already");
  }

  @Test
  void symlinkManifestsListTheAbsoluteUrisOfEachTouchedPartitionsLiveFiles() {
    manifest.create(TableFixture.DEFINITION);
    List<DataFile> files = TableFixture.write(store, TABLE, TableFixture.rows(0, 60, 7), 10, "y");
    TableSnapshot v2 = manifest.commit(Change.append(files));
    URI uri = URI.create("s3://bucket/tables/orders/");
    List<String> written = manifest.writeSymlinks(v2, uri);

    assertThat(written).containsExactlyElementsOf(v2.partitions().keySet());
    for (String p : written) {
      String text = new String(store.get(TABLE + "_sluice/symlink/" + p + "manifest"), StandardCharsets.UTF_8);
      List<String> expected = v2.files(p).stream().map(f -> "s3://bucket/tables/orders/" + f.path()).toList();
      assertThat(text.lines().toList()).containsExactlyElementsOf(expected);
    }
    // A compaction of one partition rewrites that partition's list only.
    String p = written.get(0);
    List<DataFile> in = v2.files(p);
    DataFile merged = new DataFile(p + "part-merged.parquet", p, in.get(0).partitionValues(), 1, 1);
    TableSnapshot v3 = manifest.commit(Change.compact(in, List.of(merged)));
    assertThat(manifest.writeSymlinks(v3, uri)).containsExactly(p);
    assertThat(new String(store.get(manifest.symlinkKey(p)), StandardCharsets.UTF_8))
        .isEqualTo("s3://bucket/tables/orders/" + merged.path() + "\n");
  }

  @Test
  void symlinksWrittenFromAStaleSnapshotAreWrittenAgainFromTheLatest() {
    manifest.create(TableFixture.DEFINITION);
    List<DataFile> files = TableFixture.write(store, TABLE, TableFixture.rows(0, 30, 8), 10, "z");
    TableSnapshot v2 = manifest.commit(Change.append(files));
    String p = files.get(0).partition();
    DataFile merged = new DataFile(p + "part-merged.parquet", p, files.get(0).partitionValues(), 1, 1);
    manifest.commit(Change.compact(v2.files(p), List.of(merged)));
    manifest.writeSymlinks(v2, URI.create("file:/t/"), List.of(p)); // a slow writer of v2 finishing after v3
    assertThat(new String(store.get(manifest.symlinkKey(p)), StandardCharsets.UTF_8)).isEqualTo("file:/t/" + merged.path() + "\n");
  }

  @Test
  void vacuumDeletesReplacedFilesPastTheGracePeriodAndOldManifests() {
    Instant t0 = Instant.parse("2026-01-01T00:00:00Z");
    TableManifest early = new TableManifest(store, TABLE, Clock.fixed(t0, ZoneOffset.UTC));
    early.create(TableFixture.DEFINITION);
    List<DataFile> files = TableFixture.write(store, TABLE, TableFixture.rows(0, 30, 9), 10, "v");
    TableSnapshot v2 = early.commit(Change.append(files));
    String p = files.get(0).partition();
    List<DataFile> in = v2.files(p);
    List<DataFile> out = TableFixture.write(store, TABLE, TableFixture.rows(500, 1, 9).stream().toList(), 1, "ignored");
    // A compaction at t0 + 1 h replaced the partition's files by one (any live file will do as the output here).
    DataFile merged = new DataFile(p + "part-merged.parquet", p, in.get(0).partitionValues(), 1, 1);
    store.put(TABLE + merged.path(), new byte[] {1});
    new TableManifest(store, TABLE, Clock.fixed(t0.plus(Duration.ofHours(1)), ZoneOffset.UTC))
        .commit(Change.compact(in, List.of(merged)));
    // An orphan: written by an attempt that never committed, long ago.
    store.put(TABLE + p + "part-orphan.parquet", new byte[] {2});

    // Grace ends before the compaction: nothing replaced is old enough; the orphan is recent (its mtime is now).
    TableManifest.VacuumResult none = manifest.vacuum(t0.plus(Duration.ofMinutes(30)), 10);
    assertThat(none.dataFiles()).isEmpty();
    assertThat(none.manifests()).isEmpty();

    TableManifest.VacuumResult result = manifest.vacuum(Instant.now().plus(Duration.ofMinutes(1)), 2);
    List<String> expected = new ArrayList<>(in.stream().map(f -> TABLE + f.path()).toList());
    expected.add(TABLE + p + "part-orphan.parquet");
    out.forEach(f -> expected.add(TABLE + f.path())); // written, never committed
    assertThat(result.dataFiles()).containsExactlyInAnyOrderElementsOf(expected);
    assertThat(result.manifests()).containsExactly(manifest.manifestKey(1));
    assertThat(manifest.versions()).containsExactly(2L, 3L);
    for (DataFile f : manifest.latestOrFail().files()) {
      assertThat(store.exists(TABLE + f.path())).as(f.path()).isTrue();
    }
    for (String key : expected) {
      assertThat(store.exists(key)).as(key).isFalse();
    }
  }

  @Test
  void aCorruptManifestIsNamedInTheError() {
    manifest.create(TableFixture.DEFINITION);
    store.put(manifest.manifestKey(2), "{\"sluiceTable\": 1, \"version\": 2}".getBytes(StandardCharsets.UTF_8));
    assertThatThrownBy(() -> manifest.latestOrFail()).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("Manifest 'tables/orders/_sluice/manifests/00000002.json' is corrupt: 'table' is missing");
    store.put(manifest.manifestKey(2), "{\"sluiceTable\": 9}".getBytes(StandardCharsets.UTF_8));
    assertThatThrownBy(() -> manifest.latestOrFail()).hasMessageContaining("its layout version is 9");
  }

  @Test
  void aTableWithoutManifestsSaysHowToCreateIt() {
    assertThatThrownBy(() -> manifest.latestOrFail()).isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("there is no manifest under 'tables/orders/_sluice/manifests/'; create the table first");
  }
}
