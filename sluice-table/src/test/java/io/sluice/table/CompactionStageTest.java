package io.sluice.table;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.Job;
import io.sluice.JobSettings;
import io.sluice.StageSettings;
import io.sluice.local.LocalRuntime;
import io.sluice.local.ProgressListener;
import io.sluice.local.RunResult;
import io.sluice.local.store.FileSystemObjectStore;
import io.sluice.record.InputFile;
import io.sluice.record.Position;
import io.sluice.record.ReadOptions;
import io.sluice.record.RecordFormat;
import io.sluice.record.RecordReader;
import io.sluice.record.RecordWriter;
import io.sluice.record.Row;
import io.sluice.record.Schema;
import io.sluice.record.Split;
import io.sluice.store.ObjectInfo;
import io.sluice.store.ObjectStore;
import io.sluice.table.TableManifest.Change;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The compaction stage, run end to end on the local runtime over the directory store. */
class CompactionStageTest {
  static final String TABLE = "tables/orders/";
  static final JobSettings QUICK = JobSettings.builder().executorTimeout(Duration.ofSeconds(60))
      .executorBudget(Duration.ofSeconds(50)).build();

  @TempDir Path dir;
  ObjectStore store;
  TableManifest manifest;
  URI uri;
  List<Row> rows;
  TableSnapshot before;
  long target;

  @BeforeEach
  void setUp() {
    store = new FileSystemObjectStore(dir);
    manifest = new TableManifest(store, TABLE);
    uri = URI.create(dir.toUri() + TABLE);
    manifest.create(TableFixture.DEFINITION);
    rows = TableFixture.rows(0, 900, 31);
    before = manifest.commit(Change.append(TableFixture.write(store, TABLE, rows, 20, "t0")));
    target = before.files().stream().mapToLong(DataFile::bytes).max().orElseThrow() * 3 + 1;
  }

  private RunResult run(RecordFormat format, StageSettings settings) {
    CompactionStage stage = CompactionStage.builder(TABLE, format, uri).targetFileBytes(target).settings(settings).build();
    try (LocalRuntime runtime = LocalRuntime.builder(Job.builder("compact-orders").stage(stage).settings(QUICK).build())
        .store(store).build()) {
      return runtime.run("r1", Map.of(), ProgressListener.none());
    }
  }

  private Set<String> dataKeys() {
    Set<String> keys = new HashSet<>();
    for (ObjectInfo o : store.listAll(TABLE)) {
      if (!o.key().startsWith(TABLE + "_sluice/")) {
        keys.add(o.key().substring(TABLE.length()));
      }
    }
    return keys;
  }

  @Test
  void theStageCompactsEveryPartitionWithOneTaskEachAndCommitsOneVersion() throws IOException {
    RunResult result = run(TableFixture.FORMAT, StageSettings.DEFAULTS);

    assertThat(result.succeeded()).as("%s: %s", result.error(), result.cause()).isTrue();
    TableSnapshot after = manifest.latestOrFail();
    assertThat(after.version()).isEqualTo(before.version() + 1);
    assertThat(after.operation()).isEqualTo(TableManifest.COMPACT);
    CompactionPlan plan = CompactionPlan.of(before, target);
    assertThat(result.tasksCommitted()).isEqualTo(plan.groups().size());
    for (CompactionPlan.Group g : plan.groups()) {
      assertThat(after.files(g.partition())).hasSize((int) ((g.bytes() + target - 1) / target));
    }
    assertThat(new TableReader(manifest, TableFixture.FORMAT).readAll(after)).containsExactlyInAnyOrderElementsOf(rows);
    for (String p : after.partitions().keySet()) {
      String text = new String(store.get(manifest.symlinkKey(p)), java.nio.charset.StandardCharsets.UTF_8);
      assertThat(text.lines().toList()).containsExactlyElementsOf(after.files(p).stream().map(f -> uri + f.path()).toList());
    }
    Set<String> expected = new HashSet<>();
    before.files().forEach(f -> expected.add(f.path()));
    after.files().forEach(f -> expected.add(f.path()));
    assertThat(dataKeys()).isEqualTo(expected);
  }

