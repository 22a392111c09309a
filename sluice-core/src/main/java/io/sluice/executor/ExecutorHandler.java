package io.sluice.executor;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sluice.Job;
import io.sluice.Stage;
import io.sluice.driver.GroupRef;
import io.sluice.function.FunctionException;
import io.sluice.function.FunctionHandler;
import io.sluice.function.InvocationContext;
import io.sluice.internal.Json;
import io.sluice.internal.Payloads;
import io.sluice.run.GroupManifest;
import io.sluice.run.PlannedTask;
import io.sluice.run.RunInfo;
import io.sluice.run.RunLayout;
import io.sluice.runtime.RuntimeLimits;
import io.sluice.internal.Wire;
import io.sluice.runtime.ParameterSources;
import io.sluice.store.ObjectNotFoundException;
import io.sluice.store.ObjectStore;
import io.sluice.time.Clock;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Executor function. Input: a {@link GroupRef}. Output: a few counters; results go to the store.
 *
 * <p>Instance-scoped: the job, the store client, the clock and the instance's temp root. Invocation-
 * scoped, made fresh by every call: the temp directory (its own, under the temp root, deleted when the
 * call ends), the worker pool, the counters. So one instance may serve concurrent invocations (Lambda
 * Managed Instances) without their temp files meeting.
 */
public final class ExecutorHandler implements FunctionHandler {
  private static final Logger LOG = LoggerFactory.getLogger(ExecutorHandler.class);

  private final Job job;
  private final ObjectStore store;
  private final Clock clock;
  private final Path tempRoot;
  private final RuntimeLimits limits;
  private final ParameterSources parameters;

  /** An Executor on Lambda ({@link RuntimeLimits#LAMBDA_STEP_FUNCTIONS}). */
  public ExecutorHandler(Job job, ObjectStore store, Clock clock) {
    this(job, store, clock, RuntimeLimits.LAMBDA_STEP_FUNCTIONS);
  }

  /** An Executor on the platform of {@code limits}, which decide its vCPUs and so its workers. */
  public ExecutorHandler(Job job, ObjectStore store, Clock clock, RuntimeLimits limits) {
    this(job, store, clock, limits, ParameterSources.NONE);
  }

  /**
   * An Executor on the platform of {@code limits} whose tasks also take the parameters configured in
   * {@code parameters}, and read their {@code ssm:} references through its resolver.
   */
  public ExecutorHandler(Job job, ObjectStore store, Clock clock, RuntimeLimits limits, ParameterSources parameters) {
    this.parameters = Objects.requireNonNull(parameters, "parameters");
    this.job = Objects.requireNonNull(job, "job");
    this.store = Objects.requireNonNull(store, "store");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.limits = Objects.requireNonNull(limits, "limits");
    try {
      this.tempRoot = Files.createTempDirectory("sluice-executor-");
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot create the executor's temp directory", e);
    }
  }

  @Override
  public byte[] handle(byte[] input, InvocationContext context) throws InterruptedException {
    return Payloads.write(handle(Payloads.read(input, "Executor"), context));
  }

  private JsonNode handle(JsonNode input, InvocationContext context) throws InterruptedException {
    GroupRef ref = parse(input);
    Path tempDir = freshTempDir();
    try {
      return handle(ref, tempDir, context);
    } finally {
      deleteTree(tempDir);
    }
  }

  private JsonNode handle(GroupRef ref, Path tempDir, InvocationContext context) throws InterruptedException {
    GroupManifest manifest = readManifest(ref);
    Stage stage = stageOf(manifest, ref);
    if (ref.group() != manifest.group()) {
      throw new FunctionException("Sluice.InvalidInput", "Group " + ref.group() + " was given with the manifest "
          + ref.manifest() + " of group " + manifest.group());
    }
    RunLayout layout = new RunLayout(ref.run());
    RunLayout.Batch batch = layout.batch(manifest.stageIndex(), stage.name(), manifest.batch());
    GroupReport report = new GroupReport();
    String executor = context.functionName() + "/" + context.requestId();
    try {
      return runGroup(ref, manifest, stage, layout, batch, tempDir, context, report);
    } catch (RuntimeException e) {
      // Recorded so that the driver can say why no task of this group ran; then failed as Lambda fails.
      String error = e instanceof FunctionException f ? f.errorType() : e.getClass().getName();
      ObjectNode record = Json.object();
      record.put("error", error);
      record.put("cause", String.valueOf(e.getMessage()));
      record.put("executor", context.functionName() + "/" + context.requestId());
      store.put(batch.executorError(manifest.round(), ref.group()), Json.bytes(record));
      throw e;
    } finally {
      writeResult(batch, manifest, report.result(stage.name(), manifest.round(), manifest.group(), manifest.epoch(), executor));
    }
  }

