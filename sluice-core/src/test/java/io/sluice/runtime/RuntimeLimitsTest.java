package io.sluice.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sluice.Goal;
import io.sluice.Job;
import io.sluice.JobDefinitionException;
import io.sluice.JobSettings;
import io.sluice.Plan;
import io.sluice.Stage;
import io.sluice.StageSettings;
import io.sluice.Workload;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class RuntimeLimitsTest {
  static final RuntimeLimits LAMBDA = RuntimeLimits.LAMBDA_STEP_FUNCTIONS;

  static Job job(JobSettings settings, StageSettings stage) {
    return Job.builder("limits").stage(Stage.named("a").settings(stage).plan(ctx -> Plan.done()).build())
        .settings(settings).build();
  }

  @Test
  void lambdaGivesOneVcpuPer1769MbAndTheWorkloadDecidesWorkers() {
    assertThat(LAMBDA.vcpus(10_240)).isEqualTo(6);
    assertThat(LAMBDA.vcpus(1_769)).isEqualTo(1);
    assertThat(LAMBDA.vcpus(128)).isEqualTo(1);
    StageSettings network = StageSettings.builder().workload(Workload.NETWORK).build();
    assertThat(LAMBDA.workers(network, 10_240)).isEqualTo(24);
    assertThat(LAMBDA.workers(StageSettings.builder().workload(Workload.MEMORY).build(), 10_240)).isEqualTo(3);
    assertThat(LAMBDA.workers(StageSettings.builder().workers(5).build(), 10_240)).isEqualTo(5);
  }

  @Test
  void theLatencyGoalRunsAsManyExecutorsAsTheRuntimeAllows() {
    assertThat(LAMBDA.executors(StageSettings.DEFAULTS, 1_000)).isEqualTo(40);
    assertThat(LAMBDA.executors(StageSettings.builder().goal(Goal.STABILITY).build(), 1_000)).isEqualTo(10);
    RuntimeLimits wide = LAMBDA.toBuilder().platform("wide").defaultExecutors(100).build();
    assertThat(wide.executors(StageSettings.DEFAULTS, 1_000)).isEqualTo(100);
    assertThat(wide.maxExecutors(job(JobSettings.DEFAULTS, StageSettings.DEFAULTS))).isEqualTo(100);
  }

  @Test
  void aStageAsksForMoreThanFortyExecutorsAndTheLoopGoesDistributed() {
    StageSettings thousand = StageSettings.builder().maxExecutors(1_000).build();
    assertThat(LAMBDA.executors(thousand, 5_000)).isEqualTo(1_000);
    Job wide = job(JobSettings.DEFAULTS, thousand);
    assertThat(LAMBDA.maxExecutors(wide)).isEqualTo(1_000);
    assertThat(LAMBDA.distributedMap(wide)).isTrue();
    assertThat(LAMBDA.distributedMap(job(JobSettings.DEFAULTS, StageSettings.DEFAULTS))).isFalse();
    assertThat(LAMBDA.distributedMap(job(JobSettings.DEFAULTS, StageSettings.builder().maxExecutors(40).build()))).isFalse();
    assertThat(LAMBDA.distributedMap(job(JobSettings.DEFAULTS, StageSettings.builder().maxExecutors(41).build()))).isTrue();
  }

  @Test
  void theHistoryLimitIsTheJobsOwnOrTheRuntimes() {
    assertThat(LAMBDA.historyLimit(JobSettings.DEFAULTS)).isEqualTo(25_000);
    assertThat(LAMBDA.historyLimit(JobSettings.builder().historyLimit(300).build())).isEqualTo(300);
  }

  @Test
  void aJobOutsideTheLimitsIsRefusedNamingSettingValueAndLimit() {
    assertThatThrownBy(() -> LAMBDA.validate(job(JobSettings.builder().executorMemoryMb(20_000).build(), StageSettings.DEFAULTS)))
        .isInstanceOf(JobDefinitionException.class)
        .hasMessage("Job 'limits': executorMemoryMb is 20000 MB, outside Lambda and Step Functions's range of 128 to 10240 MB");
    assertThatThrownBy(() -> LAMBDA.validate(job(JobSettings.builder().driverMemoryMb(64).build(), StageSettings.DEFAULTS)))
        .hasMessageContaining("driverMemoryMb is 64 MB");
    assertThatThrownBy(() -> LAMBDA.validate(job(JobSettings.builder().executorTimeout(Duration.ofMinutes(20))
        .executorBudget(Duration.ofMinutes(10)).build(), StageSettings.DEFAULTS)))
        .hasMessageContaining("executorTimeout is PT20M, above Lambda and Step Functions's limit of PT15M");
    assertThatThrownBy(() -> LAMBDA.validate(job(JobSettings.builder().historyLimit(30_000).build(), StageSettings.DEFAULTS)))
        .hasMessageContaining("historyLimit is 30000 events, above Lambda and Step Functions's limit of 25000");
    assertThatThrownBy(() -> LAMBDA.validate(job(JobSettings.DEFAULTS, StageSettings.builder().maxExecutors(10_001).build())))
        .hasMessageContaining("stage 'a': maxExecutors is 10001, above Lambda and Step Functions's limit of 10000 executors per round");
  }

  @Test
  void aJobWithinTheLimitsIsAccepted() {
    LAMBDA.validate(job(JobSettings.DEFAULTS, StageSettings.builder().maxExecutors(40).build()));
    LAMBDA.validate(job(JobSettings.DEFAULTS, StageSettings.builder().maxExecutors(10_000).build()));
    RuntimeLimits fargate = LAMBDA.toBuilder().platform("Fargate").maxMemoryMb(122_880).maxFunctionTimeout(Duration.ofHours(12))
        .build();
    fargate.validate(job(JobSettings.builder().executorMemoryMb(30_720).build(), StageSettings.DEFAULTS));
  }
}
