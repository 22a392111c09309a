package io.sluice.cli;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.aws.sfn.ControlledJob;
import io.sluice.aws.sfn.StepFunctionsServer;
import io.sluice.examples.wordcount.WordCount;
import io.sluice.local.store.FileSystemObjectStore;
import io.sluice.store.ObjectStore;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@code sluice start / status --aws / stop / redrive} as a user runs them, against sluice-aws's
 * loopback Step Functions stand-in ({@link StepFunctionsServer}: the job's generated definition on the
 * project's interpreter with the job's real handlers; no Step Functions emulator may be used here).
 */
class AwsRunCommandsTest extends CommandLineTest {
  private StepFunctionsServer server;
  private ObjectStore store;

  @BeforeEach
  void resetJob() {
    ControlledJob.reset();
  }

  @AfterEach
  void stopServer() {
    ControlledJob.GATE.countDown();
    if (server != null) {
      server.close();
    }
  }

  private void serve(io.sluice.Job job) throws Exception {
    store = new FileSystemObjectStore(dir.resolve("store"));
    server = new StepFunctionsServer(job, store);
  }

  private String[] aws(String... args) {
    String[] all = java.util.Arrays.copyOf(args, args.length + 4);
    all[args.length] = "--state-machine";
    all[args.length + 1] = server.stateMachineArn();
    all[args.length + 2] = "--endpoint";
    all[args.length + 3] = server.endpoint().toString();
    return all;
  }

  @Test
  void startWaitPrintsTheRunIdFirstAndExitsZeroOnSuccess() throws Exception {
    serve(new WordCount().create());
    store.put("texts/a.txt", "one two three".getBytes(UTF_8));
    store.put("texts/b.txt", "four".getBytes(UTF_8));

    int code = sluice(aws("start", "word-count", "--run-id", "cli-1", "-p", "input=texts/", "--wait", "--poll", "50ms"));

    assertThat(code).as(err.toString()).isZero();
    assertThat(stdout().lines().findFirst()).contains("cli-1");
    assertThat(stdout()).contains("Started run cli-1 of job 'word-count'").contains("status:     SUCCEEDED")
        .contains("decision 'succeed'");
    int outputs = 0;
    for (io.sluice.store.ObjectInfo o : store.listAll("runs/cli-1/")) {
      outputs += o.key().endsWith("/words.txt") ? 1 : 0;
    }
    assertThat(outputs).isEqualTo(2);

    out.reset();
    assertThat(sluice(aws("status", "cli-1", "--aws"))).as(err.toString()).isZero();
    assertThat(stdout()).contains("run:        cli-1").contains("status:     SUCCEEDED").doesNotContain("redrive:")
        .contains("add --store s3://BUCKET/sluice/JOB/");

    // With the run's store as well: the stage and tasks, which the execution history does not hold.
    out.reset();
    assertThat(sluice(aws("status", "cli-1", "--aws", "--store", dir.resolve("store").toString()))).as(err.toString()).isZero();
    assertThat(stdout()).contains("status:     SUCCEEDED").contains("In the store").contains("job:        word-count")
        .contains("stage:      all 1 stage(s) done").doesNotContain("./sluice run").doesNotContain("process:");
  }

  @Test
  void aFailedRunExitsOneWithItsCauseAndRedriveFinishesIt() throws Exception {
    serve(new ControlledJob().create());
    store.put("input/good.txt", "a b".getBytes(UTF_8));
    store.put("input/bad.txt", "POISON".getBytes(UTF_8));

    int code = sluice(aws("start", "controlled", "--run-id", "r", "--wait", "--poll", "50ms"));

    assertThat(code).as(err.toString()).isEqualTo(1);
    assertThat(stdout()).contains("status:     FAILED").contains("error:      Sluice.TaskFailed")
        .contains("poisoned input input/bad.txt").contains("redrive:    sluice redrive r --state-machine " + server.stateMachineArn());

    store.put("input/bad.txt", "fixed".getBytes(UTF_8));
    out.reset();
    assertThat(sluice(aws("redrive", "r", "--wait", "--poll", "50ms"))).as(err.toString()).isZero();
    assertThat(stdout()).contains("Resumed run r from the Driver's last step").contains("status:     SUCCEEDED");
    assertThat(ControlledJob.calls("input/good.txt")).isEqualTo(1);

    assertThat(sluice(aws("redrive", "r"))).isEqualTo(2);
    assertThat(err.toString()).contains("Run 'r' succeeded: there is nothing to redrive");
  }

  @Test
  void stopAbortsARunningRun() throws Exception {
    serve(new ControlledJob().create());
    store.put("input/wait.txt", "WAIT".getBytes(UTF_8));
    ControlledJob.GATE = new CountDownLatch(1);

    assertThat(sluice(aws("start", "controlled", "--run-id", "s"))).as(err.toString()).isZero();
    assertThat(stdout()).contains("Follow it with: sluice status s --aws --state-machine");
    assertThat(sluice(aws("stop", "s", "--cause", "no longer needed"))).as(err.toString()).isZero();
    assertThat(stdout()).contains("Stopped run s: ABORTED");

    out.reset();
    assertThat(sluice(aws("status", "s", "--aws"))).isZero();
    assertThat(stdout()).contains("status:     ABORTED").contains("cause:      no longer needed").contains("redrive:    sluice redrive s");
    assertThat(sluice(aws("stop", "s"))).isEqualTo(2);
    assertThat(err.toString()).contains("Run 's' is not running (ABORTED");
  }

  @Test
  void mistakesGetOneLineAndExitCodeTwo() throws Exception {
    serve(new WordCount().create());

    assertThat(sluice(aws("status", "nope", "--aws"))).isEqualTo(2);
    assertThat(err.toString()).contains("Run 'nope' does not exist");
    assertThat(sluice("start", "word-count")).isEqualTo(2);
    assertThat(err.toString()).contains("Which state machine? Give --state-machine ARN");
    assertThat(sluice(aws("start", "word-count", "-p", "inptu=texts/"))).isEqualTo(2);
    assertThat(err.toString()).contains("inptu");
    assertThat(server.executionCount()).isZero();
  }

  @Test
  void theStateMachineArnIsDerivedFromTheStackNaming() throws Exception {
    serve(new WordCount().create());
    store.put("input/books/a.txt", "x".getBytes(UTF_8));

    int code = sluice("start", "word-count", "--account", StepFunctionsServer.ACCOUNT, "--region", StepFunctionsServer.REGION,
        "--endpoint", server.endpoint().toString(), "--run-id", "derived", "--wait", "--poll", "50ms");

    assertThat(code).as(err.toString()).isZero();
    assertThat(stdout()).contains(server.stateMachineArn().replace(":stateMachine:", ":execution:") + ":derived");
  }
}
