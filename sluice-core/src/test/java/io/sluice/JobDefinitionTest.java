package io.sluice;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class JobDefinitionTest {

  static Stage named(String name) {
    return new Stage() {
      @Override
      public String name() {
        return name;
      }

      @Override
      public Plan plan(PlanContext context) {
        return Plan.done();
      }
    };
  }

  @Test
  void workloadDecidesWorkersFromVcpus() {
    assertThat(Workload.CPU.workersFor(6)).isEqualTo(6);
    assertThat(Workload.MEMORY.workersFor(6)).isEqualTo(3);
    assertThat(Workload.NETWORK.workersFor(6)).isEqualTo(24);
    assertThat(Workload.CPU.workersFor(1)).isEqualTo(1);
    assertThat(Workload.MEMORY.workersFor(1)).isEqualTo(1);
    assertThat(Workload.CPU.workersFor(0)).isEqualTo(1);
  }

  @Test
  void goalScalesExecutorsFromOneUpToItsCap() {
    assertThat(Goal.LATENCY.executorsFor(1, 40)).isEqualTo(1);
    assertThat(Goal.LATENCY.executorsFor(7, 40)).isEqualTo(7);
    assertThat(Goal.LATENCY.executorsFor(1000, 40)).isEqualTo(40);
    assertThat(Goal.STABILITY.executorsFor(1000, 40)).isEqualTo(10);
    assertThat(StageSettings.builder().maxExecutors(4).build().executorsFor(100, 40, 10_000)).isEqualTo(4);
    assertThat(StageSettings.builder().maxExecutors(4).build().executorsFor(100, 2, 2)).isEqualTo(2);
    assertThat(StageSettings.DEFAULTS.executorsFor(1000, 40, 10_000)).isEqualTo(40);
    assertThat(StageSettings.DEFAULTS.executorsFor(1000, 100, 10_000)).isEqualTo(100);
  }

  @Test
  void aStagesOwnCapReplacesTheGoalsUpToTheRuntimesMaximum() {
    StageSettings wide = StageSettings.builder().maxExecutors(1000).build();
    assertThat(wide.executorsFor(5000, 40, 10_000)).as("above the latency goal's default").isEqualTo(1000);
    assertThat(wide.executorsFor(300, 40, 10_000)).as("one per task").isEqualTo(300);
    assertThat(wide.executorsFor(5000, 40, 500)).as("never above the runtime's maximum").isEqualTo(500);
    StageSettings gentle = StageSettings.builder().goal(Goal.STABILITY).maxExecutors(25).build();
    assertThat(gentle.maxExecutors(40, 10_000)).as("a set cap is the stage's, whatever its goal").isEqualTo(25);
  }

  @Test
  void backoffGrowsByItsRate() {
    StageSettings s = StageSettings.builder().backoff(Duration.ofMillis(100), 3.0).build();
    assertThat(s.backoffBefore(2)).isEqualTo(Duration.ofMillis(100));
    assertThat(s.backoffBefore(3)).isEqualTo(Duration.ofMillis(300));
    assertThat(s.backoffBefore(4)).isEqualTo(Duration.ofMillis(900));
  }

  @Test
  void refusesAJobWithoutStages() {
    assertThatThrownBy(() -> Job.builder("empty").build())
        .isInstanceOf(JobDefinitionException.class)
        .hasMessageContaining("Job 'empty' has no stages");
  }

  @Test
  void refusesTwoStagesWithOneName() {
    assertThatThrownBy(() -> Job.builder("twice").stage(named("a")).stage(named("a")).build())
        .isInstanceOf(JobDefinitionException.class)
        .hasMessage("Job 'twice' has two stages named 'a'");
  }

  @Test
  void refusesBadNames() {
    assertThatThrownBy(() -> Job.builder("Bad Name").stage(named("a")).build())
        .isInstanceOf(JobDefinitionException.class)
        .hasMessageContaining("Job name 'Bad Name' is invalid");
    assertThatThrownBy(() -> Job.builder("ok").stage(named("no_underscores")).build())
        .isInstanceOf(JobDefinitionException.class)
        .hasMessageContaining("stage name 'no_underscores' is invalid");
  }

  @Test
  void refusesABudgetThatDoesNotLeaveRoomBeforeTheTimeout() {
    assertThatThrownBy(() -> JobSettings.builder().executorTimeout(Duration.ofMinutes(5)).executorBudget(Duration.ofMinutes(5)).build())
        .isInstanceOf(JobDefinitionException.class)
        .hasMessageContaining("executorBudget (PT5M) must be below executorTimeout (PT5M)");
    assertThatThrownBy(() -> JobSettings.builder().executorMemoryMb(0).build())
        .isInstanceOf(JobDefinitionException.class)
        .hasMessageContaining("executorMemoryMb must be positive, got 0 MB");
  }

  @Test
  void refusesSettingsThatCannotRun() {
    assertThatThrownBy(() -> StageSettings.builder().maxAttempts(0).build())
        .isInstanceOf(JobDefinitionException.class)
        .hasMessage("maxAttempts must be at least 1, got 0");
    assertThatThrownBy(() -> StageSettings.builder().backoff(Duration.ofSeconds(1), 0.5).build())
        .isInstanceOf(JobDefinitionException.class)
        .hasMessage("backoffRate must be >= 1.0, got 0.5");
  }

  @Test
  void defaultsAreTheAwsShape() {
    JobSettings s = JobSettings.DEFAULTS;
    assertThat(s.driverMemoryMb()).isEqualTo(2048);
    assertThat(s.executorMemoryMb()).isEqualTo(10240);
    assertThat(s.executorTimeout()).isEqualTo(Duration.ofMinutes(15));
    assertThat(s.executorBudget()).isEqualTo(Duration.ofMinutes(10));
    assertThat(s.historyLimit()).as("0: the runtime's").isZero();
    Job job = Job.builder("j").stage(named("a")).stage(new Stage() {
      @Override
      public String name() {
        return "b";
      }

      @Override
      public StageSettings settings() {
        return StageSettings.builder().goal(Goal.STABILITY).build();
      }

      @Override
      public Plan plan(PlanContext context) {
        return Plan.tasks(List.of());
      }
    }).build();
    assertThat(job.maxExecutors(40, 10_000)).isEqualTo(40);
  }

  @Test
  void aStageBuiltFromLambdasNeedsAPlan() {
    assertThatThrownBy(() -> Stage.named("nothing").build())
        .isInstanceOf(JobDefinitionException.class)
        .hasMessage("Stage 'nothing' has no plan: call plan(ctx -> ...) before build()");
    Stage s = Stage.named("ok").plan(ctx -> Plan.done()).build();
    assertThat(s.name()).isEqualTo("ok");
    assertThat(s.settings()).isEqualTo(StageSettings.DEFAULTS);
    assertThatThrownBy(() -> s.run(new Task("t", "ok", null, null, 1), null))
        .isInstanceOf(JobDefinitionException.class)
        .hasMessageContaining("Stage 'ok' planned tasks but does not implement run");
  }
}
