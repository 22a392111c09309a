package io.sluice.pipeline;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sluice.Completion;
import io.sluice.CompletionContext;
import io.sluice.Job;
import io.sluice.Plan;
import io.sluice.PlanContext;
import io.sluice.Stage;
import io.sluice.StageSettings;
import io.sluice.Task;
import io.sluice.TaskContext;
import io.sluice.TaskOutcome;
import io.sluice.TaskResult;
import io.sluice.TaskSpec;
import io.sluice.local.LocalRuntime;
import io.sluice.local.ProgressListener;
import io.sluice.local.RunResult;
import io.sluice.local.store.FileSystemObjectStore;
import io.sluice.record.InputFile;
import io.sluice.record.Split;
import io.sluice.store.ObjectInfo;
import io.sluice.store.ObjectStore;
import io.sluice.store.PreconditionFailedException;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Objects of the store as record readers see them, on the driver and in a task. */
class StoreInputFileTest {
  /** A task's input: a split of an object planned on version {@code etag}. */
  record Chunk(String key, String etag, Split split) {}

  private static final String KEY = "input/orders.csv";
  private static final byte[] TEXT = "order_id,tenant_id\no-1,tenant-01\no-2,tenant-02\n".getBytes(UTF_8);

  @TempDir Path dir;

  @Test
  void aPlannedFileReadsRangesOfTheListedObject() throws Exception {
    ObjectStore store = new FileSystemObjectStore(dir);
    store.put(KEY, TEXT);
    InputFile file = StoreInputFile.planned(store, store.stat(KEY).orElseThrow());

    assertThat(file.name()).isEqualTo(KEY);
    assertThat(file.length()).isEqualTo(TEXT.length);
    assertThat(file.etag()).isEqualTo(store.stat(KEY).orElseThrow().etag());
    byte[] into = new byte[6];
    file.readFully(19, into, 1, 4);
    assertThat(new String(into, 1, 4, UTF_8)).isEqualTo("o-1,");
    try (InputStream in = file.open(33)) {
      assertThat(new String(in.readAllBytes(), UTF_8)).isEqualTo("o-2,tenant-02\n");
    }
    try (InputStream in = file.open(TEXT.length)) {
      assertThat(in.readAllBytes()).isEmpty();
    }
  }

  @Test
  void aPlannedFileRefusesReadsPastItsEnd() {
    ObjectStore store = new FileSystemObjectStore(dir);
    store.put(KEY, TEXT);
    InputFile file = StoreInputFile.planned(store, store.stat(KEY).orElseThrow());

    assertThatThrownBy(() -> file.readFully(TEXT.length - 2, new byte[4], 0, 4))
        .isInstanceOf(EOFException.class).hasMessageContaining(KEY);
    assertThatThrownBy(() -> file.open(TEXT.length + 1)).isInstanceOf(EOFException.class).hasMessageContaining(KEY);
  }

  @Test
  void aPlannedFileNeverReadsAnotherVersionOfItsObject() {
    ObjectStore store = new FileSystemObjectStore(dir);
    store.put(KEY, TEXT);
    InputFile file = StoreInputFile.planned(store, store.stat(KEY).orElseThrow());
    store.put(KEY, "replaced,with,other,bytes,of,the,same,or,another,length\n".getBytes(UTF_8));

    assertThatThrownBy(() -> file.readFully(0, new byte[4], 0, 4)).isInstanceOf(PreconditionFailedException.class);
  }

  @Test
  void aTaskReadsItsFileThroughItsCountedReads() {
    ObjectStore store = new FileSystemObjectStore(dir);
    store.put(KEY, TEXT);
    ReadingStage stage = new ReadingStage(false);
    RunResult result = run(store, stage);

    assertThat(result.succeeded()).as("%s: %s", result.error(), result.cause()).isTrue();
    // readFully of the first 5 bytes, then a stream from byte 19 to the end
    assertThat(new String(stage.read.get(0), UTF_8)).isEqualTo("order" + "o-1,tenant-01\no-2,tenant-02\n");
    assertThat(result.bytesIn()).isEqualTo(5 + TEXT.length - 19);
  }

  @Test
  void aTaskRefusesAnObjectReplacedAfterItsSplitsWerePlanned() {
    ObjectStore store = new FileSystemObjectStore(dir);
    store.put(KEY, TEXT);
    RunResult result = run(store, new ReadingStage(true));

    assertThat(result.succeeded()).isFalse();
    assertThat(result.cause()).contains(KEY, "changed after the run planned its splits", "start a new run");
  }

  private static RunResult run(ObjectStore store, Stage stage) {
    try (LocalRuntime runtime = LocalRuntime.builder(Job.builder("read-test").stage(stage).build()).store(store).build()) {
      return runtime.run("read-test", Map.of(), ProgressListener.none());
    }
  }

  /** One task per object under {@code input/}, which reads it through {@link StoreInputFile#forTask} and copies what it read. */
  private static final class ReadingStage implements Stage {
    private final boolean replaceAfterListing;
    final List<byte[]> read = new ArrayList<>();

    ReadingStage(boolean replaceAfterListing) {
      this.replaceAfterListing = replaceAfterListing;
    }

    @Override
    public String name() {
      return "read";
    }

    @Override
    public StageSettings settings() {
      return StageSettings.builder().maxAttempts(1).build();
    }

    @Override
    public Plan plan(PlanContext ctx) {
      List<TaskSpec> tasks = new ArrayList<>();
      for (ObjectInfo o : ctx.store().listAll("input/")) {
        if (replaceAfterListing) {
          ctx.store().put(o.key(), "a newer version\n".getBytes(UTF_8));
        }
        tasks.add(TaskSpec.of(new Chunk(o.key(), o.etag(), Split.whole(o.size()))));
      }
      return Plan.tasks(tasks);
    }

    @Override
    public TaskOutcome run(Task task, TaskContext ctx) throws Exception {
      Chunk chunk = task.input(Chunk.class);
      InputFile file = StoreInputFile.forTask(ctx, chunk.key(), chunk.etag());
      ByteArrayOutputStream copy = new ByteArrayOutputStream();
      byte[] head = new byte[5];
      file.readFully(0, head, 0, 5);
      copy.write(head);
      try (InputStream in = file.open(19)) {
        in.transferTo(copy);
      }
      try (OutputStream out = ctx.output("read")) {
        copy.writeTo(out);
      }
      return TaskOutcome.done();
    }

    @Override
    public Completion complete(CompletionContext ctx) {
      for (TaskResult r : ctx.results()) {
        read.add(ctx.store().get(r.output("read")));
      }
      return Completion.next();
    }
  }
}
