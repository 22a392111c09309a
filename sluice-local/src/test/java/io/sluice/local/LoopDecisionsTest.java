package io.sluice.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.sluice.Completion;
import io.sluice.CompletionContext;
import io.sluice.Job;
import io.sluice.JobSettings;
import io.sluice.Parameter;
import io.sluice.Plan;
import io.sluice.PlanContext;
import io.sluice.Stage;
import io.sluice.Task;
import io.sluice.TaskContext;
import io.sluice.TaskOutcome;
import io.sluice.TaskSpec;
import io.sluice.TestJson;
import io.sluice.run.RunLayout;
import io.sluice.store.ObjectInfo;
import io.sluice.store.ObjectStore;
import io.sluice.time.ManualClock;
import java.util.Map;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A three-stage job whose runs go through every decision the Driver can make. */
class LoopDecisionsTest {
  @TempDir Path dir;

  /** Stage 1's state: how often it polled. */
  record Polls(int polls) {}

  /** Stage 1: waits for an input marker (sleep), then does its small work on the driver (run_driver). */
  static final class WaitForInput implements Stage {
    @Override
    public String name() {
      return "wait-for-input";
    }

    @Override
    public Plan plan(PlanContext ctx) {
      // The "input" appears after two polls: the stage counts its polls in its persisted state.
      int polls = ctx.stageState(Polls.class).map(Polls::polls).orElse(0);
      ctx.setStageState(new Polls(polls + 1));
      if (polls < 2) {
        return Plan.sleep(Duration.ofSeconds(30));
      }
      ctx.store().put("inputs/" + ctx.runId() + "/numbers.txt",
          "1,2,3,4,5,6,7,8,9,10".getBytes(StandardCharsets.UTF_8));
      return Plan.done();
    }
  }

  /** Stage 2: squares each number on executors (run_executors). */
  static final class Square implements Stage {
    @Override
    public String name() {
      return "square";
    }

    @Override
    public Plan plan(PlanContext ctx) {
      String numbers = new String(ctx.store().get("inputs/" + ctx.runId() + "/numbers.txt"), StandardCharsets.UTF_8);
      return Plan.tasks(java.util.Arrays.stream(numbers.split(",")).map(n -> TaskSpec.of(Integer.parseInt(n))).toList());
    }

    @Override
    public TaskOutcome run(Task task, TaskContext ctx) throws Exception {
      int n = task.input(Integer.class);
      try (var out = ctx.output("square.txt")) {
        out.write(Integer.toString(n * n).getBytes(StandardCharsets.UTF_8));
      }
      return TaskOutcome.done(n * n);
    }
  }

  /** Stage 3: checks the sum; fails the run when asked to (fail), else the job succeeds (succeed). */
  static final class Check implements Stage {
    static final Parameter<Boolean> FAIL_CHECK = Parameter.ofBoolean("failCheck", "fail the run at the check")
        .withDefault(false);

    @Override
    public String name() {
      return "check";
    }

    @Override
    public List<Parameter<?>> parameters() {
      return List.of(FAIL_CHECK);
    }

    @Override
    public Plan plan(PlanContext ctx) {
      long sum = ctx.results("square").stream().mapToLong(r -> r.summary(Long.class).orElseThrow()).sum();
      if (ctx.parameters().get(FAIL_CHECK)) {
        return Plan.fail("Check.Mismatch", "sum of squares is " + sum + ", and the run was asked to fail");
      }
      return Plan.tasks(List.of());
    }

    @Override
    public Completion complete(CompletionContext ctx) {
      long sum = ctx.results("square").stream().mapToLong(r -> r.summary(Long.class).orElseThrow()).sum();
      ctx.store().put("outputs/" + ctx.runId() + "/sum.txt", Long.toString(sum).getBytes(StandardCharsets.UTF_8));
      return Completion.next();
    }
  }

  static Job job() {
    return Job.builder("decisions")
        .stage(new WaitForInput())
        .stage(new Square())
        .stage(new Check())
        .settings(JobSettings.builder().executorTimeout(Duration.ofSeconds(30)).executorBudget(Duration.ofSeconds(20)).build())
        .build();
  }

  static List<String> actions(ObjectStore store, String run) {
    List<String> actions = new ArrayList<>();
    for (ObjectInfo o : store.listAll(new RunLayout(run).driverPrefix())) {
      actions.add(TestJson.parse(store.get(o.key()), o.key()).path("decision").path("action").asText());
    }
    return actions;
  }

  @Test
  void aSucceedingRunSleepsRunsTheDriverAndExecutorsThenSucceeds() {
    ManualClock clock = new ManualClock(Instant.parse("2026-11-01T00:00:00Z"));
    try (LocalRuntime runtime = LocalRuntime.builder(job()).storeDir(dir).clock(clock).build()) {
      RunResult result = runtime.run("ok-1", Map.of(), ProgressListener.none());

      assertThat(result.succeeded()).as("%s: %s", result.error(), result.cause()).isTrue();
      assertThat(actions(runtime.store(), "ok-1"))
          // wait-for-input: polls twice, then finishes on the driver; square: executors, then its
          // completion; check: plans no tasks, so it completes and the job succeeds in one step.
          .containsExactly("sleep", "sleep", "run_driver", "run_executors", "run_driver", "succeed");
      long expected = IntStream.rangeClosed(1, 10).map(n -> n * n).sum();
      assertThat(new String(runtime.store().get("outputs/ok-1/sum.txt"), StandardCharsets.UTF_8)).isEqualTo(Long.toString(expected));
      // The two sleeps of 30 s passed on the test's clock, not in real time.
      assertThat(clock.now()).isAfterOrEqualTo(Instant.parse("2026-11-01T00:01:00Z"));
      assertThat(result.tasksCommitted()).isEqualTo(10);
    }
  }

  @Test
  void aFailingStageFailsTheRunWithItsErrorAndCause() {
    ManualClock clock = new ManualClock(Instant.parse("2026-11-01T00:00:00Z"));
    try (LocalRuntime runtime = LocalRuntime.builder(job()).storeDir(dir).clock(clock).build()) {
      Map<String, String> params = Map.of("failCheck", "true");
      RunResult result = runtime.run("fail-1", params, ProgressListener.none());

      assertThat(result.succeeded()).isFalse();
      assertThat(result.error()).isEqualTo("Check.Mismatch");
      assertThat(result.cause()).isEqualTo("sum of squares is 385, and the run was asked to fail");
      assertThat(actions(runtime.store(), "fail-1")).endsWith("run_executors", "run_driver", "fail");
    }
  }
}
