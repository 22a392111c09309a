package io.sluice.aws.sfn;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.Job;
import io.sluice.JobSettings;
import io.sluice.Plan;
import io.sluice.Stage;
import io.sluice.TaskOutcome;
import io.sluice.TaskSpec;
import io.sluice.local.store.FileSystemObjectStore;
import io.sluice.store.ObjectStore;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sfn.SfnClient;

/**
 * Runs that span several executions, and a redrive of an execution that failed in a Task, with the
 * SDK's real client against the loopback stand-in {@link StepFunctionsServer}.
 */
class RunChainsTest {
  private static final Duration POLL = Duration.ofMillis(50);
  @TempDir Path dir;

  private static SfnClient sdk(StepFunctionsServer server) {
    return SfnClient.builder().endpointOverride(server.endpoint()).region(Region.US_EAST_1)
        .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
        .httpClient(UrlConnectionHttpClient.create()).build();
  }

  @Test
  void statusFollowsTheExecutionsTheLoopChainsToTheRunsEnd() throws Exception {
    int loops = 40;
    AtomicInteger steps = new AtomicInteger();
    Stage stage = Stage.named("steps")
        .plan(ctx -> Plan.tasks(List.of(TaskSpec.of("walk"))))
        .run((task, ctx) -> {
          int i = task.resumeFrom(Integer.class).orElse(0);
          steps.incrementAndGet();
          return i + 1 < loops ? TaskOutcome.continueAt(i + 1) : TaskOutcome.done();
        })
        .build();
    // A small history limit: the Driver chains a new execution (continue_as_new) every few loops.
    Job job = Job.builder("chaining").stage(stage)
        .settings(JobSettings.builder().historyLimit(300).executorTimeout(Duration.ofSeconds(30))
            .executorBudget(Duration.ofSeconds(20)).build())
        .build();
    ObjectStore store = new FileSystemObjectStore(dir);
    try (StepFunctionsServer server = new StepFunctionsServer(job, store); SfnClient sdk = sdk(server);
        StepFunctionsRuns runs = StepFunctionsRuns.create(sdk)) {
      runs.start("chaining", server.stateMachineArn(), "long", Map.of());
      RunView end = runs.await(server.stateMachineArn(), "long", POLL, v -> {});

      assertThat(end.status()).as("%s: %s", end.error(), end.cause()).isEqualTo("SUCCEEDED");
      assertThat(steps).hasValue(loops);
      assertThat(end.executions()).isGreaterThan(1).isEqualTo(server.executionCount());
      assertThat(end.executionArn()).isNotEqualTo(SfnArns.executionArn(server.stateMachineArn(), "long"));
      assertThat(end.action()).isEqualTo("succeed");
      // Any execution of the run names it: from the last one, status finds the same end.
      assertThat(runs.status(null, end.executionArn()).runId()).isEqualTo("long");
    }
  }

  @Test
  void aRunThatFailedInTheDriverTaskIsRedrivenInPlaceAndFailsTheSameWayUntilFixed() throws Exception {
    ControlledJob.reset();
    ObjectStore store = new FileSystemObjectStore(dir);
    store.put("input/a.txt", "a".getBytes(UTF_8));
    try (StepFunctionsServer server = new StepFunctionsServer(new ControlledJob().create(), store); SfnClient sdk = sdk(server);
        StepFunctionsRuns runs = StepFunctionsRuns.create(sdk)) {
      String sm = server.stateMachineArn();
      // The Driver refuses a parameter no stage declares: Sluice.InvalidInput, a final error, not retried.
      runs.start("controlled", sm, "bad", Map.of("nonsense", "1"));
      RunView failed = runs.await(sm, "bad", POLL, v -> {});
      assertThat(failed.status()).isEqualTo("FAILED");
      assertThat(failed.error()).isEqualTo("Sluice.InvalidInput");
      assertThat(failed.cause()).contains("nonsense");
      assertThat(failed.step()).isEqualTo(-1);

      RunRedrive redrive = runs.redrive(sm, "bad");
      assertThat(redrive.how()).isEqualTo(RunRedrive.How.REDRIVEN);
      RunView again = runs.await(sm, "bad", POLL, v -> {});

      assertThat(again.status()).isEqualTo("FAILED");
      assertThat(again.error()).isEqualTo("Sluice.InvalidInput");
      assertThat(again.redriveCount()).isEqualTo(1);
      assertThat(server.executionCount()).isEqualTo(1);
      assertThat(ControlledJob.calls("input/a.txt")).isZero();
    }
  }
}