  @Test
  void aFailedAttemptLeavesNoFileAndItsRetryCompactsTheSameRows() throws IOException {
    AtomicBoolean failed = new AtomicBoolean();
    RecordFormat flaky = new ForwardingFormat(TableFixture.FORMAT, writer -> {
      if (failed.compareAndSet(false, true)) {
        throw new IllegalStateException("the first attempt of one task fails after writing its first file");
      }
    });
    RunResult result = run(flaky, StageSettings.builder().maxAttempts(2).backoff(Duration.ZERO, 1.0).build());

    assertThat(result.succeeded()).as("%s: %s", result.error(), result.cause()).isTrue();
    assertThat(failed.get()).isTrue();
    assertThat(result.retries()).isEqualTo(1);
    TableSnapshot after = manifest.latestOrFail();
    assertThat(new TableReader(manifest, TableFixture.FORMAT).readAll(after)).containsExactlyInAnyOrderElementsOf(rows);
    Set<String> expected = new HashSet<>();
    before.files().forEach(f -> expected.add(f.path()));
    after.files().forEach(f -> expected.add(f.path()));
    assertThat(dataKeys()).isEqualTo(expected);
  }

  @Test
  void aCompactionCommittedByAnotherWriterWhileTheStageRanFailsTheStageNamingTheFiles() throws IOException {
    AtomicBoolean raced = new AtomicBoolean();
    RecordFormat racing = new ForwardingFormat(TableFixture.FORMAT, writer -> {
      if (raced.compareAndSet(false, true)) {
        try {
          Compaction.compact(manifest, TableFixture.FORMAT, target * 2, 2, uri); // another job, another target
        } catch (IOException e) {
          throw new java.io.UncheckedIOException(e);
        }
      }
    });
    RunResult result = run(racing, StageSettings.DEFAULTS);

    assertThat(result.succeeded()).isFalse();
    assertThat(result.error()).isEqualTo("CompactionConflict");
    assertThat(result.cause()).contains("no longer applies to version " + (before.version() + 1)).contains(".parquet");
    TableSnapshot latest = manifest.latestOrFail();
    assertThat(latest.version()).isEqualTo(before.version() + 1);
    assertThat(new TableReader(manifest, TableFixture.FORMAT).readAll(latest)).containsExactlyInAnyOrderElementsOf(rows);
  }

  /** A format that runs {@code onClose} when one of its writers is closed (to fail an attempt, or race it). */
  static final class ForwardingFormat implements RecordFormat {
    private final RecordFormat delegate;
    private final Consumer<RecordWriter> onClose;

    ForwardingFormat(RecordFormat delegate, Consumer<RecordWriter> onClose) {
      this.delegate = delegate;
      this.onClose = onClose;
    }

    @Override
    public String name() {
      return delegate.name();
    }

    @Override
    public boolean splittable() {
      return delegate.splittable();
    }

    @Override
    public List<Split> splits(InputFile file, long targetBytes) throws IOException {
      return delegate.splits(file, targetBytes);
    }

    @Override
    public RecordReader reader(InputFile file, Split split, Schema schema, ReadOptions options) throws IOException {
      return delegate.reader(file, split, schema, options);
    }

    @Override
    public RecordReader reader(InputFile file, Split split, Position from, Schema schema, ReadOptions options) throws IOException {
      return delegate.reader(file, split, from, schema, options);
    }

    @Override
    public RecordWriter writer(OutputStream out, Schema schema) {
      RecordWriter w = delegate.writer(out, schema);
      return new RecordWriter() {
        @Override
        public Schema schema() {
          return w.schema();
        }

        @Override
        public void write(Row row) throws IOException {
          w.write(row);
        }

        @Override
        public long records() {
          return w.records();
        }

        @Override
        public long bytesWritten() {
          return w.bytesWritten();
        }

        @Override
        public void close() throws IOException {
          w.close();
          onClose.accept(w);
        }
      };
    }
  }
}
