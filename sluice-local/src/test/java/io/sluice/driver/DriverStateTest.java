package io.sluice.driver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.sluice.Job;
import io.sluice.Plan;
import io.sluice.Stage;
import io.sluice.TaskOutcome;
import io.sluice.TaskSpec;
import io.sluice.TestInvocation;
import io.sluice.executor.ExecutorHandler;
import io.sluice.function.FunctionException;
import io.sluice.TestJson;
import io.sluice.run.RunLayout;
import io.sluice.local.store.FileSystemObjectStore;
import io.sluice.store.ObjectStore;
import io.sluice.time.Clock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The driver's persisted state: missing, corrupt or stuck runs get clear errors and lose nothing. */
class DriverStateTest {
  @TempDir Path dir;
  ObjectStore store;
  Job job;
  DriverHandler driver;

  @BeforeEach
  void setUp() {
    store = new FileSystemObjectStore(dir);
    Stage stage = Stage.named("one")
        .plan(ctx -> Plan.tasks(List.of(TaskSpec.of("a"), TaskSpec.of("b"))))
        .run((task, ctx) -> TaskOutcome.done())
        .build();
    job = Job.builder("state").stage(stage).build();
    driver = new DriverHandler(job, store, Clock.system());
  }

  private JsonNode step(String run, long seq) {
    return TestInvocation.call(driver, TestJson.toTree(Map.of("run", run, "seq", seq)), TestInvocation.of("driver"));
  }

  @Test
  void aCorruptStateFileIsReportedWithItsKeyAndLeftAsItIs() {
    JsonNode first = step("c1", 0);
    String key = new RunLayout("c1").driverState(first.path("seq").asLong());
    store.put(key, "{\"stage\": 0, \"phase\": tru".getBytes(StandardCharsets.UTF_8));

    assertThatThrownBy(() -> step("c1", first.path("seq").asLong()))
        .hasMessageContaining("Corrupt JSON in " + key);
    assertThat(new String(store.get(key), StandardCharsets.UTF_8)).isEqualTo("{\"stage\": 0, \"phase\": tru");
  }

  @Test
  void anEmptyStateObjectIsRefusedNamingItsKeyAndWhatIsMissing() {
    JsonNode first = step("e1", 0);
    String key = new RunLayout("e1").driverState(first.path("seq").asLong());
    store.put(key, "{}".getBytes(StandardCharsets.UTF_8));

    assertThatThrownBy(() -> step("e1", first.path("seq").asLong()))
        .isInstanceOfSatisfying(FunctionException.class, e -> assertThat(e.errorType()).isEqualTo("Sluice.CorruptState"))
        .hasMessageContaining(key)
        .hasMessageContaining("missing 'job'");
    assertThat(new String(store.get(key), StandardCharsets.UTF_8)).isEqualTo("{}");
  }

  @Test
  void aStateObjectWithAFieldOfTheWrongTypeIsRefusedNamingTheField() {
    JsonNode first = step("w1", 0);
    String key = new RunLayout("w1").driverState(first.path("seq").asLong());
    String text = new String(store.get(key), StandardCharsets.UTF_8).replace("\"phase\":\"EXECUTE\"", "\"phase\":7");
    store.put(key, text.getBytes(StandardCharsets.UTF_8));

    assertThatThrownBy(() -> step("w1", first.path("seq").asLong()))
        .isInstanceOfSatisfying(FunctionException.class, e -> assertThat(e.errorType()).isEqualTo("Sluice.CorruptState"))
        .hasMessageContaining(key)
        .hasMessageContaining("'phase'");
  }

  @Test
  void aGarbageLedgerIsRebuiltFromTheCommits() throws Exception {
    JsonNode decision = step("g1", 0);
    for (JsonNode group : decision.path("groups")) {
      TestInvocation.call(new ExecutorHandler(job, store, Clock.system()), group, TestInvocation.of("executor"));
    }
    String ledger = new RunLayout("g1").batch(0, "one", 0).ledgerCache();
    store.put(ledger, "not json at all".getBytes(StandardCharsets.UTF_8));

    JsonNode next = step("g1", decision.path("seq").asLong());
    assertThat(next.path("action").asText()).isEqualTo(Decision.SUCCEED);
  }

