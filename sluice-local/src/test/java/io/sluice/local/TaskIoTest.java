package io.sluice.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sluice.Completion;
import io.sluice.Job;
import io.sluice.JobSettings;
import io.sluice.ParameterException;
import io.sluice.Parameter;
import io.sluice.Plan;
import io.sluice.Stage;
import io.sluice.StageSettings;
import io.sluice.TaskMetrics;
import io.sluice.TaskOutcome;
import io.sluice.TaskResult;
import io.sluice.TaskSpec;
import io.sluice.TestJson;
import io.sluice.run.RunLayout;
import io.sluice.local.store.FileSystemObjectStore;
import io.sluice.store.ObjectInfo;
import io.sluice.store.ObjectStore;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What a task reads and writes goes through its context: counted, scoped to its attempt, published late. */
class TaskIoTest {
  @TempDir Path dir;

  static final JobSettings QUICK = JobSettings.builder().executorTimeout(Duration.ofSeconds(30))
      .executorBudget(Duration.ofSeconds(20)).build();
  static final StageSettings RETRY_AT_ONCE = StageSettings.builder().maxAttempts(2).backoff(Duration.ZERO, 1.0).build();

  static List<String> keysUnder(ObjectStore store, String prefix) {
    List<String> keys = new ArrayList<>();
    for (ObjectInfo o : store.listAll(prefix)) {
      keys.add(o.key());
    }
    return keys;
  }

  static String text(ObjectStore store, String key) {
    return new String(store.get(key), StandardCharsets.UTF_8);
  }

  @Test
  void anOutputIsPublishedWhenItsAttemptSucceedsNotWhenTheTaskClosesIt() {
    ObjectStore store = new FileSystemObjectStore(dir);
    String outputs = new RunLayout("late").batch(0, "write", 0).outputsPrefix();
    List<String> seenAfterClose = new CopyOnWriteArrayList<>();
    AtomicReference<String> key = new AtomicReference<>();
    Stage stage = Stage.named("write")
        .plan(ctx -> Plan.tasks(List.of(TaskSpec.of("only"))))
        .run((task, ctx) -> {
          try (OutputStream out = ctx.output("part.txt")) {
            out.write("attempt ".getBytes(StandardCharsets.UTF_8));
            out.write(Integer.toString(task.attempt()).getBytes(StandardCharsets.UTF_8));
          }
          seenAfterClose.addAll(keysUnder(store, outputs));
          if (task.attempt() == 1) {
            throw new IllegalStateException("the first attempt fails after writing its output");
          }
          return TaskOutcome.done();
        })
        .complete(ctx -> {
          key.set(ctx.results().get(0).output("part.txt"));
          return Completion.next();
        })
        .settings(RETRY_AT_ONCE)
        .build();
    try (LocalRuntime runtime = LocalRuntime.builder(Job.builder("late").stage(stage).settings(QUICK).build())
        .store(store).build()) {
      RunResult result = runtime.run("late", Map.of(), ProgressListener.none());

      assertThat(result.succeeded()).as("%s: %s", result.error(), result.cause()).isTrue();
    }
    // Neither attempt's output was visible when the task closed it, and only the winner's remains.
    assertThat(seenAfterClose).isEmpty();
    assertThat(keysUnder(store, outputs)).containsExactly(key.get());
    assertThat(text(store, key.get())).isEqualTo("attempt 2");
  }

  @Test
  void anOutputAtAFixedKeyIsPublishedOnSuccessAndAFailedAttemptLeavesNothingThere() {
    ObjectStore store = new FileSystemObjectStore(dir);
    List<List<String>> seenAtStart = new CopyOnWriteArrayList<>();
    AtomicReference<Map<String, String>> outputs = new AtomicReference<>();
    Stage stage = Stage.named("table")
        .plan(ctx -> Plan.tasks(List.of(TaskSpec.of("t1"))))
        .run((task, ctx) -> {
          seenAtStart.add(keysUnder(store, "tables/"));
          try (OutputStream out = ctx.outputAt("tables/t/p=1/part-" + task.id() + "-0.txt")) {
            out.write(("attempt " + task.attempt()).getBytes(StandardCharsets.UTF_8));
          }
          if (task.attempt() == 1) {
            throw new IllegalStateException("the first attempt fails after writing");
          }
          return TaskOutcome.done();
        })
        .complete(ctx -> {
          outputs.set(ctx.results().get(0).outputs());
          return Completion.next();
        })
        .settings(RETRY_AT_ONCE)
        .build();
    try (LocalRuntime runtime = LocalRuntime.builder(Job.builder("fixed").stage(stage).settings(QUICK).build())
        .store(store).build()) {
      RunResult result = runtime.run("fixed", Map.of(), ProgressListener.none());
      assertThat(result.succeeded()).as("%s: %s", result.error(), result.cause()).isTrue();
    }
    // The failed first attempt published nothing: the second found the table empty.
    assertThat(seenAtStart).hasSize(2).allSatisfy(seen -> assertThat(seen).isEmpty());
    assertThat(outputs.get()).hasSize(1);
    String key = outputs.get().keySet().iterator().next();
    assertThat(outputs.get()).containsEntry(key, key);
    assertThat(keysUnder(store, "tables/")).containsExactly(key);
    assertThat(text(store, key)).isEqualTo("attempt 2");
  }

