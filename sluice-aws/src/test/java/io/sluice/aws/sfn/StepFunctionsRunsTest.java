package io.sluice.aws.sfn;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sluice.examples.wordcount.WordCount;
import io.sluice.local.LocalRuntime;
import io.sluice.local.ProgressListener;
import io.sluice.local.store.FileSystemObjectStore;
import io.sluice.store.ObjectInfo;
import io.sluice.store.ObjectStore;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sfn.SfnClient;

/**
 * {@link StepFunctionsRuns} with the SDK's real Step Functions client against {@link
 * StepFunctionsServer}, the loopback stand-in that runs the job's generated definition on the
 * project's interpreter with the job's real Driver and Executor handlers (no Step Functions emulator
 * may be used here: see the server's javadoc).
 */
class StepFunctionsRunsTest {
  private static final Duration POLL = Duration.ofMillis(50);
  @TempDir Path dir;
  private final List<AutoCloseable> open = new ArrayList<>();

  @BeforeEach
  void reset() {
    ControlledJob.reset();
  }

  @AfterEach
  void closeAll() throws Exception {
    ControlledJob.GATE.countDown();
    for (int i = open.size() - 1; i >= 0; i--) {
      open.get(i).close();
    }
  }

  private <T extends AutoCloseable> T opened(T c) {
    open.add(c);
    return c;
  }

  private StepFunctionsRuns client(StepFunctionsServer server) {
    SfnClient sdk = opened(SfnClient.builder()
        .endpointOverride(server.endpoint())
        .region(Region.US_EAST_1)
        .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
        .httpClient(UrlConnectionHttpClient.create())
        .build());
    return StepFunctionsRuns.create(sdk);
  }

  private static void writeBooks(ObjectStore store, String prefix, int books) {
    for (int i = 1; i <= books; i++) {
      store.put(prefix + "book-" + i + ".txt", ("word ".repeat(i)).getBytes(UTF_8));
    }
  }

  /**
   * The words.txt outputs the run's tasks committed (read through their commit records, so that an
   * attempt that lost to another, such as one still running when its execution was stopped, does not
   * count), sorted: a task's key is not in its output's key.
   */
  private static List<Integer> outputs(ObjectStore store, String run) throws java.io.IOException {
    com.fasterxml.jackson.databind.ObjectMapper json = new com.fasterxml.jackson.databind.ObjectMapper();
    List<Integer> counts = new ArrayList<>();
    for (ObjectInfo o : store.listAll("runs/" + run + "/")) {
      if (o.key().contains("/commits/")) {
        String output = json.readTree(store.get(o.key())).path("outputs").path("words.txt").asText();
        counts.add(Integer.parseInt(new String(store.get(output), UTF_8).strip()));
      }
    }
    counts.sort(Integer::compare);
    return counts;
  }

  @Test
  void startThenAwaitSucceedsWithTheOutputOfALocalRun() throws Exception {
    ObjectStore aws = new FileSystemObjectStore(dir.resolve("aws"));
    ObjectStore local = new FileSystemObjectStore(dir.resolve("local"));
    writeBooks(aws, "texts/", 5);
    writeBooks(local, "texts/", 5);
    StepFunctionsServer server = opened(new StepFunctionsServer(new WordCount().create(), aws));
    StepFunctionsRuns runs = client(server);

    RunStart started = runs.start("word-count", server.stateMachineArn(), "run-1", Map.of("input", "texts/"));
    assertThat(started.executionArn()).isEqualTo(SfnArns.executionArn(server.stateMachineArn(), "run-1"));
    assertThat(started.existing()).isFalse();
    List<RunView> seen = new ArrayList<>();
    RunView end = runs.await(server.stateMachineArn(), "run-1", POLL, seen::add);

    assertThat(end.status()).isEqualTo("SUCCEEDED");
    assertThat(end.action()).isEqualTo("succeed");
    assertThat(end.step()).isGreaterThan(1);
    assertThat(end.executions()).isEqualTo(1);
    assertThat(end.output()).contains("\"action\":\"succeed\"");
    assertThat(seen).last().isEqualTo(end);
    try (LocalRuntime runtime = LocalRuntime.builder(new WordCount().create()).store(local).build()) {
      assertThat(runtime.run("run-1", Map.of("input", "texts/"), ProgressListener.none()).succeeded()).isTrue();
    }
    assertThat(outputs(aws, "run-1")).containsExactly(1, 2, 3, 4, 5).isEqualTo(outputs(local, "run-1"));
  }

