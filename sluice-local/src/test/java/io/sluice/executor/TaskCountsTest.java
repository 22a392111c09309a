package io.sluice.executor;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.sluice.Completion;
import io.sluice.Job;
import io.sluice.Plan;
import io.sluice.Stage;
import io.sluice.StageSettings;
import io.sluice.TaskMetrics;
import io.sluice.TaskOutcome;
import io.sluice.TaskSpec;
import io.sluice.TestInvocation;
import io.sluice.TestJson;
import io.sluice.driver.Decision;
import io.sluice.driver.DriverHandler;
import io.sluice.local.store.FileSystemObjectStore;
import io.sluice.run.CommitRecord;
import io.sluice.run.RunLayout;
import io.sluice.store.ObjectInfo;
import io.sluice.store.ObjectStore;
import io.sluice.time.Clock;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The executor counts what an attempt asks of the store (read requests, published objects) as it
 * counts bytes: into the commit record of the attempt that commits, and nowhere for one that fails.
 */
class TaskCountsTest {
  @TempDir Path dir;

  @Test
  void theCommittedAttemptsRequestsAndObjectsAreCountedAndAFailedAttemptsAreNot() throws Exception {
    ObjectStore store = new FileSystemObjectStore(dir);
    store.put("in/a.bin", new byte[100]);
    AtomicReference<TaskMetrics> metrics = new AtomicReference<>();
    Stage stage = Stage.named("ranges")
        .plan(ctx -> Plan.tasks(List.of(TaskSpec.of("in/a.bin"))))
        .run((task, ctx) -> {
          String key = task.input(String.class);
          if (task.attempt() == 1) {
            // More of everything than the attempt that commits, then a failure.
            ctx.stat(key);
            for (int i = 0; i < 5; i++) {
              try (InputStream in = ctx.openRange(key, i * 10, 10)) {
                in.readAllBytes();
              }
            }
            for (int i = 0; i < 4; i++) {
              try (OutputStream out = ctx.output("failed-" + i + ".bin")) {
                out.write(new byte[7]);
              }
            }
            throw new IllegalStateException("the first attempt fails after reading and writing");
          }
          for (int i = 0; i < 3; i++) {
            try (InputStream in = ctx.openRange(key, i * 10, 10)) {
              in.readAllBytes();
            }
          }
          try (OutputStream out = ctx.output("part.bin")) {
            out.write(new byte[4]);
          }
          try (OutputStream out = ctx.outputAt("tables/t/fixed.bin")) {
            out.write(new byte[5]);
          }
          return TaskOutcome.done();
        })
        .complete(ctx -> {
          metrics.set(ctx.results().get(0).metrics());
          return Completion.next();
        })
        .settings(StageSettings.builder().maxAttempts(2).backoff(Duration.ZERO, 1.0).build())
        .build();
    Job job = Job.builder("counts").stage(stage).build();
    DriverHandler driver = new DriverHandler(job, store, Clock.system());

    JsonNode first = TestInvocation.call(driver, TestJson.toTree(Map.of("run", "c1", "seq", 0)), TestInvocation.of("driver"));
    assertThat(first.path("action").asText()).isEqualTo(Decision.RUN_EXECUTORS);
    List<JsonNode> outs = new ArrayList<>();
    for (JsonNode group : first.path("groups")) {
      outs.add(TestInvocation.call(new ExecutorHandler(job, store, Clock.system()), group, TestInvocation.of("executor")));
    }
    JsonNode next = TestInvocation.call(driver, TestJson.toTree(Map.of("run", "c1", "seq", first.path("seq").asLong())),
        TestInvocation.of("driver"));
    assertThat(next.path("action").asText()).isEqualTo(Decision.SUCCEED);

    RunLayout.Batch batch = new RunLayout("c1").batch(0, "ranges", 0);
    List<ObjectInfo> commits = new ArrayList<>();
    store.listAll(batch.commitsPrefix()).forEach(commits::add);
    assertThat(commits).hasSize(1);
    CommitRecord commit = TestJson.parse(store.get(commits.get(0).key()), CommitRecord.class, commits.get(0).key());
    assertThat(commit.attempt()).isEqualTo(2);
    assertThat(commit.readRequests()).isEqualTo(3);
    assertThat(commit.objectsWritten()).isEqualTo(2);
    assertThat(commit.bytesIn()).isEqualTo(30);
    assertThat(commit.bytesOut()).isEqualTo(9);

    // What later stages and the completion step see.
    assertThat(metrics.get()).isEqualTo(new TaskMetrics(2, 30, 9, commit.millis(), 3, 2));

    // The executor's counters, which the runtimes sum into a run's totals, leave the failed attempt out as bytesIn does.
    assertThat(outs).hasSize(1);
    JsonNode counters = outs.get(0);
    assertThat(counters.path("retried").asLong()).isEqualTo(1);
    assertThat(counters.path("readRequests").asLong()).isEqualTo(3);
    assertThat(counters.path("objectsWritten").asLong()).isEqualTo(2);
    assertThat(counters.path("bytesIn").asLong()).isEqualTo(30);
  }

  @Test
  void aStatAndAnOpenOfAMissingObjectAreRequestsToo() throws Exception {
    ObjectStore store = new FileSystemObjectStore(dir);
    store.put("in/a.bin", new byte[10]);
    AtomicReference<TaskMetrics> metrics = new AtomicReference<>();
    Stage stage = Stage.named("probe")
        .plan(ctx -> Plan.tasks(List.of(TaskSpec.of("in/a.bin"))))
        .run((task, ctx) -> {
          ctx.stat("in/a.bin");
          ctx.stat("in/none.bin");
          try {
            ctx.open("in/none.bin").close();
          } catch (io.sluice.store.ObjectNotFoundException expected) {
            // a GET that finds nothing is still a request
          }
          try (InputStream in = ctx.open("in/a.bin")) {
            in.readAllBytes();
          }
          return TaskOutcome.done();
        })
        .complete(ctx -> {
          metrics.set(ctx.results().get(0).metrics());
          return Completion.next();
        })
        .build();
    Job job = Job.builder("probe").stage(stage).build();
    DriverHandler driver = new DriverHandler(job, store, Clock.system());
    JsonNode first = TestInvocation.call(driver, TestJson.toTree(Map.of("run", "p1", "seq", 0)), TestInvocation.of("driver"));
    for (JsonNode group : first.path("groups")) {
      TestInvocation.call(new ExecutorHandler(job, store, Clock.system()), group, TestInvocation.of("executor"));
    }
    TestInvocation.call(driver, TestJson.toTree(Map.of("run", "p1", "seq", first.path("seq").asLong())),
        TestInvocation.of("driver"));
    assertThat(metrics.get().readRequests()).isEqualTo(4);
    assertThat(metrics.get().objectsWritten()).isZero();
    assertThat(metrics.get().bytesIn()).isEqualTo(10);
  }
}
