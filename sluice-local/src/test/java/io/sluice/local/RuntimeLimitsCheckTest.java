package io.sluice.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sluice.Job;
import io.sluice.JobDefinitionException;
import io.sluice.JobSettings;
import io.sluice.Plan;
import io.sluice.Stage;
import io.sluice.runtime.RuntimeLimits;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The local runtime emulates Lambda and Step Functions, and holds jobs to their limits. */
class RuntimeLimitsCheckTest {
  @TempDir Path dir;

  @Test
  void aJobOutsideLambdasLimitsIsRefusedWhenTheRuntimeIsBuilt() {
    Job job = Job.builder("big").stage(Stage.named("a").plan(ctx -> Plan.done()).build())
        .settings(JobSettings.builder().executorMemoryMb(20_000).build()).build();
    assertThatThrownBy(() -> LocalRuntime.builder(job).storeDir(dir).build())
        .isInstanceOf(JobDefinitionException.class)
        .hasMessageContaining("executorMemoryMb is 20000 MB")
        .hasMessageContaining("10240 MB");
  }

  @Test
  void theLoopRunsAsManyExecutorsAsTheLimitsAllow() {
    Job job = Job.builder("wide").stage(Stage.named("a").plan(ctx -> Plan.done()).build()).build();
    try (LocalRuntime runtime = LocalRuntime.builder(job).storeDir(dir).build()) {
      assertThat(runtime.limits()).isEqualTo(RuntimeLimits.LAMBDA_STEP_FUNCTIONS);
      assertThat(runtime.definition().path("States").path("Executors").path("MaxConcurrency").asInt()).isEqualTo(40);
    }
  }
}
