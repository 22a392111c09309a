package io.sluice.local;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.Completion;
import io.sluice.Job;
import io.sluice.JobSettings;
import io.sluice.Plan;
import io.sluice.Stage;
import io.sluice.TaskOutcome;
import io.sluice.TaskResult;
import io.sluice.TaskSpec;
import io.sluice.TestJson;
import java.util.Map;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A stage of 1,000 tasks runs each task once and the completion step sees all 1,000 results. */
class ThousandTasksTest {
  @TempDir Path dir;

  @Test
  void runsAStageOfAThousandTasks() {
    ConcurrentHashMap<Integer, AtomicInteger> runs = new ConcurrentHashMap<>();
    AtomicInteger seenByCompletion = new AtomicInteger();
    Stage stage = Stage.named("thousand")
        .plan(ctx -> Plan.tasks(IntStream.range(0, 1000).mapToObj(TaskSpec::of).toList()))
        .run((task, ctx) -> {
          runs.computeIfAbsent(task.input(Integer.class), k -> new AtomicInteger()).incrementAndGet();
          return TaskOutcome.done(task.input(Integer.class));
        })
        .complete(ctx -> {
          List<TaskResult> results = ctx.results();
          Set<Integer> values = results.stream().map(r -> r.summary(Integer.class).orElseThrow()).collect(Collectors.toSet());
          if (values.size() == 1000) {
            seenByCompletion.set(results.size());
          }
          return Completion.next();
        })
        .build();
    Job job = Job.builder("thousand").stage(stage)
        .settings(JobSettings.builder().executorTimeout(Duration.ofSeconds(60)).executorBudget(Duration.ofSeconds(50)).build())
        .build();
    try (LocalRuntime runtime = LocalRuntime.builder(job).storeDir(dir).build()) {
      RunResult result = runtime.run("k1", Map.of(), ProgressListener.none());

      assertThat(result.succeeded()).as("%s: %s", result.error(), result.cause()).isTrue();
      assertThat(result.tasksCommitted()).isEqualTo(1000);
      assertThat(runs).hasSize(1000);
      assertThat(runs.values()).allSatisfy(n -> assertThat(n).hasValue(1));
      assertThat(seenByCompletion).hasValue(1000);
      // The latency goal spreads 1,000 tasks over 40 executors.
      assertThat(result.executorInvocations()).isEqualTo(40);
    }
  }
}
