package io.sluice.table;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sluice.local.store.FileSystemObjectStore;
import io.sluice.record.Row;
import io.sluice.store.ObjectStore;
import io.sluice.table.TableManifest.Change;
import io.sluice.table.internal.ManifestInputFile;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Compaction over real Parquet files in the directory store: same rows, fewer files, readers undisturbed. */
class CompactionTest {
  static final String TABLE = "tables/orders/";

  @TempDir Path dir;
  ObjectStore store;
  TableManifest manifest;
  TableReader reader;
  URI uri;

  @BeforeEach
  void setUp() {
    store = new FileSystemObjectStore(dir);
    manifest = new TableManifest(store, TABLE);
    reader = new TableReader(manifest, TableFixture.FORMAT);
    uri = URI.create(dir.toUri() + "tables/orders/");
    manifest.create(TableFixture.DEFINITION);
  }

  /** A row in a partition of its own (year 2030), so that partition has one small file. */
  static Row solo(long id) {
    return Row.of(TableFixture.SCHEMA, id, "solo", Instant.parse("2030-06-01T00:00:00Z"), null, 1);
  }

  static long target(TableSnapshot s) {
    return s.files().stream().mapToLong(DataFile::bytes).max().orElseThrow() * 3 + 1;
  }

  @Test
  void compactionKeepsEveryRowAndLeavesCeilOfBytesOverTargetFilesPerPartition() throws IOException {
    List<Row> rows = new ArrayList<>(TableFixture.rows(0, 1200, 11));
    manifest.commit(Change.append(TableFixture.write(store, TABLE, rows, 15, "t0")));
    List<Row> soloRows = List.of(solo(9999));
    manifest.commit(Change.append(TableFixture.write(store, TABLE, soloRows, 15, "t1")));
    rows.addAll(soloRows);
    TableSnapshot before = manifest.latestOrFail();
    long target = target(before);
    assertThat(reader.readAll(before)).containsExactlyInAnyOrderElementsOf(rows);

    Compaction.Result result = Compaction.compact(manifest, TableFixture.FORMAT, target, 2, uri);
    TableSnapshot after = result.snapshot();

    assertThat(after.version()).isEqualTo(before.version() + 1);
    assertThat(after.operation()).isEqualTo(TableManifest.COMPACT);
    assertThat(reader.readAll(after)).containsExactlyInAnyOrderElementsOf(rows);
    Map<String, List<DataFile>> old = before.partitions();
    assertThat(after.partitions().keySet()).isEqualTo(old.keySet());
    int compacted = 0;
    for (Map.Entry<String, List<DataFile>> e : after.partitions().entrySet()) {
      List<DataFile> was = old.get(e.getKey());
      long bytes = was.stream().mapToLong(DataFile::bytes).sum();
      if (was.size() < 2) {
        assertThat(e.getValue()).as("partition %s below the threshold", e.getKey()).isEqualTo(was);
        continue;
      }
      compacted++;
      long n = (bytes + target - 1) / target;
      assertThat(e.getValue()).as("files of %s (%d bytes, target %d)", e.getKey(), bytes, target).hasSize((int) n);
      long rowsBefore = was.stream().mapToLong(DataFile::rows).sum();
      long min = e.getValue().stream().mapToLong(DataFile::rows).min().orElseThrow();
      long max = e.getValue().stream().mapToLong(DataFile::rows).max().orElseThrow();
      assertThat(e.getValue().stream().mapToLong(DataFile::rows).sum()).isEqualTo(rowsBefore);
      assertThat(max - min).as("rows split evenly in %s", e.getKey()).isLessThanOrEqualTo(1);
      for (DataFile f : e.getValue()) {
        assertThat(f.name()).startsWith("part-c" + String.format("%08d", before.version()) + "-");
        assertThat(store.stat(TABLE + f.path()).orElseThrow().size()).isEqualTo(f.bytes());
      }
    }
    assertThat(compacted).isEqualTo(result.plan().groups().size()).isGreaterThan(5);
    // Replaced files stay until vacuum, so readers of the previous version can finish.
    for (DataFile f : before.files()) {
      assertThat(store.exists(TABLE + f.path())).isTrue();
    }
    // Symlink manifests list exactly the live files.
    for (String p : after.partitions().keySet()) {
      if (old.get(p).size() < 2) {
        continue;
      }
      List<String> lines = new String(store.get(manifest.symlinkKey(p)), java.nio.charset.StandardCharsets.UTF_8).lines().toList();
      assertThat(lines).containsExactlyElementsOf(after.files(p).stream().map(f -> uri + f.path()).toList());
    }
    // Planning again only ever plans fewer files than there are (compressing more rows together can shrink them).
    for (CompactionPlan.Group g : CompactionPlan.of(after, target).groups()) {
      assertThat(g.outputFiles()).isLessThan(g.inputs().size());
    }
  }

