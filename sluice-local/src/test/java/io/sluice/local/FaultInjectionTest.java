package io.sluice.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.sluice.Completion;
import io.sluice.Job;
import io.sluice.JobSettings;
import io.sluice.Plan;
import io.sluice.Stage;
import io.sluice.StageSettings;
import io.sluice.TaskOutcome;
import io.sluice.TaskResult;
import io.sluice.TaskSpec;
import io.sluice.TestJson;
import io.sluice.run.RunLayout;
import io.sluice.local.store.FileSystemObjectStore;
import io.sluice.store.ListRequest;
import io.sluice.store.ObjectInfo;
import io.sluice.store.ObjectListing;
import io.sluice.store.ObjectStore;
import io.sluice.store.ObjectWriter;
import io.sluice.store.StoreException;
import io.sluice.time.ManualClock;
import java.util.Map;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A store that fails one request in a hundred, sometimes after having done it (as a timeout after S3
 * applied a PUT does): the run still ends with the fault-free output, every committed output present,
 * and no uncommitted output left behind.
 */
class FaultInjectionTest {
  @TempDir Path dir;

  /**
   * Fails requests at random. A real store, wrapped: failing requests are what S3 clients see under
   * throttling and timeouts, which no local server reproduces on demand.
   */
  static class FlakyStore implements ObjectStore {
    private final ObjectStore store;
    private final double rate;
    private final SplittableRandom random;
    final AtomicInteger failures = new AtomicInteger();
    final AtomicInteger appliedThenFailed = new AtomicInteger();

    FlakyStore(ObjectStore store, double rate, long seed) {
      this.store = store;
      this.rate = rate;
      this.random = new SplittableRandom(seed);
    }

    private synchronized boolean fail() {
      return random.nextDouble() < rate;
    }

    private synchronized boolean afterApplying() {
      return random.nextBoolean();
    }

    private void before(String op, String key) {
      if (fail()) {
        failures.incrementAndGet();
        throw new StoreException("injected failure of " + op + " " + key);
      }
    }

    /** Runs a write; when it is chosen to fail, half the time the write has happened first. */
    private <T> T write(String op, String key, java.util.function.Supplier<T> write) {
      if (fail()) {
        failures.incrementAndGet();
        if (afterApplying()) {
          write.get();
          appliedThenFailed.incrementAndGet();
        }
        throw new StoreException("injected failure of " + op + " " + key);
      }
      return write.get();
    }

    @Override
    public void put(String key, byte[] content) {
      write("put", key, () -> {
        store.put(key, content);
        return null;
      });
    }

    @Override
    public boolean putIfAbsent(String key, byte[] content) {
      return write("putIfAbsent", key, () -> store.putIfAbsent(key, content));
    }

    @Override
    public ObjectWriter create(String key) {
      before("create", key);
      return store.create(key);
    }

    @Override
    public byte[] get(String key) {
      before("get", key);
      return store.get(key);
    }

    @Override
    public InputStream open(String key) {
      before("open", key);
      return store.open(key);
    }

    @Override
    public InputStream openRange(String key, long offset, long length, String ifMatch) {
      before("openRange", key);
      return store.openRange(key, offset, length, ifMatch);
    }

    @Override
    public Optional<ObjectInfo> stat(String key) {
      before("stat", key);
      return store.stat(key);
    }

    @Override
    public ObjectListing list(ListRequest request) {
      before("list", request.prefix());
      return store.list(request);
    }

    @Override
    public void delete(String key) {
      write("delete", key, () -> {
        store.delete(key);
        return null;
      });
    }
  }

  static final StageSettings PATIENT = StageSettings.builder().maxAttempts(10).backoff(Duration.ofMillis(10), 2.0).build();

