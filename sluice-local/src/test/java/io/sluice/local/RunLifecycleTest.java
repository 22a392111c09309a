package io.sluice.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sluice.Job;
import io.sluice.JobSettings;
import io.sluice.Parameter;
import io.sluice.Plan;
import io.sluice.Stage;
import io.sluice.TaskOutcome;
import io.sluice.TaskSpec;
import io.sluice.TestJson;
import io.sluice.local.store.FileSystemObjectStore;
import io.sluice.store.ObjectStore;
import io.sluice.time.ManualClock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What a user meets around a run's life: refusing the wrong job or a reused id, resuming anything started. */
class RunLifecycleTest {
  @TempDir Path dir;

  static final JobSettings FAST = JobSettings.builder().executorTimeout(Duration.ofSeconds(30))
      .executorBudget(Duration.ofSeconds(20)).build();

  static final Parameter<Boolean> FAIL = Parameter.ofBoolean("fail", "fail the run in plan").withDefault(false);
  static final Parameter<String> N = Parameter.ofString("n", "what to write").withDefault("none");

  /** Writes {@code n} (a parameter) into result/RUN.txt; fails with Plan.fail when told to. */
  static Job writer(String name) {
    Stage stage = Stage.named("write")
        .parameters(FAIL, N)
        .plan(ctx -> {
          if (ctx.parameters().get(FAIL)) {
            return Plan.fail("Test.Asked", "asked to fail");
          }
          ctx.store().put("result/" + ctx.runId() + ".txt",
              ctx.parameters().get(N).getBytes(StandardCharsets.UTF_8));
          return Plan.done();
        })
        .build();
    return Job.builder(name).stage(stage).settings(FAST).build();
  }

  @Test
  void resumingARunAsAnotherJobIsRefusedNamingBothJobs() {
    ObjectStore store = new FileSystemObjectStore(dir);
    try (LocalRuntime demo = LocalRuntime.builder(writer("demo")).store(store).build()) {
      assertThat(demo.run("r1", Map.of("fail", "true"), ProgressListener.none()).succeeded()).isFalse();
    }
    try (LocalRuntime other = LocalRuntime.builder(writer("word-count")).store(store).build()) {
      assertThatThrownBy(() -> other.resume("r1", ProgressListener.none()))
          .isInstanceOf(RunRefusedException.class)
          .hasMessageContaining("'r1'")
          .hasMessageContaining("job 'demo'")
          .hasMessageContaining("'word-count'");
    }
  }

  @Test
  void reusingTheIdOfAnExistingRunWithoutResumeIsRefusedSayingWhatToDo() {
    try (LocalRuntime runtime = LocalRuntime.builder(writer("writer")).storeDir(dir).build()) {
      assertThat(runtime.run("r2", Map.of("n", "1"), ProgressListener.none()).succeeded()).isTrue();
      assertThatThrownBy(() -> runtime.run("r2", Map.of("n", "2"), ProgressListener.none()))
          .isInstanceOf(RunRefusedException.class)
          .hasMessageContaining("Run 'r2' already exists")
          .hasMessageContaining("resume")
          .hasMessageContaining("new run id");
      assertThat(new String(runtime.store().get("result/r2.txt"), StandardCharsets.UTF_8)).isEqualTo("1");
    }
  }

  @Test
  void aRunKilledBeforeItsFirstDriverStateResumesFromTheStartWithItsParameters() {
    ObjectStore store = new FileSystemObjectStore(dir);
    // What the first Driver call writes before anything else: the run's file, and no driver state yet.
    store.put("runs/r3/run.json", TestJson.bytes(Map.of("job", "writer", "run", "r3", "parameters", Map.of("n", "7"),
        "started", "2026-11-25T00:00:00Z")));
    try (LocalRuntime runtime = LocalRuntime.builder(writer("writer")).store(store).build()) {
      RunResult result = runtime.resume("r3", ProgressListener.none());
      assertThat(result.succeeded()).as("%s: %s", result.error(), result.cause()).isTrue();
      assertThat(new String(store.get("result/r3.txt"), StandardCharsets.UTF_8)).isEqualTo("7");
    }
  }

  @Test
  void aCorruptDriverStateFailsTheResumeAtOnceInsteadOfBeingRetried() {
    ObjectStore store = new FileSystemObjectStore(dir);
    ManualClock clock = new ManualClock(Instant.parse("2026-11-01T00:00:00Z"));
    try (LocalRuntime runtime = LocalRuntime.builder(writer("writer")).store(store).clock(clock).build()) {
      assertThat(runtime.run("r4", Map.of("fail", "true"), ProgressListener.none()).succeeded()).isFalse();
    }
    store.put("runs/r4/driver/000000000001.json", "{}".getBytes(StandardCharsets.UTF_8));
    try (LocalRuntime runtime = LocalRuntime.builder(writer("writer")).store(store).clock(clock).build()) {
      RunResult result = runtime.resume("r4", ProgressListener.none());
      assertThat(result.succeeded()).isFalse();
      assertThat(result.error()).isEqualTo("Sluice.CorruptState");
      assertThat(result.cause()).contains("runs/r4/driver/000000000001.json");
      assertThat(result.driverInvocations()).as("a final error is not retried").isEqualTo(1);
    }
  }

  @Test
  void aRunThatIsRunningCannotBeStartedOrResumedASecondTime() throws Exception {
    CountDownLatch started = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    Stage blocking = Stage.named("block")
        .plan(ctx -> Plan.tasks(List.of(TaskSpec.of("only"))))
        .run((task, ctx) -> {
          started.countDown();
          release.await(30, TimeUnit.SECONDS);
          return TaskOutcome.done();
        })
        .build();
    Job job = Job.builder("blocking").stage(blocking).settings(FAST).build();
    ObjectStore store = new FileSystemObjectStore(dir);
    try (LocalRuntime first = LocalRuntime.builder(job).store(store).build();
        LocalRuntime second = LocalRuntime.builder(job).store(store).build()) {
      AtomicReference<RunResult> result = new AtomicReference<>();
      Thread running = new Thread(() -> result.set(first.run("r5", Map.of(), ProgressListener.none())));
      running.start();
      assertThat(started.await(30, TimeUnit.SECONDS)).isTrue();
      try {
        assertThatThrownBy(() -> second.resume("r5", ProgressListener.none()))
            .isInstanceOf(RunRefusedException.class)
            .hasMessageContaining("Run 'r5' is running")
            .hasMessageContaining("pid " + ProcessHandle.current().pid());
      } finally {
        release.countDown();
        running.join(30_000);
      }
      assertThat(result.get().succeeded()).isTrue();
    }
  }

}
