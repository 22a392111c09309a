package io.sluice.executor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.sluice.Job;
import io.sluice.Plan;
import io.sluice.PlanContext;
import io.sluice.Stage;
import io.sluice.Task;
import io.sluice.TaskContext;
import io.sluice.TaskOutcome;
import io.sluice.TaskSpec;
import io.sluice.TestInvocation;
import io.sluice.driver.Decision;
import io.sluice.driver.DriverHandler;
import io.sluice.TestJson;
import io.sluice.run.RunLayout;
import io.sluice.local.store.FileSystemObjectStore;
import io.sluice.store.ObjectInfo;
import io.sluice.store.ObjectStore;
import io.sluice.time.Clock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * At-least-once delivery: the same task group handed to several executors (or to one twice), and the
 * same driver step called twice, still produce every output exactly once.
 */
class DuplicateDeliveryTest {
  @TempDir Path dir;

  static final class Words implements Stage {
    final Map<String, AtomicInteger> runs = new ConcurrentHashMap<>();

    @Override
    public String name() {
      return "words";
    }

    @Override
    public Plan plan(PlanContext ctx) {
      return Plan.tasks(IntStream.range(0, 20).mapToObj(i -> TaskSpec.of("word-" + i)).toList());
    }

    @Override
    public TaskOutcome run(Task task, TaskContext ctx) throws Exception {
      runs.computeIfAbsent(task.input(String.class), k -> new AtomicInteger()).incrementAndGet();
      Thread.sleep(5); // widen the window in which duplicates overlap
      try (var out = ctx.output("upper.txt")) {
        out.write(task.input(String.class).toUpperCase().getBytes(StandardCharsets.UTF_8));
      }
      return TaskOutcome.done();
    }
  }

  @Test
  void duplicateDeliveriesOfATaskGroupCommitEachOutputOnce() throws Exception {
    ObjectStore store = new FileSystemObjectStore(dir);
    Words stage = new Words();
    Job job = Job.builder("dups").stage(stage).build();
    DriverHandler driver = new DriverHandler(job, store, Clock.system());

    JsonNode first = TestInvocation.call(driver, TestJson.toTree(Map.of("run", "d1", "seq", 0)), TestInvocation.of("driver"));
    assertThat(first.path("action").asText()).isEqualTo(Decision.RUN_EXECUTORS);
    // A duplicate call of the same driver step returns the decision already made, planning nothing new.
    JsonNode again = TestInvocation.call(driver, TestJson.toTree(Map.of("run", "d1", "seq", 0)), TestInvocation.of("driver"));
    assertThat(again).isEqualTo(first);

    // Every group is delivered three times, to three executor instances, concurrently.
    List<Callable<JsonNode>> deliveries = new ArrayList<>();
    for (JsonNode group : first.path("groups")) {
      for (int copy = 0; copy < 3; copy++) {
        ExecutorHandler executor = new ExecutorHandler(job, store, Clock.system());
        deliveries.add(() -> TestInvocation.call(executor, group, TestInvocation.of("executor")));
      }
    }
    ExecutorService pool = Executors.newFixedThreadPool(8);
    try {
      for (Future<JsonNode> f : pool.invokeAll(deliveries)) {
        f.get();
      }
    } finally {
      pool.shutdownNow();
    }

    JsonNode next = TestInvocation.call(driver, TestJson.toTree(Map.of("run", "d1", "seq", first.path("seq").asLong())), TestInvocation.of("driver"));
    assertThat(next.path("action").asText()).isEqualTo(Decision.SUCCEED);

    RunLayout.Batch batch = new RunLayout("d1").batch(0, "words", 0);
    List<String> outputs = new ArrayList<>();
    store.listAll(batch.outputsPrefix()).forEach(o -> outputs.add(o.key()));
    List<String> commits = new ArrayList<>();
    store.listAll(batch.commitsPrefix()).forEach(o -> commits.add(o.key()));
    assertThat(commits).hasSize(20);
    // Exactly one output object per task survives, and it is the committed one.
    assertThat(outputs).hasSize(20);
    // A commit record names its task; the task's input is in the plan.
    Map<String, String> inputs = new java.util.HashMap<>();
    TestJson.parse(store.get(batch.tasks()), batch.tasks()).forEach(t -> inputs.put(t.path("id").asText(), t.path("input").asText()));
    for (ObjectInfo c : store.listAll(batch.commitsPrefix())) {
      JsonNode record = TestJson.parse(store.get(c.key()), c.key());
      String key = record.path("outputs").path("upper.txt").asText();
      assertThat(outputs).contains(key);
      assertThat(inputs).containsKey(record.path("taskId").asText());
      assertThat(new String(store.get(key), StandardCharsets.UTF_8))
          .isEqualTo(inputs.get(record.path("taskId").asText()).toUpperCase());
    }
  }