  /**
   * Tells the Driver what this group committed and tried, so that it need not list the stage's
   * commits and attempts. Best effort: without it the Driver checks the group's tasks one by one.
   */
  private void writeResult(RunLayout.Batch batch, GroupManifest manifest, io.sluice.run.GroupResult result) {
    try {
      store.put(batch.groupResult(manifest.round(), manifest.group()), Json.bytes(result));
    } catch (RuntimeException e) {
      LOG.warn("stage={} round={} group={}: could not write the group's result ({}); the driver will check its tasks",
          manifest.stage(), manifest.round(), manifest.group(), e.toString());
    }
  }

  private JsonNode runGroup(GroupRef ref, GroupManifest manifest, Stage stage, RunLayout layout, RunLayout.Batch batch,
      Path tempDir, InvocationContext context, GroupReport report) throws InterruptedException {
    RunInfo info = RunInfo.read(store, layout).orElseThrow(() -> new io.sluice.store.ObjectNotFoundException(layout.runFile()));
    Duration budget = min(job.settings().executorBudget(), context.remainingTime());
    Instant deadline = clock.now().plus(budget);
    List<PlannedTask> tasks = manifest.tasks();
    // One per invocation: its tasks share it, so references are read at most once per invocation (and
    // the resolver caches across invocations).
    io.sluice.Parameters runParameters = parameters.parameters(job.name(), Wire.parameterValues(info.parameters()));
    TaskAttempts runner = new TaskAttempts(job, stage, store, clock, info, runParameters, batch, manifest.epoch(), deadline, tempDir,
        context.functionName() + "/" + context.requestId(), report);
    int workers = Math.min(tasks.size(), limits.workers(stage.settings(), context.memoryMb()));
    ConcurrentLinkedQueue<PlannedTask> queue = new ConcurrentLinkedQueue<>(tasks);
    ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, workers), r -> {
      Thread t = new Thread(r, "sluice-worker-" + stage.name());
      t.setDaemon(true);
      return t;
    });
    try {
      List<Future<?>> running = new ArrayList<>();
      for (int i = 0; i < Math.max(1, workers); i++) {
        running.add(pool.submit(() -> {
          PlannedTask t;
          while ((t = queue.poll()) != null && !Thread.currentThread().isInterrupted()) {
            runner.run(t);
          }
          return null;
        }));
      }
      for (Future<?> f : running) {
        try {
          f.get();
        } catch (ExecutionException e) {
          throw new FunctionException("Sluice.ExecutorFailed", "A worker of stage '" + stage.name() + "' failed: "
              + e.getCause(), e.getCause());
        }
      }
    } finally {
      pool.shutdownNow();
    }
    ObjectNode out = runner.counters();
    out.put("stage", stage.name());
    out.put("workers", workers);
    LOG.info("run={} stage={} group={} {}", ref.run(), stage.name(), ref.group(), out);
    return out;
  }

  private static Duration min(Duration a, Duration b) {
    return a.compareTo(b) <= 0 ? a : b;
  }

  private GroupRef parse(JsonNode input) {
    if (input == null || !input.isObject() || !input.path("manifest").isTextual() || !input.path("run").isTextual()
        || !input.path("group").canConvertToInt()) {
      throw new FunctionException("Sluice.InvalidInput", "Executor input must be a task group reference "
          + "{\"run\", \"stage\", \"manifest\", \"group\"}, got " + Json.abbreviate(input));
    }
    return Json.fromTree(input, GroupRef.class);
  }

  private GroupManifest readManifest(GroupRef ref) {
    try {
      return Json.parse(store.get(ref.manifest()), GroupManifest.class, ref.manifest());
    } catch (ObjectNotFoundException e) {
      throw new FunctionException("Sluice.ManifestNotFound", "Task group manifest " + ref.manifest()
          + " of run '" + ref.run() + "' is missing from the store");
    }
  }

  private Stage stageOf(GroupManifest manifest, GroupRef ref) {
    int i = manifest.stageIndex();
    if (i < 0 || i >= job.stages().size() || !job.stages().get(i).name().equals(manifest.stage())) {
      throw new FunctionException("Sluice.InvalidInput", "Manifest " + ref.manifest() + " names stage '" + manifest.stage()
          + "' (#" + i + "), which job '" + job.name() + "' does not have: is this executor deployed with the right job?");
    }
    return job.stages().get(i);
  }

  /** A new, empty temp directory of this invocation alone, under the instance's temp root. */
  private Path freshTempDir() {
    try {
      return Files.createTempDirectory(Files.createDirectories(tempRoot), "invocation-");
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot create an invocation's temp directory under " + tempRoot, e);
    }
  }

  /** Deletes an invocation's temp directory: nothing of it survives into later invocations. */
  private static void deleteTree(Path dir) {
    try (Stream<Path> walk = Files.walk(dir)) {
      for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    } catch (IOException e) {
      LOG.warn("Could not delete the invocation's temp directory {}: {}", dir, e.toString());
    }
  }

}
