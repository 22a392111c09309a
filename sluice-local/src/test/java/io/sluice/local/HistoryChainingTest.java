package io.sluice.local;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.Job;
import io.sluice.JobSettings;
import io.sluice.Plan;
import io.sluice.Stage;
import io.sluice.TaskOutcome;
import io.sluice.TaskSpec;
import io.sluice.TestJson;
import java.util.Map;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A job of many loops under a small history limit: the Driver chains new executions before the
 * interpreter's limit would fail the current one, and the run finishes across them.
 */
class HistoryChainingTest {
  @TempDir Path dir;

  @Test
  void manyLoopsFinishAcrossChainedExecutions() {
    int loops = 60;
    AtomicInteger steps = new AtomicInteger();
    Stage stage = Stage.named("steps")
        .plan(ctx -> Plan.tasks(List.of(TaskSpec.of("walk"))))
        .run((task, ctx) -> {
          int i = task.resumeFrom(Integer.class).orElse(0);
          steps.incrementAndGet();
          return i + 1 < loops ? TaskOutcome.continueAt(i + 1) : TaskOutcome.done();
        })
        .build();
    Job job = Job.builder("chaining").stage(stage)
        .settings(JobSettings.builder().historyLimit(300).executorTimeout(Duration.ofSeconds(30))
            .executorBudget(Duration.ofSeconds(20)).build())
        .build();
    try (LocalRuntime runtime = LocalRuntime.builder(job).storeDir(dir).build()) {
      RunResult result = runtime.run("h1", Map.of(), ProgressListener.none());

      assertThat(result.succeeded()).as("%s: %s", result.error(), result.cause()).isTrue();
      assertThat(steps).hasValue(loops);
      // 60 loops of ~18 events each do not fit in 300 events: the run needed several executions.
      assertThat(result.executions()).isGreaterThanOrEqualTo(4);
    }
  }
}