  /** Squares 0..59 on executors, sums them in six partial tasks, then writes the total. */
  static Job job() {
    Stage squares = Stage.named("squares")
        .settings(PATIENT)
        .plan(ctx -> Plan.tasks(IntStream.range(0, 60).mapToObj(TaskSpec::of).toList()))
        .run((task, ctx) -> {
          int n = task.input(Integer.class);
          try (OutputStream out = ctx.output("square.txt")) {
            out.write(Integer.toString(n * n).getBytes(StandardCharsets.UTF_8));
          }
          return TaskOutcome.done();
        })
        .build();
    Stage sums = Stage.named("sums")
        .settings(PATIENT)
        .plan(ctx -> {
          List<String> keys = ctx.results("squares").stream().map(r -> r.output("square.txt")).toList();
          List<TaskSpec> parts = new ArrayList<>();
          for (int i = 0; i < keys.size(); i += 10) {
            parts.add(TaskSpec.of(keys.subList(i, Math.min(keys.size(), i + 10))));
          }
          return Plan.tasks(parts);
        })
        .run((task, ctx) -> {
          long sum = 0;
          for (String key : task.input(String[].class)) {
            try (InputStream in = ctx.open(key)) {
              sum += Long.parseLong(new String(in.readAllBytes(), StandardCharsets.UTF_8));
            }
          }
          try (OutputStream out = ctx.output("partial.txt")) {
            out.write(Long.toString(sum).getBytes(StandardCharsets.UTF_8));
          }
          return TaskOutcome.done();
        })
        .complete(ctx -> {
          long total = 0;
          for (TaskResult r : ctx.results()) {
            total += Long.parseLong(new String(ctx.store().get(r.output("partial.txt")), StandardCharsets.UTF_8));
          }
          ctx.store().put("result/" + ctx.runId() + ".txt", Long.toString(total).getBytes(StandardCharsets.UTF_8));
          return Completion.next();
        })
        .build();
    return Job.builder("faults").stage(squares).stage(sums)
        .settings(JobSettings.builder().executorTimeout(Duration.ofSeconds(30)).executorBudget(Duration.ofSeconds(20)).build())
        .build();
  }

  static RunResult run(ObjectStore store, String runId) {
    ManualClock clock = new ManualClock(Instant.parse("2026-11-01T00:00:00Z"));
    try (LocalRuntime runtime = LocalRuntime.builder(job()).store(store).clock(clock).build()) {
      return runtime.run(runId, Map.of(), ProgressListener.none());
    }
  }

  @Test
  void aStoreThatFailsRequestsChangesNothingInTheOutput() throws IOException {
    FileSystemObjectStore clean = new FileSystemObjectStore(dir.resolve("clean"));
    RunResult reference = run(clean, "r");
    assertThat(reference.succeeded()).isTrue();
    String expected = new String(clean.get("result/r.txt"), StandardCharsets.UTF_8);
    assertThat(expected).isEqualTo(Long.toString(IntStream.range(0, 60).mapToLong(n -> (long) n * n).sum()));

    FileSystemObjectStore disk = new FileSystemObjectStore(dir.resolve("flaky"));
    FlakyStore flaky = new FlakyStore(disk, 0.02, Long.getLong("flaky.seed", 20261125));
    RunResult result = run(flaky, "r");

    assertThat(result.succeeded()).as("%s: %s (driver calls %d, faults %d)", result.error(), result.cause(),
        result.driverInvocations(), flaky.failures.get()).isTrue();
    assertThat(new String(disk.get("result/r.txt"), StandardCharsets.UTF_8)).isEqualTo(expected);
    assertThat(flaky.failures.get()).as("faults injected").isPositive();
    // Every output left in the store is a committed one, and every committed one is there.
    for (String stage : List.of("00-squares", "01-sums")) {
      String batch = new RunLayout("r").root() + "stages/" + stage + "/batch-0/";
      Set<String> committed = new HashSet<>();
      for (ObjectInfo c : disk.listAll(batch + "commits/")) {
        TestJson.parse(disk.get(c.key()), c.key()).path("outputs").forEach(k -> committed.add(k.asText()));
      }
      Set<String> present = new HashSet<>();
      disk.listAll(batch + "out/").forEach(o -> present.add(o.key()));
      assertThat(present).as(stage).isEqualTo(committed);
      assertThat(committed).as(stage).hasSize(stage.endsWith("squares") ? 60 : 6);
    }
  }
}
