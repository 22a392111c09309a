package io.sluice.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sluice.Job;
import io.sluice.JobSettings;
import io.sluice.Plan;
import io.sluice.Stage;
import io.sluice.StageSettings;
import io.sluice.TaskOutcome;
import io.sluice.TaskSpec;
import io.sluice.driver.Decision;
import io.sluice.driver.GroupRef;
import io.sluice.run.RunLayout;
import io.sluice.run.RunState;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A stage that asks for 1,000 executors at once runs its 1,000 tasks through the loop's Distributed
 * Map on the local runtime: the Driver writes the round's references to the store, the map's
 * ItemReader reads them there, and each executor runs as a child execution.
 */
class ThousandExecutorsTest {
  @TempDir Path dir;

  static Job job(ConcurrentHashMap<Integer, AtomicInteger> runs) {
    Stage stage = Stage.named("wide")
        .settings(StageSettings.builder().maxExecutors(1000).build())
        .plan(ctx -> Plan.tasks(IntStream.range(0, 1000).mapToObj(TaskSpec::of).toList()))
        .run((task, ctx) -> {
          runs.computeIfAbsent(task.input(Integer.class), k -> new AtomicInteger()).incrementAndGet();
          return TaskOutcome.done();
        })
        .build();
    return Job.builder("wide").stage(stage)
        .settings(JobSettings.builder().executorTimeout(Duration.ofSeconds(60)).executorBudget(Duration.ofSeconds(50)).build())
        .build();
  }

  @Test
  void aThousandExecutorsRunThroughTheDistributedMap() throws Exception {
    ConcurrentHashMap<Integer, AtomicInteger> runs = new ConcurrentHashMap<>();
    try (LocalRuntime runtime = LocalRuntime.builder(job(runs)).storeDir(dir).build()) {
      JsonNode map = runtime.definition().path("States").path("Executors");
      assertThat(map.at("/ItemProcessor/ProcessorConfig/Mode").asText()).isEqualTo("DISTRIBUTED");
      assertThat(map.at("/ItemProcessor/ProcessorConfig/ExecutionType").asText()).isEqualTo("EXPRESS");
      assertThat(map.at("/ItemReader/Resource").asText()).isEqualTo("arn:aws:states:::s3:getObject");
      assertThat(map.path("MaxConcurrency").asInt()).isEqualTo(1000);

      RunResult result = runtime.run("d1", Map.of(), ProgressListener.none());

      assertThat(result.succeeded()).as("%s: %s", result.error(), result.cause()).isTrue();
      assertThat(result.tasksCommitted()).isEqualTo(1000);
      assertThat(runs).hasSize(1000);
      assertThat(runs.values()).allSatisfy(n -> assertThat(n).hasValue(1));
      assertThat(result.executorInvocations()).as("one executor a task, all in one round").isEqualTo(1000);

      // The round's decision carried where its items are, not the items; they were in the store.
      RunLayout layout = new RunLayout("d1");
      List<Decision> rounds = new ArrayList<>();
      for (long seq = 1; seq <= RunState.latestSeq(runtime.store(), layout).orElseThrow(); seq++) {
        Decision d = RunState.read(runtime.store(), layout, seq).orElseThrow().decision();
        if (Decision.RUN_EXECUTORS.equals(d.action())) {
          rounds.add(d);
        }
      }
      assertThat(rounds).hasSize(1);
      Decision round = rounds.get(0);
      assertThat(round.groups()).isNull();
      assertThat(round.items().count()).isEqualTo(1000);
      assertThat(round.items().bucket()).isEqualTo("runs");
      String key = layout.batch(0, "wide", 0).roundItems(1);
      assertThat(round.items().bucket() + "/" + round.items().key()).isEqualTo(key);
      JsonNode items = new ObjectMapper().readTree(runtime.store().get(key));
      assertThat(items).hasSize(1000);
      GroupRef last = new ObjectMapper().treeToValue(items.get(999), GroupRef.class);
      assertThat(last.group()).isEqualTo(999);
      assertThat(last.manifest()).isEqualTo(layout.batch(0, "wide", 0).groupManifest(1, 999));
      assertThat(new ObjectMapper().writeValueAsBytes(round).length).as("the decision's payload").isLessThan(500);
    }
  }

  @Test
  void anExecutorThatTimesOutInItsChildExecutionGoesBackToTheDriverAsInline() {
    ConcurrentHashMap<Integer, AtomicInteger> runs = new ConcurrentHashMap<>();
    Stage stage = Stage.named("wide")
        .settings(StageSettings.builder().maxExecutors(60).maxAttempts(3).build())
        .plan(ctx -> Plan.tasks(IntStream.range(0, 60).mapToObj(TaskSpec::of).toList()))
        .run((task, ctx) -> {
          int n = runs.computeIfAbsent(task.input(Integer.class), k -> new AtomicInteger()).incrementAndGet();
          if (task.input(Integer.class) == 7 && n == 1) {
            Thread.sleep(10_000); // ignores its budget: the function's timeout stops it
          }
          return TaskOutcome.done();
        })
        .build();
    Job job = Job.builder("wide-timeouts").stage(stage)
        .settings(JobSettings.builder().executorTimeout(Duration.ofMillis(1500)).executorBudget(Duration.ofMillis(700)).build())
        .build();
    try (LocalRuntime runtime = LocalRuntime.builder(job).storeDir(dir).build()) {
      assertThat(runtime.definition().at("/States/Executors/ItemProcessor/ProcessorConfig/Mode").asText())
          .isEqualTo("DISTRIBUTED");

      RunResult result = runtime.run("t1", Map.of(), ProgressListener.none());

      assertThat(result.succeeded()).as("%s: %s", result.error(), result.cause()).isTrue();
      assertThat(result.executorFailures()).as("the timed-out executor").isEqualTo(1);
      assertThat(result.tasksCommitted()).isEqualTo(60);
      assertThat(runs.get(7)).as("retried in the next round").hasValue(2);
      assertThat(runs.entrySet()).filteredOn(e -> e.getKey() != 7).allSatisfy(e -> assertThat(e.getValue()).hasValue(1));
      assertThat(result.executorInvocations()).as("60 in the first round, 1 in the second").isEqualTo(61);
    }
  }
}