  @Test
  void anOutputAtAKeyUnderTheRunsOrTwiceIsRefusedSayingWhy() {
    List<String> errors = new CopyOnWriteArrayList<>();
    Stage stage = Stage.named("bad-keys")
        .plan(ctx -> Plan.tasks(List.of(TaskSpec.of("only"))))
        .run((task, ctx) -> {
          for (String key : List.of("runs/x/part.txt", "tables/t/", "tables/t/a.txt", "tables/t/a.txt")) {
            try {
              ctx.outputAt(key).close();
            } catch (IllegalArgumentException e) {
              errors.add(e.getMessage());
            }
          }
          return TaskOutcome.done();
        })
        .build();
    try (LocalRuntime runtime = LocalRuntime.builder(Job.builder("bad-keys").stage(stage).settings(QUICK).build())
        .storeDir(dir).build()) {
      assertThat(runtime.run("r", Map.of(), ProgressListener.none()).succeeded()).isTrue();
    }
    assertThat(errors).hasSize(3);
    assertThat(errors.get(0)).contains("'runs/x/part.txt'", "runs' own namespace");
    assertThat(errors.get(1)).contains("ends with '/'");
    assertThat(errors.get(2)).contains("already opened");
  }

  @Test
  void writingToAClosedOutputFailsTheAttemptSayingWhy() {
    List<String> errors = new CopyOnWriteArrayList<>();
    Stage stage = Stage.named("reopen")
        .plan(ctx -> Plan.tasks(List.of(TaskSpec.of("only"))))
        .run((task, ctx) -> {
          OutputStream out = ctx.output("part.txt");
          out.write('a');
          out.close();
          try {
            out.write('b');
          } catch (IOException e) {
            errors.add(e.getMessage());
          }
          return TaskOutcome.done();
        })
        .build();
    try (LocalRuntime runtime = LocalRuntime.builder(Job.builder("reopen").stage(stage).settings(QUICK).build())
        .storeDir(dir).build()) {
      assertThat(runtime.run("r", Map.of(), ProgressListener.none()).succeeded()).isTrue();
    }
    assertThat(errors).containsExactly(
        "Output 'part.txt' of stage 'reopen' was closed: write all of an output before closing it");
  }

  @Test
  void inputsATaskLeavesOpenAreClosedWhenItsAttemptEndsAndBytesAreCounted() throws Exception {
    ObjectStore store = new FileSystemObjectStore(dir);
    store.put("in/a.txt", "0123456789".getBytes(StandardCharsets.UTF_8));
    AtomicReference<InputStream> leaked = new AtomicReference<>();
    AtomicReference<TaskMetrics> metrics = new AtomicReference<>();
    List<String> stages = new CopyOnWriteArrayList<>();
    Stage stage = Stage.named("read")
        .plan(ctx -> Plan.tasks(List.of(TaskSpec.of("in/a.txt"))))
        .run((task, ctx) -> {
          String key = task.input(String.class);
          stages.add(ctx.stageName() + " size=" + ctx.stat(key).orElseThrow().size());
          try (InputStream range = ctx.openRange(key, 8, 2)) {
            range.readAllBytes();
          }
          InputStream in = ctx.open(key);
          in.readNBytes(3);
          leaked.set(in); // never closed by the task, and not read to its end
          try (OutputStream out = ctx.output("copy.txt")) {
            out.write(new byte[3]);
          }
          return TaskOutcome.done();
        })
        .complete(ctx -> {
          TaskResult r = ctx.results().get(0);
          metrics.set(r.metrics());
          return Completion.next();
        })
        .build();
    try (LocalRuntime runtime = LocalRuntime.builder(Job.builder("read").stage(stage).settings(QUICK).build())
        .store(store).build()) {
      assertThat(runtime.run("r", Map.of(), ProgressListener.none()).succeeded()).isTrue();
    }
    assertThat(stages).containsExactly("read size=10");
    assertThatThrownBy(() -> leaked.get().read()).isInstanceOf(IOException.class);
    assertThat(metrics.get().bytesIn()).isEqualTo(5);
    assertThat(metrics.get().bytesOut()).isEqualTo(3);
    assertThat(metrics.get().attempt()).isEqualTo(1);
  }