  @Test
  void aRunIdIsOneExecutionWhateverTheNumberOfStarts() throws Exception {
    ObjectStore store = new FileSystemObjectStore(dir.resolve("store"));
    store.put("input/a.txt", "WAIT a b".getBytes(UTF_8));
    ControlledJob.GATE = new CountDownLatch(1);
    StepFunctionsServer server = opened(new StepFunctionsServer(new ControlledJob().create(), store));
    StepFunctionsRuns runs = client(server);
    String sm = server.stateMachineArn();

    RunStart first = runs.start("controlled", sm, "twice", Map.of());
    RunStart whileRunning = runs.start("controlled", sm, "twice", Map.of());
    assertThat(whileRunning.executionArn()).isEqualTo(first.executionArn());
    ControlledJob.GATE.countDown();
    assertThat(runs.await(sm, "twice", POLL, v -> {}).succeeded()).isTrue();
    RunStart afterEnd = runs.start("controlled", sm, "twice", Map.of());

    assertThat(afterEnd.executionArn()).isEqualTo(first.executionArn());
    assertThat(afterEnd.existing()).isTrue();
    assertThat(server.executionCount()).isEqualTo(1);
    assertThat(ControlledJob.calls("input/a.txt")).isEqualTo(1);
    assertThatThrownBy(() -> runs.start("controlled", sm, "twice", Map.of("other", "x")))
        .isInstanceOfSatisfying(RunControlException.class, e -> assertThat(e.kind()).isEqualTo(RunControlException.Kind.CONFLICT))
        .hasMessageContaining("exists already").hasMessageContaining("new --run-id");
  }

  @Test
  void aFailedRunRedrivenAfterItsCauseIsFixedSucceedsWithoutRedoingCommittedTasks() throws Exception {
    ObjectStore store = new FileSystemObjectStore(dir.resolve("store"));
    writeBooks(store, "input/", 3);
    store.put("input/poison.txt", "POISON".getBytes(UTF_8));
    StepFunctionsServer server = opened(new StepFunctionsServer(new ControlledJob().create(), store));
    StepFunctionsRuns runs = client(server);
    String sm = server.stateMachineArn();

    runs.start("controlled", sm, "r", Map.of());
    RunView failed = runs.await(sm, "r", POLL, v -> {});
    assertThat(failed.status()).isEqualTo("FAILED");
    assertThat(failed.error()).isEqualTo("Sluice.TaskFailed");
    assertThat(failed.cause()).contains("poisoned input input/poison.txt");
    assertThat(failed.action()).isEqualTo("fail");
    assertThat(ControlledJob.calls("input/poison.txt")).isEqualTo(2); // both attempts
    assertThat(outputs(store, "r")).containsExactly(1, 2, 3);

    store.put("input/poison.txt", "fixed now".getBytes(UTF_8));
    RunRedrive redrive = runs.redrive(sm, "r");
    assertThat(redrive.how()).isEqualTo(RunRedrive.How.RESUMED);
    assertThat(redrive.executionArn()).endsWith(":" + SfnArns.resumeName("r", failed.step()));
    RunView end = runs.await(sm, "r", POLL, v -> {});

    assertThat(end.status()).isEqualTo("SUCCEEDED");
    assertThat(end.executions()).isEqualTo(2);
    assertThat(end.executionArn()).isEqualTo(redrive.executionArn());
    for (int i = 1; i <= 3; i++) {
      assertThat(ControlledJob.calls("input/book-" + i + ".txt")).as("book %d ran once, before the failure", i).isEqualTo(1);
    }
    assertThat(ControlledJob.calls("input/poison.txt")).isEqualTo(3);
    assertThat(outputs(store, "r")).containsExactly(1, 2, 2, 3);
    // Redriving again: the run succeeded, there is nothing to redrive; the resume execution is found by name.
    assertThatThrownBy(() -> runs.redrive(sm, "r"))
        .isInstanceOfSatisfying(RunControlException.class, e -> assertThat(e.kind()).isEqualTo(RunControlException.Kind.NOT_REDRIVABLE))
        .hasMessageContaining("succeeded");
    assertThat(server.executionCount()).isEqualTo(2);
  }