  @Test
  void aStepThatWasNeverRecordedIsAClearError() {
    step("m1", 0);
    assertThatThrownBy(() -> step("m1", 7))
        .isInstanceOf(FunctionException.class)
        .hasMessageContaining("Run 'm1' has no driver state for step 7");
  }

  @Test
  void aFirstCallWithAParameterNoStageDeclaresIsAFinalErrorAndStartsNothing() {
    JsonNode input = TestJson.toTree(Map.of("run", "p1", "seq", 0, "parameters", Map.of("inptu", "x/")));
    assertThatThrownBy(() -> TestInvocation.call(driver, input, TestInvocation.of("driver")))
        .isInstanceOfSatisfying(FunctionException.class, e -> {
          assertThat(e.errorType()).isEqualTo("Sluice.InvalidInput");
          assertThat(DriverHandler.FINAL_ERRORS).contains(e.errorType());
        })
        .hasMessageContaining("no stage declares parameter 'inptu'");
    assertThat(store.exists(new RunLayout("p1").runFile())).as("no run was started").isFalse();
  }

  @Test
  void aRunIdTakenByAnotherJobIsRefused() {
    step("shared", 0);
    DriverHandler other = new DriverHandler(Job.builder("other").stage(job.stages().get(0)).build(), store, Clock.system());
    assertThatThrownBy(() -> TestInvocation.call(other, TestJson.toTree(Map.of("run", "shared", "seq", 0)), TestInvocation.of("driver")))
        .isInstanceOf(FunctionException.class)
        .hasMessageContaining("Run 'shared' belongs to job 'state', not to 'other'");
  }

  @Test
  void executorsThatNeverStartATaskFailTheRunAfterThreeRoundsWithTheirError() throws Exception {
    JsonNode decision = step("s1", 0);
    // The run's file disappears (a lifecycle rule, a wrong store): executors fail before any task.
    store.delete(new RunLayout("s1").runFile());
    for (int round = 0; round < 4 && Decision.RUN_EXECUTORS.equals(decision.path("action").asText()); round++) {
      for (JsonNode group : decision.path("groups")) {
        assertThatThrownBy(() -> TestInvocation.call(new ExecutorHandler(job, store, Clock.system()), group,
            TestInvocation.of("executor")))
            .hasMessageContaining("run.json");
      }
      store.put(new RunLayout("s1").runFile(), TestJson.bytes(Map.of("job", "state", "run", "s1", "parameters", Map.of(),
          "started", "2026-11-25T00:00:00Z")));
      decision = step("s1", decision.path("seq").asLong());
      store.delete(new RunLayout("s1").runFile());
    }
    assertThat(decision.path("action").asText()).isEqualTo(Decision.FAIL);
    assertThat(decision.path("error").asText()).isEqualTo("Sluice.NoProgress");
    assertThat(decision.path("cause").asText())
        .contains("Stage 'one': 3 executor rounds in a row started none of the 2 pending task(s)")
        .contains("No object at key 'runs/s1/run.json'");
  }

  @Test
  void aStageWhosePlanThrowsFailsTheRunNamingTheStageAndTheError() {
    Stage broken = Stage.named("broken")
        .plan(ctx -> {
          throw new IllegalStateException("the catalog has no table 'orders'");
        })
        .build();
    DriverHandler d = new DriverHandler(Job.builder("broken").stage(broken).build(), store, Clock.system());
    JsonNode decision = TestInvocation.call(d, TestJson.toTree(Map.of("run", "b1", "seq", 0)), TestInvocation.of("driver"));
    assertThat(decision.path("action").asText()).isEqualTo(Decision.FAIL);
    assertThat(decision.path("error").asText()).isEqualTo("Sluice.PlanFailed");
    assertThat(decision.path("cause").asText())
        .isEqualTo("Stage 'broken' plan() threw IllegalStateException: the catalog has no table 'orders'");
  }

  @Test
  void aPlanOfNullIsAClearError() {
    Stage empty = Stage.named("empty").plan(ctx -> null).build();
    DriverHandler d = new DriverHandler(Job.builder("empty").stage(empty).build(), store, Clock.system());
    JsonNode decision = TestInvocation.call(d, TestJson.toTree(Map.of("run", "n1", "seq", 0)), TestInvocation.of("driver"));
    assertThat(decision.path("error").asText()).isEqualTo("Sluice.PlanFailed");
    assertThat(decision.path("cause").asText()).contains("plan() returned null");
  }
}
