package io.sluice.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sluice.Job;
import io.sluice.JobSettings;
import io.sluice.Plan;
import io.sluice.Stage;
import io.sluice.StageSettings;
import io.sluice.TaskOutcome;
import io.sluice.TaskSpec;
import io.sluice.run.RunLayout;
import io.sluice.run.RunState;
import io.sluice.statemachine.ExecutionResult;
import io.sluice.statemachine.HistoryEvent;
import io.sluice.statemachine.Interpreter;
import io.sluice.statemachine.StateMachine;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Driver's estimate of the execution's history ({@code RunState.events}, by {@code HistoryBudget})
 * against the events the interpreter really recorded, for a job of inline Map rounds and for one of
 * Distributed Map rounds, whose executors' events are in their child executions' histories, not in
 * the parent's. The estimate covers every event up to the last Driver call's Choice except the
 * execution's own {@code ExecutionStarted}.
 */
class HistoryEstimateTest {
  @TempDir Path dir;

  /** Two stages of {@code tasks} trivial tasks each (a round each), capped at {@code executors}. */
  static Job job(String name, int tasks, int executors) {
    Stage stage = Stage.named("s")
        .settings(StageSettings.builder().maxExecutors(executors).build())
        .plan(ctx -> Plan.tasks(IntStream.range(0, tasks).mapToObj(TaskSpec::of).toList()))
        .run((task, ctx) -> TaskOutcome.done())
        .build();
    return Job.builder(name).stage(stage).stage(Stage.named("t").settings(StageSettings.builder().maxExecutors(executors)
            .build()).plan(ctx -> Plan.tasks(IntStream.range(0, tasks).mapToObj(i -> TaskSpec.of("t" + i)).toList()))
            .run((task, ctx) -> TaskOutcome.done()).build())
        .settings(JobSettings.builder().executorTimeout(Duration.ofSeconds(60)).executorBudget(Duration.ofSeconds(50)).build())
        .build();
  }

  /** The events of the execution up to the last Driver's Choice, and the Driver's estimate of them. */
  record Counted(long actual, long estimated, List<String> types) {}

  Counted run(Job job, String runId) {
    try (LocalRuntime runtime = LocalRuntime.builder(job).storeDir(dir.resolve(runId)).build()) {
      Interpreter interpreter = Interpreter.builder()
          .taskInvoker(runtime.functions())
          .objectSource(LocalRuntime.interpreterObjects(runtime.store()))
          .build();
      ObjectNode input = JsonNodeFactory.instance.objectNode().put("run", runId).put("seq", 0);
      input.putObject("parameters");
      ExecutionResult r = interpreter.run(StateMachine.parse(runtime.definition()), input, runId);
      assertThat(r.succeeded()).as("%s: %s", r.error(), r.cause()).isTrue();
      List<String> types = r.history().stream().map(HistoryEvent::type).toList();
      long actual = types.lastIndexOf("ChoiceStateExited") + 1;
      RunLayout layout = new RunLayout(runId);
      long estimated = RunState.read(runtime.store(), layout, RunState.latestSeq(runtime.store(), layout).orElseThrow())
          .orElseThrow().events();
      return new Counted(actual, estimated, types);
    }
  }

  @Test
  void theEstimateOfInlineRoundsCountsEachExecutorsIterationAsTheInterpreterRecordsIt() {
    Counted c = run(job("inline", 30, 30), "i1");
    assertThat(c.types()).contains("MapIterationStarted").doesNotContain("MapRunStarted");
    assertThat(c.estimated()).isEqualTo(c.actual() - 1); // all but ExecutionStarted
  }

  @Test
  void theEstimateOfDistributedRoundsCountsTheMapRunAndNoEventPerExecutor() {
    Counted hundred = run(job("distributed", 100, 100), "d1");
    assertThat(hundred.types()).contains("MapRunStarted", "MapRunSucceeded").doesNotContain("MapIterationStarted");
    assertThat(hundred.estimated()).isEqualTo(hundred.actual() - 1); // all but ExecutionStarted
    // Five times the executors, the same history: the children's events are not the parent's.
    Counted fiveHundred = run(job("distributed", 500, 500), "d2");
    assertThat(fiveHundred.actual()).isEqualTo(hundred.actual());
    assertThat(fiveHundred.estimated()).isEqualTo(hundred.estimated());
  }
}
