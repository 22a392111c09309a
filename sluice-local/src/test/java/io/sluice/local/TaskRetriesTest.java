package io.sluice.local;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.Job;
import io.sluice.JobSettings;
import io.sluice.Plan;
import io.sluice.PlanContext;
import io.sluice.Stage;
import io.sluice.StageSettings;
import io.sluice.Task;
import io.sluice.TaskContext;
import io.sluice.TaskOutcome;
import io.sluice.TaskSpec;
import io.sluice.TestJson;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A failing task is retried alone; one that fails every attempt fails the run, which can be resumed. */
class TaskRetriesTest {
  @TempDir Path dir;

  /** Ten tasks; the ones named in {@code failing} throw while their flag says so. */
  static final class Flaky implements Stage {
    final Map<Integer, AtomicInteger> runs = new ConcurrentHashMap<>();
    final Map<Integer, Integer> failFirst;
    final AtomicBoolean broken = new AtomicBoolean();
    final int brokenTask;

    Flaky(Map<Integer, Integer> failFirst, int brokenTask) {
      this.failFirst = failFirst;
      this.brokenTask = brokenTask;
    }

    @Override
    public String name() {
      return "flaky";
    }

    @Override
    public StageSettings settings() {
      return StageSettings.builder().maxAttempts(3).backoff(Duration.ofMillis(10), 2.0).build();
    }

    @Override
    public Plan plan(PlanContext ctx) {
      return Plan.tasks(IntStream.range(0, 10).mapToObj(TaskSpec::of).toList());
    }

    @Override
    public TaskOutcome run(Task task, TaskContext ctx) throws Exception {
      int n = task.input(Integer.class);
      int run = runs.computeIfAbsent(n, k -> new AtomicInteger()).incrementAndGet();
      if (run <= failFirst.getOrDefault(n, 0)) {
        throw new IllegalStateException("task " + n + " failing on purpose, run " + run);
      }
      if (n == brokenTask && broken.get()) {
        throw new IllegalArgumentException("record 17 of task " + n + " is malformed");
      }
      try (var out = ctx.output("n.txt")) {
        out.write(Integer.toString(n).getBytes());
      }
      return TaskOutcome.done(n);
    }
  }

  static Job job(Stage stage) {
    return Job.builder("retries").stage(stage)
        .settings(JobSettings.builder().executorTimeout(Duration.ofSeconds(20)).executorBudget(Duration.ofSeconds(15)).build())
        .build();
  }

  @Test
  void retriesOnlyTheFailedTask() {
    Flaky stage = new Flaky(Map.of(3, 2), -1);
    try (LocalRuntime runtime = LocalRuntime.builder(job(stage)).storeDir(dir).build()) {
      RunResult result = runtime.run("r1", Map.of(), ProgressListener.none());

      assertThat(result.succeeded()).as("%s: %s", result.error(), result.cause()).isTrue();
      assertThat(stage.runs.get(3)).hasValue(3);
      IntStream.range(0, 10).filter(n -> n != 3).forEach(n -> assertThat(stage.runs.get(n)).as("task %d", n).hasValue(1));
      assertThat(result.retries()).isEqualTo(2);
      assertThat(result.tasksCommitted()).isEqualTo(10);
    }
  }

  @Test
  void aTaskThatFailsEveryAttemptFailsTheRunNamingStageTaskAndCauseAndTheRunResumes() {
    Flaky stage = new Flaky(Map.of(), 7);
    stage.broken.set(true);
    try (LocalRuntime runtime = LocalRuntime.builder(job(stage)).storeDir(dir).build()) {
      RunResult failed = runtime.run("r2", Map.of(), ProgressListener.none());

      assertThat(failed.succeeded()).isFalse();
      assertThat(failed.error()).isEqualTo("Sluice.TaskFailed");
      assertThat(failed.cause())
          .contains("Stage 'flaky'")
          .contains("failed after 3 attempt(s)")
          .contains("IllegalArgumentException: record 17 of task 7 is malformed");
      assertThat(stage.runs.get(7)).hasValue(3);
      List<Integer> before = IntStream.range(0, 10).mapToObj(n -> stage.runs.get(n).get()).toList();

      // The data is fixed; resuming runs only the failed task, with a fresh set of attempts.
      stage.broken.set(false);
      RunResult resumed = runtime.resume("r2", ProgressListener.none());

      assertThat(resumed.succeeded()).as("%s: %s", resumed.error(), resumed.cause()).isTrue();
      assertThat(stage.runs.get(7)).hasValue(4);
      IntStream.range(0, 10).filter(n -> n != 7)
          .forEach(n -> assertThat(stage.runs.get(n)).as("task %d is not redone", n).hasValue(before.get(n)));
    }
  }
}