  @Test
  void theRewriterWritesExactlyTheOutputCountEvenForFewRows() throws IOException {
    List<DataFile> files = TableFixture.write(store, TABLE, List.of(solo(1), solo(2), solo(3)), 1, "few");
    TableSnapshot s = manifest.commit(Change.append(files));
    CompactionPlan.Group g = new CompactionPlan.Group(files.get(0).partition(), files.get(0).partitionValues(), files, 2);
    List<DataFile> out = new CompactionRewriter(s.definition(), TableFixture.FORMAT).rewrite(s.version(), g,
        p -> ManifestInputFile.of(store, TABLE + p), p -> store.create(TABLE + p));
    assertThat(out).extracting(DataFile::rows).containsExactly(2L, 1L);
  }

  @Test
  void aManifestThatMiscountsAFilesRowsStopsTheRewrite() {
    List<DataFile> files = TableFixture.write(store, TABLE, List.of(solo(1), solo(2)), 1, "bad");
    DataFile wrong = new DataFile(files.get(0).path(), files.get(0).partition(), files.get(0).partitionValues(), 5, 1);
    TableSnapshot s = manifest.commit(Change.append(List.of(wrong, files.get(1))));
    CompactionPlan.Group g = new CompactionPlan.Group(wrong.partition(), wrong.partitionValues(), s.files(), 1);
    assertThatThrownBy(() -> new CompactionRewriter(s.definition(), TableFixture.FORMAT).rewrite(s.version(), g,
        p -> ManifestInputFile.of(store, TABLE + p), p -> store.create(TABLE + p)))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("Data file '" + wrong.path() + "' holds 1 rows, but the manifest of version 2 says 5");
  }

  @Test
  void ofTwoCompactionsOfOneVersionTheSecondFailsNamingItsInputsAndAnIdenticalRetryCommitsNothing() throws IOException {
    List<Row> rows = TableFixture.rows(0, 400, 12);
    TableSnapshot base = manifest.commit(Change.append(TableFixture.write(store, TABLE, rows, 10, "t0")));
    long target = target(base);
    Change first = rewriteAll(base, CompactionPlan.of(base, target));
    Change other = rewriteAll(base, CompactionPlan.of(base, target * 2));
    Change retry = rewriteAll(base, CompactionPlan.of(base, target));

    TableSnapshot committed = manifest.commit(first);
    assertThatThrownBy(() -> manifest.commit(other)).isInstanceOf(TableManifestConflictException.class)
        .hasMessageContaining("no longer applies to version " + committed.version())
        .satisfies(e -> assertThat(((TableManifestConflictException) e).blockingFiles())
            .containsExactlyInAnyOrderElementsOf(other.removed().stream().map(DataFile::path).toList()));
    // Where the other compaction planned a partition differently, its files have other names than the committed
    // ones; where it planned it identically (same inputs, same count) it wrote the same bytes under the same names.
    Map<String, DataFile> committedFiles = new HashMap<>();
    first.added().forEach(f -> committedFiles.put(f.path(), f));
    assertThat(other.added()).anyMatch(f -> !committedFiles.containsKey(f.path()));
    for (DataFile f : other.added()) {
      if (committedFiles.containsKey(f.path())) {
        assertThat(f).isEqualTo(committedFiles.get(f.path()));
      }
    }
    assertThat(manifest.commit(retry)).isEqualTo(committed);
    assertThat(manifest.latestOrFail()).isEqualTo(committed);
    assertThat(reader.readAll(committed)).containsExactlyInAnyOrderElementsOf(rows);
  }

  @Test
  void aCompactionRacingAnAppendIsCommittedAfterItAndBothChangesShow() throws IOException {
    List<Row> rows = new ArrayList<>(TableFixture.rows(0, 400, 13));
    TableSnapshot base = manifest.commit(Change.append(TableFixture.write(store, TABLE, rows, 10, "t0")));
    Change compact = rewriteAll(base, CompactionPlan.of(base, target(base)));
    List<Row> late = TableFixture.rows(10_000, 100, 14);
    manifest.commit(Change.append(TableFixture.write(store, TABLE, late, 10, "t1")));
    rows.addAll(late);

    TableSnapshot after = manifest.commit(compact);
    assertThat(after.version()).isEqualTo(base.version() + 2);
    assertThat(reader.readAll(after)).containsExactlyInAnyOrderElementsOf(rows);
  }

