package io.sluice.bench;

import io.sluice.Job;
import io.sluice.Parameter;
import io.sluice.Plan;
import io.sluice.PlanContext;
import io.sluice.Stage;
import io.sluice.StageSettings;
import io.sluice.Task;
import io.sluice.TaskContext;
import io.sluice.TaskOutcome;
import io.sluice.examples.demo.CleanStage;
import io.sluice.examples.demo.DemoData;
import io.sluice.examples.demo.DemoJob;
import io.sluice.local.LocalRuntime;
import io.sluice.local.ProgressListener;
import io.sluice.local.RunResult;
import io.sluice.local.store.FileSystemObjectStore;
import io.sluice.store.ObjectInfo;
import io.sluice.store.ObjectStore;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The live heap of one running task of the demo's {@code clean} stage: how much memory a task holds
 * while it reads its chunk and writes its partitions, which is what grows with the number of tasks an
 * executor runs at once.
 *
 * <p>It writes the demo's 256 MB sample (seed 42, as {@code sluice demo} does), then runs the real
 * {@link CleanStage} through the local runtime on the first day's object (16 MB chunks: 3 tasks), one
 * task at a time. A wrapper around the task's context measures the live heap (used heap after a full
 * {@code System.gc()}) when the task starts and again at its {@value #SAMPLE_AT}th record (the stage
 * asks {@code shouldStop()} once per record), when every tenant's output is open and buffered; the
 * difference is the task's. It also counts the outputs the task opens.
 *
 * <pre>
 *   mvn -q -B -DskipTests -pl sluice-bench -am package
 *   java -Xmx1g -XX:+UseG1GC -cp sluice-bench/target/sluice-bench.jar io.sluice.bench.CleanTaskMemory
 * </pre>
 */
public final class CleanTaskMemory {
  private static final long SAMPLE_AT = 50_000;
  private static final String DAY = DemoJob.INPUT_PREFIX + "orders-" + DemoData.FIRST_DAY + ".csv";

  private CleanTaskMemory() {}

  public static void main(String[] args) throws Exception {
    Path dir = Files.createTempDirectory("sluice-clean-memory");
    try {
      ObjectStore store = new FileSystemObjectStore(dir);
      DemoData.generate(store, DemoJob.INPUT_PREFIX, 256L << 20, 42);
      ObjectInfo day = store.stat(DAY).orElseThrow();
      Measured stage = new Measured(new CleanStage(DAY, DemoJob.CHUNK_BYTES));
      Job job = Job.builder("clean-task-memory").stage(stage).build();
      try (LocalRuntime runtime = LocalRuntime.builder(job).store(store).executorConcurrency(1).build()) {
        RunResult r = runtime.run("memory", Map.of(), ProgressListener.none());
        if (!r.succeeded()) {
          throw new IllegalStateException("The clean stage failed: " + r.error() + ": " + r.cause());
        }
      }
      if (stage.samples.isEmpty()) {
        throw new IllegalStateException("No task was measured: the runtime did not run the measured stage");
      }
      System.out.printf("| clean task of %s (%.1f MB, %d MB chunks) | outputs opened | live heap at start | at record %,d | the task's |%n",
          DAY, day.size() / 1e6, DemoJob.CHUNK_BYTES >> 20, SAMPLE_AT);
      System.out.println("|---|---|---|---|---|");
      for (Sample s : stage.samples) {
        System.out.printf("| task %s | %d | %.2f MB | %.2f MB | %.2f MB |%n", s.task(), s.outputs(), s.before() / 1e6,
            s.during() / 1e6, (s.during() - s.before()) / 1e6);
      }
    } finally {
      Benchmarks.delete(dir);
    }
  }

  /** Used heap after full collections: what is live. */
  static long liveAfterGc() {
    for (int i = 0; i < 3; i++) {
      System.gc();
    }
    return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
  }

  record Sample(String task, int outputs, long before, long during) {}

  /** The clean stage, one task at a time, each measured. */
  private static final class Measured implements Stage {
    private final CleanStage clean;
    final List<Sample> samples = new ArrayList<>();

    Measured(CleanStage clean) {
      this.clean = clean;
    }

    @Override
    public String name() {
      return clean.name();
    }

    @Override
    public StageSettings settings() {
      return clean.settings();
    }

    @Override
    public List<Parameter<?>> parameters() {
      return clean.parameters();
    }

    @Override
    public Plan plan(PlanContext ctx) throws Exception {
      return clean.plan(ctx);
    }

    @Override
    public synchronized TaskOutcome run(Task task, TaskContext ctx) throws Exception {
      Sampling sampling = new Sampling(ctx, liveAfterGc());
      TaskOutcome outcome = clean.run(task, sampling);
      // a last, short chunk may end before the sample point: it is not measured
      if (sampling.during != 0) {
        samples.add(new Sample(task.id(), sampling.outputs, sampling.before, sampling.during));
      }
      return outcome;
    }
  }

  /** A task's context that counts outputs and measures the heap at the {@value #SAMPLE_AT}th {@code shouldStop()}. */
  private static final class Sampling implements TaskContext {
    private final TaskContext ctx;
    final long before;
    long during;
    int outputs;
    private long checks;

    Sampling(TaskContext ctx, long before) {
      this.ctx = ctx;
      this.before = before;
    }

    @Override
    public boolean shouldStop() {
      if (++checks == SAMPLE_AT) {
        during = liveAfterGc();
      }
      return ctx.shouldStop();
    }

    @Override
    public OutputStream output(String name) {
      outputs++;
      return ctx.output(name);
    }

    @Override
    public OutputStream outputAt(String key) {
      outputs++;
      return ctx.outputAt(key);
    }

    @Override
    public InputStream open(String key) {
      return ctx.open(key);
    }

    @Override
    public InputStream openRange(String key, long offset, long length) {
      return ctx.openRange(key, offset, length);
    }

    @Override
    public Optional<ObjectInfo> stat(String key) {
      return ctx.stat(key);
    }

    @Override
    public Duration remaining() {
      return ctx.remaining();
    }

    @Override
    public Path tempDir() {
      return ctx.tempDir();
    }

    @Override
    public String jobName() {
      return ctx.jobName();
    }

    @Override
    public String runId() {
      return ctx.runId();
    }

    @Override
    public String stageName() {
      return ctx.stageName();
    }

    @Override
    public io.sluice.Parameters parameters() {
      return ctx.parameters();
    }
  }
}