  @Test
  void aStoppedRunIsAbortedAndARedriveFinishesIt() throws Exception {
    ObjectStore store = new FileSystemObjectStore(dir.resolve("store"));
    writeBooks(store, "input/", 2);
    store.put("input/wait.txt", "WAIT here".getBytes(UTF_8));
    ControlledJob.GATE = new CountDownLatch(1);
    StepFunctionsServer server = opened(new StepFunctionsServer(new ControlledJob().create(), store));
    StepFunctionsRuns runs = client(server);
    String sm = server.stateMachineArn();

    runs.start("controlled", sm, "s", Map.of());
    RunView running = runs.status(sm, "s");
    for (int i = 0; i < 1_000 && !"run_executors".equals(running.action()); i++) { // bounded: at most ~50 s
      Thread.sleep(50);
      running = runs.status(sm, "s");
    }
    assertThat(running.status()).isEqualTo("RUNNING");
    assertThat(running.action()).isEqualTo("run_executors");
    assertThat(running.executorGroups()).isPositive();
    assertThat(running.describe()).contains("RUNNING").contains("run_executors");

    RunView stopped = runs.stop(sm, "s", "testing stop");
    assertThat(stopped.status()).isEqualTo("ABORTED");
    assertThat(stopped.error()).isEqualTo(StepFunctionsRuns.STOPPED_ERROR);
    assertThatThrownBy(() -> runs.stop(sm, "s", null))
        .isInstanceOfSatisfying(RunControlException.class, e -> assertThat(e.kind()).isEqualTo(RunControlException.Kind.NOT_RUNNING));

    ControlledJob.GATE.countDown();
    RunRedrive redrive = runs.redrive(sm, "s");
    assertThat(redrive.how()).isEqualTo(RunRedrive.How.REDRIVEN);
    assertThat(redrive.executionArn()).isEqualTo(SfnArns.executionArn(sm, "s"));
    RunView end = runs.await(sm, "s", POLL, v -> {});
    assertThat(end.status()).isEqualTo("SUCCEEDED");
    assertThat(end.redriveCount()).isEqualTo(1);
    assertThat(end.executions()).isEqualTo(1);
    assertThat(outputs(store, "s")).containsExactly(1, 2, 2);
    assertThat(server.calls()).contains("StopExecution", "RedriveExecution");
  }