  @Test
  void duplicateDeliveriesWritingFixedKeysLeaveEachFileOnceAndNoLoserDeletesIt() throws Exception {
    ObjectStore store = new FileSystemObjectStore(dir);
    // Both deliveries of a task meet here before either commits, so exactly one of the two loses the
    // commit race after writing (the path that must not delete the shared file).
    Map<String, java.util.concurrent.CountDownLatch> meet = new ConcurrentHashMap<>();
    Stage stage = Stage.named("fixed")
        .plan(ctx -> Plan.tasks(IntStream.range(0, 20).mapToObj(i -> TaskSpec.of("word-" + i)).toList()))
        .run((task, ctx) -> {
          var latch = meet.computeIfAbsent(task.id(), k -> new java.util.concurrent.CountDownLatch(2));
          latch.countDown();
          assertThat(latch.await(30, java.util.concurrent.TimeUnit.SECONDS)).as("the other delivery of " + task.id()).isTrue();
          try (var out = ctx.outputAt("tables/words/part-" + task.id() + ".txt")) {
            out.write(task.input(String.class).toUpperCase().getBytes(StandardCharsets.UTF_8));
          }
          return TaskOutcome.done();
        })
        .build();
    Job job = Job.builder("fixed-dups").stage(stage).build();
    DriverHandler driver = new DriverHandler(job, store, Clock.system());
    JsonNode first = TestInvocation.call(driver, TestJson.toTree(Map.of("run", "f1", "seq", 0)), TestInvocation.of("driver"));
    List<Callable<JsonNode>> deliveries = new ArrayList<>();
    for (JsonNode group : first.path("groups")) {
      for (int copy = 0; copy < 2; copy++) {
        ExecutorHandler executor = new ExecutorHandler(job, store, Clock.system());
        deliveries.add(() -> TestInvocation.call(executor, group, TestInvocation.of("executor")));
      }
    }
    ExecutorService pool = Executors.newFixedThreadPool(deliveries.size());
    int lost = 0;
    try {
      for (Future<JsonNode> f : pool.invokeAll(deliveries)) {
        lost += f.get().path("skipped").asInt();
      }
    } finally {
      pool.shutdownNow();
    }
    JsonNode next = TestInvocation.call(driver, TestJson.toTree(Map.of("run", "f1", "seq", first.path("seq").asLong())), TestInvocation.of("driver"));
    assertThat(next.path("action").asText()).isEqualTo(Decision.SUCCEED);
    assertThat(lost).as("deliveries that lost the commit race").isEqualTo(20);

    RunLayout.Batch batch = new RunLayout("f1").batch(0, "fixed", 0);
    List<String> files = new ArrayList<>();
    store.listAll("tables/words/").forEach(o -> files.add(o.key()));
    assertThat(files).hasSize(20);
    for (ObjectInfo c : store.listAll(batch.commitsPrefix())) {
      JsonNode record = TestJson.parse(store.get(c.key()), c.key());
      String key = "tables/words/part-" + record.path("taskId").asText() + ".txt";
      assertThat(record.path("outputs").path(key).asText()).isEqualTo(key);
      assertThat(files).contains(key);
    }
  }

  @Test
  void anOutputNameThatWouldEscapeTheStoreFailsTheAttempt() throws Exception {
    ObjectStore store = new FileSystemObjectStore(dir.resolve("store"));
    Stage escaping = new Stage() {
      @Override
      public String name() {
        return "escape";
      }

      @Override
      public io.sluice.StageSettings settings() {
        return io.sluice.StageSettings.builder().maxAttempts(1).build();
      }

      @Override
      public Plan plan(PlanContext ctx) {
        return Plan.tasks(List.of(TaskSpec.of("x")));
      }

      @Override
      public TaskOutcome run(Task task, TaskContext ctx) throws Exception {
        try (var out = ctx.output("../../../../../../escaped.txt")) {
          out.write(1);
        }
        return TaskOutcome.done();
      }
    };
    Job job = Job.builder("escape").stage(escaping).build();
    DriverHandler driver = new DriverHandler(job, store, Clock.system());
    JsonNode decision = TestInvocation.call(driver, TestJson.toTree(Map.of("run", "e1", "seq", 0)), TestInvocation.of("driver"));
    JsonNode counters = TestInvocation.call(new ExecutorHandler(job, store, Clock.system()),
        decision.path("groups").get(0), TestInvocation.of("executor"));
    assertThat(counters.path("failed").asInt()).isEqualTo(1);

    JsonNode end = TestInvocation.call(driver, TestJson.toTree(Map.of("run", "e1", "seq", decision.path("seq").asLong())), TestInvocation.of("driver"));
    assertThat(end.path("action").asText()).isEqualTo(Decision.FAIL);
    assertThat(end.path("cause").asText()).contains("Stage 'escape'").contains("InvalidKeyException");
    assertThat(dir.resolve("escaped.txt")).doesNotExist();
  }

  @Test
  void rejectsADriverInputWithoutARunId() {
    ObjectStore store = new FileSystemObjectStore(dir);
    Job job = Job.builder("dups").stage(new Words()).build();
    DriverHandler driver = new DriverHandler(job, store, Clock.system());
    assertThatThrownBy(() -> TestInvocation.call(driver, TestJson.toTree(Map.of("seq", 0)), TestInvocation.of("driver")))
        .isInstanceOf(io.sluice.function.FunctionException.class)
        .hasMessageContaining("'run'");
  }
}
