package io.sluice.local;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.Completion;
import io.sluice.CompletionContext;
import io.sluice.Job;
import io.sluice.JobSettings;
import io.sluice.Plan;
import io.sluice.PlanContext;
import io.sluice.Stage;
import io.sluice.StageSettings;
import io.sluice.Task;
import io.sluice.TaskContext;
import io.sluice.TaskOutcome;
import io.sluice.TaskResult;
import io.sluice.TaskSpec;
import io.sluice.TestJson;
import java.util.Map;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Executors with a 2-second timeout and a 1-second budget, and tasks with 3 seconds of work each:
 * the work finishes through continuations, each item processed exactly once.
 */
class TimeBudgetTest {
  @TempDir Path dir;

  static final int ITEMS = 30;
  static final Duration ITEM_TIME = Duration.ofMillis(100);

  /** Two long tasks, each "processing" 30 items of 100 ms, stopping when the budget says so. */
  static final class LongTasks implements Stage {
    final List<String> segments = java.util.Collections.synchronizedList(new ArrayList<>());

    @Override
    public String name() {
      return "long";
    }

    @Override
    public StageSettings settings() {
      return StageSettings.builder().workers(2).build();
    }

    @Override
    public Plan plan(PlanContext ctx) {
      return Plan.tasks(List.of(TaskSpec.of("a"), TaskSpec.of("b")));
    }

    @Override
    public TaskOutcome run(Task task, TaskContext ctx) throws Exception {
      int from = task.resumeFrom(Integer.class).orElse(0);
      StringBuilder done = new StringBuilder();
      int i = from;
      for (; i < ITEMS; i++) {
        if (ctx.shouldStop()) {
          break;
        }
        Thread.sleep(ITEM_TIME.toMillis());
        done.append(task.input(String.class)).append(i).append('\n');
      }
      try (var out = ctx.output("items.txt")) {
        out.write(done.toString().getBytes(StandardCharsets.UTF_8));
      }
      segments.add(task.input(String.class) + ":" + from + "-" + i);
      return i < ITEMS ? TaskOutcome.continueAt(i) : TaskOutcome.done();
    }

    @Override
    public Completion complete(CompletionContext ctx) {
      StringBuilder all = new StringBuilder();
      for (TaskResult r : ctx.results()) {
        all.append(new String(ctx.store().get(r.output("items.txt")), StandardCharsets.UTF_8));
      }
      ctx.store().put("result/items.txt", all.toString().getBytes(StandardCharsets.UTF_8));
      return Completion.next();
    }
  }

  @Test
  void longTasksFinishThroughContinuations() {
    LongTasks stage = new LongTasks();
    Job job = Job.builder("budget").stage(stage)
        .settings(JobSettings.builder().executorTimeout(Duration.ofSeconds(2)).executorBudget(Duration.ofSeconds(1)).build())
        .build();
    try (LocalRuntime runtime = LocalRuntime.builder(job).storeDir(dir).build()) {
      RunResult result = runtime.run("b1", Map.of(), ProgressListener.none());

      assertThat(result.succeeded()).as("%s: %s", result.error(), result.cause()).isTrue();
      List<String> items = new String(runtime.store().get("result/items.txt"), StandardCharsets.UTF_8).lines().toList();
      List<String> expected = new ArrayList<>();
      for (String t : List.of("a", "b")) {
        IntStream.range(0, ITEMS).forEach(i -> expected.add(t + i));
      }
      assertThat(items).containsExactlyElementsOf(expected);
      // 3 s of work per task in executors that stop after 1 s: at least three segments each, no timeouts.
      assertThat(stage.segments.stream().filter(s -> s.startsWith("a:")).count()).isGreaterThanOrEqualTo(3);
      assertThat(result.executorFailures()).isZero();
    }
  }

  @Test
  void tasksThatDoNotFitTheBudgetByTheirEstimateGoBackToTheDriver() {
    java.util.concurrent.ConcurrentHashMap<Integer, java.util.concurrent.atomic.AtomicInteger> runs =
        new java.util.concurrent.ConcurrentHashMap<>();
    Stage stage = new Stage() {
      @Override
      public String name() {
        return "estimated";
      }

      @Override
      public StageSettings settings() {
        return StageSettings.builder().maxExecutors(1).workers(1).build();
      }

      @Override
      public Plan plan(PlanContext ctx) {
        return Plan.tasks(IntStream.range(0, 6).mapToObj(i -> TaskSpec.of(i).withEstimate(Duration.ofMillis(300))).toList());
      }

      @Override
      public TaskOutcome run(Task task, TaskContext ctx) throws Exception {
        runs.computeIfAbsent(task.input(Integer.class), k -> new java.util.concurrent.atomic.AtomicInteger()).incrementAndGet();
        Thread.sleep(300);
        return TaskOutcome.done();
      }
    };
    // One executor, one worker, a 1-second budget: at most three 300 ms tasks fit per invocation.
    Job job = Job.builder("estimates").stage(stage)
        .settings(JobSettings.builder().executorTimeout(Duration.ofSeconds(3)).executorBudget(Duration.ofSeconds(1)).build())
        .build();
    try (LocalRuntime runtime = LocalRuntime.builder(job).storeDir(dir).build()) {
      RunResult result = runtime.run("e1", Map.of(), ProgressListener.none());

      assertThat(result.succeeded()).as("%s: %s", result.error(), result.cause()).isTrue();
      assertThat(result.executorInvocations()).isGreaterThanOrEqualTo(2);
      assertThat(result.executorFailures()).isZero();
      assertThat(runs).hasSize(6);
      assertThat(runs.values()).allSatisfy(n -> assertThat(n).hasValue(1));
    }
  }

  @Test
  void anExecutorThatOutlivesItsTimeoutIsStoppedAndItsTaskRetried() {
    Stage stubborn = new Stage() {
      final java.util.concurrent.atomic.AtomicInteger runs = new java.util.concurrent.atomic.AtomicInteger();

      @Override
      public String name() {
        return "stubborn";
      }

      @Override
      public StageSettings settings() {
        return StageSettings.builder().maxAttempts(3).build();
      }

      @Override
      public Plan plan(PlanContext ctx) {
        return Plan.tasks(List.of(TaskSpec.of("only")));
      }

      @Override
      public TaskOutcome run(Task task, TaskContext ctx) throws Exception {
        if (runs.incrementAndGet() == 1) {
          Thread.sleep(10_000); // ignores its budget: the function's timeout stops it
        }
        return TaskOutcome.done();
      }
    };
    Job job = Job.builder("timeouts").stage(stubborn)
        .settings(JobSettings.builder().executorTimeout(Duration.ofMillis(800)).executorBudget(Duration.ofMillis(400)).build())
        .build();
    try (LocalRuntime runtime = LocalRuntime.builder(job).storeDir(dir).build()) {
      RunResult result = runtime.run("t1", Map.of(), ProgressListener.none());

      assertThat(result.succeeded()).as("%s: %s", result.error(), result.cause()).isTrue();
      assertThat(result.executorFailures()).isEqualTo(1);
      assertThat(result.tasksCommitted()).isEqualTo(1);
    }
  }
}