  @Test
  void errorsSayWhatIsWrong() throws Exception {
    ObjectStore store = new FileSystemObjectStore(dir.resolve("store"));
    writeBooks(store, "input/", 1);
    StepFunctionsServer server = opened(new StepFunctionsServer(new ControlledJob().create(), store));
    StepFunctionsRuns runs = client(server);
    String sm = server.stateMachineArn();

    assertThatThrownBy(() -> runs.status(sm, "never-started"))
        .isInstanceOfSatisfying(RunControlException.class, e -> assertThat(e.kind()).isEqualTo(RunControlException.Kind.NOT_FOUND))
        .hasMessageContaining("Run 'never-started' does not exist");
    String otherMachine = sm.replace(":sluice-controlled", ":sluice-other");
    assertThatThrownBy(() -> runs.start("other", otherMachine, "x", Map.of()))
        .isInstanceOfSatisfying(RunControlException.class, e -> assertThat(e.kind()).isEqualTo(RunControlException.Kind.NOT_FOUND))
        .hasMessageContaining("sluice deploy other");
    assertThatThrownBy(() -> runs.start("controlled", sm, "no spaces", Map.of()))
        .isInstanceOfSatisfying(RunControlException.class, e -> assertThat(e.kind()).isEqualTo(RunControlException.Kind.INVALID));
    assertThatThrownBy(() -> runs.start("controlled", "arn:aws:lambda:us-east-1:1:function:f", "x", Map.of()))
        .isInstanceOfSatisfying(RunControlException.class, e -> assertThat(e.kind()).isEqualTo(RunControlException.Kind.INVALID))
        .hasMessageContaining("not a state machine ARN");

    runs.start("controlled", sm, "done", Map.of());
    assertThat(runs.await(sm, "done", POLL, v -> {}).succeeded()).isTrue();
    assertThatThrownBy(() -> runs.stop(sm, "done", null))
        .isInstanceOfSatisfying(RunControlException.class, e -> assertThat(e.kind()).isEqualTo(RunControlException.Kind.NOT_RUNNING));

    server.deny("DescribeExecution");
    assertThatThrownBy(() -> runs.status(sm, "done"))
        .isInstanceOfSatisfying(RunControlException.class, e -> assertThat(e.kind()).isEqualTo(RunControlException.Kind.ACCESS_DENIED))
        .hasMessageContaining("states:DescribeExecution");
  }

  @Test
  void statusShowsADriverCallWaitingToBeRetried() throws Exception {
    java.util.concurrent.atomic.AtomicInteger failures = new java.util.concurrent.atomic.AtomicInteger(2);
    // The store refuses the Driver's first write twice, as a throttled S3 would: the loop retries the
    // Driver after 2 s, then 4 s (the generated Retry), and the run goes on.
    ObjectStore store = new io.sluice.store.ForwardingObjectStore(new FileSystemObjectStore(dir.resolve("store"))) {
      @Override
      public boolean putIfAbsent(String key, byte[] content) {
        if (key.equals("runs/slow/run.json") && failures.getAndDecrement() > 0) {
          throw new io.sluice.store.StoreException("SlowDown: please reduce your request rate (test)");
        }
        return super.putIfAbsent(key, content);
      }
    };
    writeBooks(store, "input/", 1);
    StepFunctionsServer server = opened(new StepFunctionsServer(new ControlledJob().create(), store));
    StepFunctionsRuns runs = client(server);
    String sm = server.stateMachineArn();

    runs.start("controlled", sm, "slow", Map.of());
    RunView waiting = runs.status(sm, "slow");
    for (int i = 0; i < 400 && waiting.driverRetry() == null && waiting.running(); i++) { // bounded
      Thread.sleep(25);
      waiting = runs.status(sm, "slow");
    }
    assertThat(waiting.driverRetry()).contains("SlowDown");
    assertThat(waiting.state()).isEqualTo("Driver");
    assertThat(waiting.describe()).contains("waiting to retry the driver after");
    RunView end = runs.await(sm, "slow", POLL, v -> {});
    assertThat(end.succeeded()).isTrue();
    assertThat(end.driverRetry()).isNull();
  }

  @Test
  void statusAcceptsAnExecutionArnForTheRun() throws Exception {
    ObjectStore store = new FileSystemObjectStore(dir.resolve("store"));
    writeBooks(store, "input/", 2);
    StepFunctionsServer server = opened(new StepFunctionsServer(new ControlledJob().create(), store));
    StepFunctionsRuns runs = client(server);
    RunStart started = runs.start("controlled", server.stateMachineArn(), "by-arn", Map.of());
    runs.await(server.stateMachineArn(), "by-arn", POLL, v -> {});

    RunView view = runs.status(null, started.executionArn());
    assertThat(view.runId()).isEqualTo("by-arn");
    assertThat(view.succeeded()).isTrue();
  }
}