  @Test
  void aRunsTotalsAreTheSumsOverItsCommittedTasksOfEveryStage() {
    ObjectStore store = new FileSystemObjectStore(dir);
    store.put("in/a.txt", "0123456789".getBytes(StandardCharsets.UTF_8));
    List<TaskMetrics> committed = new CopyOnWriteArrayList<>();
    // Task i reads i + 1 ranges and writes i + 1 outputs; task 0's first attempt fails after doing as much.
    Stage split = Stage.named("split")
        .plan(ctx -> Plan.tasks(java.util.stream.IntStream.range(0, 4).mapToObj(TaskSpec::of).toList()))
        .run((task, ctx) -> {
          int i = task.input(Integer.class);
          for (int r = 0; r <= i; r++) {
            try (InputStream in = ctx.openRange("in/a.txt", r, 2)) {
              in.readAllBytes();
            }
          }
          for (int o = 0; o <= i; o++) {
            try (OutputStream out = ctx.output("part-" + o + ".txt")) {
              out.write(new byte[i + o + 1]);
            }
          }
          if (i == 0 && task.attempt() == 1) {
            throw new IllegalStateException("task 0's first attempt fails");
          }
          return TaskOutcome.done();
        })
        .complete(ctx -> {
          ctx.results().forEach(r -> committed.add(r.metrics()));
          return Completion.next();
        })
        .settings(RETRY_AT_ONCE)
        .build();
    // One task stats and reads every output of the first stage, and writes one object.
    Stage merge = Stage.named("merge")
        .plan(ctx -> Plan.tasks(List.of(TaskSpec.of(ctx.results("split").stream()
            .flatMap(r -> r.outputs().values().stream()).sorted().toList()))))
        .run((task, ctx) -> {
          String[] keys = task.input(String[].class);
          try (OutputStream out = ctx.output("merged.txt")) {
            for (String key : keys) {
              ctx.stat(key);
              try (InputStream in = ctx.open(key)) {
                out.write(in.readAllBytes());
              }
            }
          }
          return TaskOutcome.done();
        })
        .complete(ctx -> {
          ctx.results().forEach(r -> committed.add(r.metrics()));
          return Completion.next();
        })
        .build();
    RunResult result;
    try (LocalRuntime runtime = LocalRuntime.builder(Job.builder("totals").stage(split).stage(merge).settings(QUICK).build())
        .store(store).build()) {
      result = runtime.run("r", Map.of(), ProgressListener.none());
    }
    assertThat(result.succeeded()).isTrue();
    assertThat(result.retries()).isEqualTo(1);
    assertThat(committed).hasSize(5);
    assertThat(result.readRequests()).isEqualTo(committed.stream().mapToLong(TaskMetrics::readRequests).sum());
    assertThat(result.objectsWritten()).isEqualTo(committed.stream().mapToLong(TaskMetrics::objectsWritten).sum());
    assertThat(result.bytesIn()).isEqualTo(committed.stream().mapToLong(TaskMetrics::bytesIn).sum());
    assertThat(result.bytesOut()).isEqualTo(committed.stream().mapToLong(TaskMetrics::bytesOut).sum());
    // And what that sum should be: 1 + 2 + 3 + 4 ranges and outputs, then 10 stats and 10 opens and one output.
    assertThat(result.readRequests()).isEqualTo(10 + 20);
    assertThat(result.objectsWritten()).isEqualTo(10 + 1);
  }

  @Test
  void aRunWithAParameterNoStageDeclaresIsRefusedBeforeItStarts() {
    Parameter<String> input = Parameter.ofString("input", "where to read").withDefault("in/");
    Stage stage = Stage.named("read").plan(ctx -> Plan.done()).parameters(input).build();
    ObjectStore store = new FileSystemObjectStore(dir);
    try (LocalRuntime runtime = LocalRuntime.builder(Job.builder("typo").stage(stage).settings(QUICK).build())
        .store(store).build()) {
      assertThatThrownBy(() -> runtime.run("t1", Map.of("inptu", "x/"), ProgressListener.none()))
          .isInstanceOf(ParameterException.class)
          .hasMessage("Job 'typo': no stage declares parameter 'inptu'. Its parameters: input (a string, default 'in/'):"
              + " where to read.");

      assertThat(keysUnder(store, RunLayout.RUNS)).isEmpty();
      assertThat(runtime.run("t2", Map.of("input", "x/"), ProgressListener.none()).succeeded()).isTrue();
    }
  }
}
