package io.sluice.local;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sluice.Job;
import io.sluice.ParameterResolver;
import io.sluice.runtime.ParameterSources;
import io.sluice.driver.DriverHandler;
import io.sluice.executor.ExecutorHandler;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.sluice.run.RunHeartbeat;
import io.sluice.run.RunInfo;
import io.sluice.run.RunLayout;
import io.sluice.run.RunState;
import io.sluice.local.function.LocalFunction;
import io.sluice.local.internal.LoopTasks;
import io.sluice.local.internal.ProgressProbe;
import io.sluice.local.internal.StoreObjectSource;
import io.sluice.local.internal.StatesClock;
import io.sluice.loop.FunctionArns;
import io.sluice.loop.LoopDefinition;
import io.sluice.runtime.RuntimeLimits;
import io.sluice.statemachine.ExecutionResult;
import io.sluice.statemachine.Interpreter;
import io.sluice.statemachine.StateMachine;
import io.sluice.local.store.FileSystemObjectStore;
import io.sluice.store.ObjectStore;
import io.sluice.time.Clock;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Runs a {@link Job} on this machine: the generated loop definition on the embedded interpreter, the
 * Driver and Executor handlers on local function instances (memory, timeout and concurrency from the
 * job's settings), and the run's state in a directory with S3 semantics.
 *
 * <pre>{@code
 * try (LocalRuntime runtime = LocalRuntime.builder(job).storeDir(Path.of("data/store")).build()) {
 *   RunResult result = runtime.run("run-1", Map.of("input", "orders/"), ProgressListener.none());
 * }
 * }</pre>
 */
public final class LocalRuntime implements AutoCloseable {
  private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(LocalRuntime.class);
  private final Job job;
  private final RuntimeLimits limits;
  private final ObjectStore store;
  private final Clock clock;
  private final FunctionArns arns;
  private final ObjectNode definition;
  private final StateMachine stateMachine;
  private final LocalFunction driver;
  private final LocalFunction executor;
  private final Duration progressInterval;

  private LocalRuntime(Builder b) {
    // The local runtime emulates Lambda and Step Functions, so it holds a job to their limits too: a
    // job that runs here deploys there.
    this.limits = RuntimeLimits.LAMBDA_STEP_FUNCTIONS;
    limits.validate(b.job);
    this.job = b.job;
    this.store = b.store != null ? b.store : new FileSystemObjectStore(b.storeDir, b.syncWrites);
    this.clock = b.clock;
    this.arns = FunctionArns.local(job.name());
    this.definition = LoopDefinition.generate(job, arns, limits);
    this.stateMachine = StateMachine.parse(definition);
    this.progressInterval = b.progressInterval;
    var s = job.settings();
    ObjectStore st = this.store;
    RuntimeLimits lim = this.limits;
    ParameterSources parameters = new ParameterSources(java.util.Map.of(), b.parameterResolver);
    this.driver = LocalFunction.builder("sluice-" + job.name() + "-driver",
            () -> new DriverHandler(job, st, clock, lim, StoreObjectSource::addressOf, parameters))
        .memoryMb(s.driverMemoryMb())
        .timeout(s.driverTimeout())
        .maxConcurrency(1)
        .build();
    this.executor = LocalFunction.builder("sluice-" + job.name() + "-executor",
            () -> new ExecutorHandler(job, st, clock, lim, parameters))
        .memoryMb(s.executorMemoryMb())
        .timeout(s.executorTimeout())
        .maxConcurrency(executorConcurrency(b, limits.maxExecutors(job)))
        .build();
  }

  /**
   * Executor instances at once: as asked, or by default as many as the machine has cores (and no
   * more than the job's executor cap). Lambda would run up to 40 at once, each with its own vCPUs;
   * here they share the machine's, and 40 CPU-bound executors on 2 cores made the demo 1.7x slower
   * and doubled its CPU time (docs/benchmarks.md). The generated definition is the same either way:
   * the Map still asks for the job's cap, and iterations beyond the instances wait for a free one.
   */
  private static int executorConcurrency(Builder b, int jobCap) {
    if (b.executorConcurrency > 0) {
      return b.executorConcurrency;
    }
    return Math.max(1, Math.min(jobCap, Runtime.getRuntime().availableProcessors()));
  }

  /** The limits this runtime holds jobs to: Lambda's and Step Functions', which it emulates. */
  public RuntimeLimits limits() {
    return limits;
  }

  /**
   * A runtime for {@code job}; {@link Builder#build()} checks the job against Lambda's and Step
   * Functions' limits and throws {@link io.sluice.JobDefinitionException} naming a setting outside them.
   */
  public static Builder builder(Job job) {
    return new Builder(job);
  }

  /** The job's loop definition, as this runtime executes it. */
  public ObjectNode definition() {
    return definition.deepCopy();
  }

  public ObjectStore store() {
    return store;
  }

  /** The Executor function (its instances and counters, for tests and displays). */
  public LocalFunction executorFunction() {
    return executor;
  }

  public LocalFunction driverFunction() {
    return driver;
  }

  /**
   * The store as Distributed Map item readers and result writers see S3 (bucket = the store's
   * top-level folder of that name), for running any state machine against a local store.
   */
  public static io.sluice.statemachine.ObjectSource interpreterObjects(ObjectStore store) {
    return new StoreObjectSource(store);
  }

  /** The ARNs this runtime's functions answer to. */
  public FunctionArns arns() {
    return arns;
  }

  /**
   * The job's functions as Task resources for any state machine (e.g. one run with {@code sluice sfn
   * run --job}): the Driver and Executor ARNs of {@link #arns()} reach the local function instances.
   */
  public io.sluice.statemachine.TaskInvoker functions() {
    return new LoopTasks(arns, driver, executor);
  }

  /**
   * Runs the job to its end as a new run {@code runId} with {@code parameters} (names and values as
   * given, {@code -p name=value} on the command line; each stage declares what it reads).
   *
   * @throws io.sluice.ParameterException before the run starts, if a parameter is unknown to the job,
   *     malformed, or required and missing
   * @throws RunRefusedException if a run of that id exists already: its result would be replayed, not
   *     recomputed with these parameters; resume it with {@link #resume}, or pick a new id
   */
  public RunResult run(String runId, Map<String, String> parameters, ProgressListener listener) {
    Map<String, String> given = parameters == null ? Map.of() : parameters;
    job.parameters().check(given);
    RunLayout layout = new RunLayout(runId);
    java.util.Optional<RunInfo> existing = RunInfo.read(store, layout);
    if (existing.isPresent() || RunState.latestSeq(store, layout).isPresent()) {
      String about = existing.map(i -> " (job '" + i.job() + "', started " + i.started() + ", parameters " + i.parameters() + ")")
          .orElse("");
      String job = existing.map(RunInfo::job).orElse(this.job.name());
      throw new RunRefusedException("Run '" + runId + "' already exists in " + store + about
          + ": running it again would replay its recorded result, not use these parameters. Continue it with resume"
          + " (./sluice run " + job + " --resume " + runId + "), or give a new run id");
    }
    ObjectNode input = JsonNodeFactory.instance.objectNode();
    input.put("run", runId);
    input.put("seq", 0);
    ObjectNode values = input.putObject("parameters");
    new java.util.TreeMap<>(given).forEach(values::put);
    return execute(runId, input, listener);
  }

  /**
   * Resumes a run: the Driver continues from the run's last persisted step, tasks that committed are
   * not redone, and tasks that failed get a fresh set of attempts. A run that stopped before its first
   * step was recorded starts again from step 0 with the parameters it was started with.
   *
   * @throws RunRefusedException if the run does not exist, belongs to another job, or runs now
   */
  public RunResult resume(String runId, ProgressListener listener) {
    RunLayout layout = new RunLayout(runId);
    RunInfo info = RunInfo.read(store, layout).orElseThrow(() -> new RunRefusedException(
        "Run '" + runId + "' does not exist in " + store + " (no " + layout.runFile() + "): nothing to resume"));
    if (!info.job().equals(job.name())) {
      throw new RunRefusedException("Run '" + runId + "' belongs to job '" + info.job() + "', not to '" + job.name()
          + "': resume it with its own job (./sluice run " + info.job() + " --resume " + runId + ")");
    }
    java.util.OptionalLong seq = RunState.latestSeq(store, layout);
    ObjectNode input = JsonNodeFactory.instance.objectNode();
    input.put("run", runId);
    if (seq.isEmpty()) {
      // Stopped after the Driver's first call wrote the run's file and before it wrote step 1.
      input.put("seq", 0);
      input.set("parameters", info.parameters());
    } else {
      input.put("seq", seq.getAsLong());
      input.put("resume", true);
    }
    return execute(runId, input, listener);
  }

  private RunResult execute(String runId, ObjectNode input, ProgressListener listener) {
    RunLayout layout = new RunLayout(runId);
    RunHeartbeat beat = acquire(layout);
    long start = System.nanoTime();
    LoopTasks tasks = new LoopTasks(arns, driver, executor);
    Interpreter interpreter = Interpreter.builder()
        .taskInvoker(tasks)
        .clock(new StatesClock(clock))
        .objectSource(new StoreObjectSource(store))
        .historyLimit(limits.historyLimit(job.settings()))
        .build();
    ProgressProbe probe = new ProgressProbe(job, store, runId, tasks, executor, start, clock);
    ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "sluice-progress");
      t.setDaemon(true);
      return t;
    });
    ticker.scheduleAtFixedRate(() -> {
      try {
        listener.onProgress(probe.snapshot());
      } catch (RuntimeException e) {
        // A display must not stop the run, nor (as an uncaught exception would) the later updates.
        LOG.debug("progress update failed", e);
      }
    }, 0, progressInterval.toMillis(), TimeUnit.MILLISECONDS);
    ticker.scheduleAtFixedRate(() -> {
      try {
        store.put(layout.heartbeat(), beat.beatAt(clock.now()).toJson());
      } catch (RuntimeException e) {
        LOG.debug("heartbeat of run {} not refreshed", runId, e);
      }
    }, HEARTBEAT.toMillis(), HEARTBEAT.toMillis(), TimeUnit.MILLISECONDS);
    ExecutionResult result;
    int executions = 0;
    try {
      JsonNode next = input;
      while (true) {
        executions++;
        result = interpreter.start(stateMachine, next, runId + "-" + executions).await();
        next = tasks.takeChainedInput();
        if (!result.succeeded() || next == null) {
          break;
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("Interrupted while running " + runId, e);
    } finally {
      ticker.shutdownNow();
      release(layout, beat);
    }
    listener.onProgress(probe.snapshot());
    Duration wall = Duration.ofNanos(System.nanoTime() - start);
    return new RunResult(runId, result.succeeded(), result.error(), result.cause(), wall, tasks.committed(),
        tasks.retries(), tasks.executorInvocations(), tasks.executorFailures(), tasks.driverInvocations(), executions,
        tasks.bytesIn(), tasks.bytesOut(), tasks.readRequests(), tasks.objectsWritten());
  }

  /** How often a running run's heartbeat is refreshed. */
  static final Duration HEARTBEAT = Duration.ofSeconds(2);

  /**
   * Takes the run for this process: its heartbeat names this process, and a run another live process
   * holds is refused. A heartbeat that stopped beating (its process died) is taken over.
   */
  private RunHeartbeat acquire(RunLayout layout) {
    RunHeartbeat ours = RunHeartbeat.of(ProcessHandle.current().pid(), RunHeartbeat.thisHost(),
        java.util.UUID.randomUUID().toString(), clock.now(), clock.now(), HEARTBEAT.toMillis());
    if (store.putIfAbsent(layout.heartbeat(), ours.toJson())) {
      return ours;
    }
    java.util.Optional<RunHeartbeat> other = RunHeartbeat.read(store, layout);
    if (other.isPresent() && other.get().live(clock.now(), ours.host())) {
      throw new RunRefusedException("Run '" + layout.runId() + "' is running now (" + other.get().describe(clock.now())
          + "): wait for it to end, or stop that process and resume the run");
    }
    store.put(layout.heartbeat(), ours.toJson());
    return ours;
  }

  private void release(RunLayout layout, RunHeartbeat ours) {
    try {
      if (RunHeartbeat.read(store, layout).map(b -> b.owner().equals(ours.owner())).orElse(false)) {
        store.delete(layout.heartbeat());
      }
    } catch (RuntimeException e) {
      LOG.warn("Could not remove the heartbeat of run {}: {}", layout.runId(), e.toString());
    }
  }

  @Override
  public void close() {
    driver.close();
    executor.close();
  }

  /** Builds a {@link LocalRuntime}. */
  public static final class Builder {
    private final Job job;
    private Path storeDir = Path.of("data", "store");
    private ObjectStore store;
    private Clock clock = Clock.system();
    private int executorConcurrency;
    private Duration progressInterval = Duration.ofMillis(250);
    private boolean syncWrites;
    private ParameterResolver parameterResolver = ParameterResolver.NONE;

    private Builder(Job job) {
      this.job = Objects.requireNonNull(job, "job");
    }

    /** The directory that holds the store (created if missing); default {@code data/store}. */
    public Builder storeDir(Path dir) {
      this.storeDir = Objects.requireNonNull(dir, "dir");
      return this;
    }

    /**
     * Whether the directory store flushes every object to disk before publishing it; default false.
     * Either way a crashed process never leaves a partial object (objects are published by an atomic
     * rename); without the flush an operating system crash or power loss can lose the newest objects.
     * Local runs are reproducible, and a flush costs about 10 ms on some disks, which would dominate
     * short tasks (see docs/benchmarks.md).
     */
    public Builder syncWrites(boolean sync) {
      this.syncWrites = sync;
      return this;
    }

    /** Use this store instead of a directory. */
    public Builder store(ObjectStore store) {
      this.store = Objects.requireNonNull(store, "store");
      return this;
    }

    /** The clock of the handlers and the interpreter (Wait states, back-off); default the wall clock. */
    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /**
     * Executor instances at most; default the machine's cores (at most the job's executor cap).
     * Give the job's cap (40 for the latency goal) to run as many at once as Lambda would.
     */
    public Builder executorConcurrency(int n) {
      this.executorConcurrency = n;
      return this;
    }

    /**
     * What reads the run parameters given as {@code ssm:} references; default none (reading one fails,
     * saying so). The CLI gives the Parameter Store resolver ({@link
     * io.sluice.runtime.ParameterSources#serviceResolver}).
     */
    public Builder parameterResolver(ParameterResolver resolver) {
      this.parameterResolver = Objects.requireNonNull(resolver, "resolver");
      return this;
    }

    public Builder progressInterval(Duration interval) {
      this.progressInterval = interval;
      return this;
    }

    public LocalRuntime build() {
      return new LocalRuntime(this);
    }
  }
}