  private Change rewriteAll(TableSnapshot base, CompactionPlan plan) throws IOException {
    CompactionRewriter rewriter = new CompactionRewriter(base.definition(), TableFixture.FORMAT);
    List<DataFile> removed = new ArrayList<>();
    List<DataFile> added = new ArrayList<>();
    for (CompactionPlan.Group g : plan.groups()) {
      added.addAll(rewriter.rewrite(plan.version(), g, p -> ManifestInputFile.of(store, TABLE + p), p -> store.create(TABLE + p)));
      removed.addAll(g.inputs());
    }
    assertThat(removed).isNotEmpty();
    return Change.compact(removed, added);
  }

  @Test
  void aReaderFollowingTheProtocolNeverSeesADuplicateOrAGapWhileAppendsAndCompactionsRun() throws Exception {
    Map<Long, List<Row>> expected = new ConcurrentHashMap<>();
    List<Row> rows = new ArrayList<>();
    expected.put(1L, List.of());
    AtomicBoolean done = new AtomicBoolean();
    List<String> mismatches = new CopyOnWriteArrayList<>();
    AtomicInteger reads = new AtomicInteger();
    Map<Long, Integer> versionsSeen = new ConcurrentHashMap<>();
    Thread readerThread = new Thread(() -> {
      try {
        boolean last = false;
        while (!last) {
          last = done.get(); // one more full read after the writer finished
          TableSnapshot s = reader.latest();
          List<Row> read = reader.readAll(s);
          List<Row> want = awaitExpected(expected, s.version());
          if (want == null) {
            mismatches.add("no expectation recorded for version " + s.version());
          } else if (!sameMultiset(read, want)) {
            mismatches.add("version " + s.version() + ": read " + read.size() + " rows, expected " + want.size());
          }
          versionsSeen.merge(s.version(), 1, Integer::sum);
          reads.incrementAndGet();
        }
      } catch (Throwable t) {
        mismatches.add("reader failed: " + t);
      }
    }, "protocol-reader");
    readerThread.start();
    long target = 0;
    for (int round = 0; round < 4; round++) {
      List<Row> batch = TableFixture.rows(round * 1000L, 200, 100 + round);
      List<DataFile> files = TableFixture.write(store, TABLE, batch, 10, "r" + round);
      List<Row> next = new ArrayList<>(rows);
      next.addAll(batch);
      // The expectation is recorded before the commit, so a reader never waits for it.
      long v = manifest.latestOrFail().version() + 1;
      expected.put(v, List.copyOf(next));
      manifest.commit(Change.append(files));
      rows = next;
      if (target == 0) {
        target = target(manifest.latestOrFail());
      }
      expected.put(manifest.latestOrFail().version() + 1, List.copyOf(rows));
      Compaction.Result r = Compaction.compact(manifest, TableFixture.FORMAT, target, 2, uri);
      assertThat(r.plan().isEmpty()).as("round %d compacts something", round).isFalse();
    }
    done.set(true);
    readerThread.join(120_000);
    assertThat(readerThread.isAlive()).isFalse();
    assertThat(mismatches).isEmpty();
    assertThat(reads.get()).isGreaterThan(0);
    assertThat(versionsSeen).containsKey(manifest.latestOrFail().version());
  }

  private static List<Row> awaitExpected(Map<Long, List<Row>> expected, long version) throws InterruptedException {
    for (int i = 0; i < 1000 && !expected.containsKey(version); i++) {
      Thread.sleep(5);
    }
    return expected.get(version);
  }

  private static boolean sameMultiset(List<Row> a, List<Row> b) {
    if (a.size() != b.size()) {
      return false;
    }
    Map<Row, Integer> counts = new HashMap<>();
    a.forEach(r -> counts.merge(r, 1, Integer::sum));
    for (Row r : b) {
      Integer c = counts.get(r);
      if (c == null) {
        return false;
      }
      if (c == 1) {
        counts.remove(r);
      } else {
        counts.put(r, c - 1);
      }
    }
    return counts.isEmpty();
  }
}
