package io.sluice.local;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.Job;
import io.sluice.Parameter;
import io.sluice.Plan;
import io.sluice.PlanContext;
import io.sluice.Stage;
import io.sluice.StageSettings;
import io.sluice.Task;
import io.sluice.TaskContext;
import io.sluice.TaskOutcome;
import io.sluice.TaskSpec;
import io.sluice.TestJson;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Warm function instances are reused across runs, and nothing of one run reaches the next. */
class InstanceReuseTest {
  @TempDir Path dir;

  /** Records what each invocation found when it started, then leaves things behind on purpose. */
  static final class Snoop implements Stage {
    static final Parameter<String> TAG = Parameter.ofString("tag", "what each run is told");
    final List<String> seen = new CopyOnWriteArrayList<>();

    @Override
    public String name() {
      return "snoop";
    }

    @Override
    public StageSettings settings() {
      return StageSettings.builder().maxExecutors(1).workers(1).build();
    }

    @Override
    public List<Parameter<?>> parameters() {
      return List.of(TAG);
    }

    @Override
    public Plan plan(PlanContext ctx) {
      seen.add("plan run=" + ctx.runId() + " param=" + ctx.parameters().get(TAG)
          + " state=" + ctx.stageState(Map.class).orElse(null));
      ctx.setStageState(Map.of("tag", ctx.parameters().get(TAG)));
      return Plan.tasks(List.of(TaskSpec.of(ctx.parameters().get(TAG))));
    }

    @Override
    public TaskOutcome run(Task task, TaskContext ctx) throws Exception {
      try (Stream<Path> files = Files.list(ctx.tempDir())) {
        seen.add("task run=" + ctx.runId() + " tempFiles=" + files.count() + " param=" + ctx.parameters().get(TAG));
      }
      Files.writeString(ctx.tempDir().resolve("left-behind.tmp"), "secret of " + ctx.runId());
      return TaskOutcome.done();
    }
  }

  @Test
  void reusedInstancesLeakNothingFromOneRunIntoTheNext() {
    Snoop stage = new Snoop();
    Job job = Job.builder("reuse").stage(stage).build();
    try (LocalRuntime runtime = LocalRuntime.builder(job).storeDir(dir).executorConcurrency(1).build()) {
      RunResult first = runtime.run("first", Map.of("tag", "A"), ProgressListener.none());
      RunResult second = runtime.run("second", Map.of("tag", "B"), ProgressListener.none());

      assertThat(first.succeeded()).isTrue();
      assertThat(second.succeeded()).isTrue();
      assertThat(stage.seen).containsExactly(
          "plan run=first param=A state=null",
          "task run=first tempFiles=0 param=A",
          "plan run=second param=B state=null",
          "task run=second tempFiles=0 param=B");
      // One instance of each function served both runs: they were reused, not recreated.
      assertThat(runtime.executorFunction().stats().coldStarts()).isEqualTo(1);
      assertThat(runtime.driverFunction().stats().coldStarts()).isEqualTo(1);
    }
  }
}
