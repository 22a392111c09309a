package io.sluice.driver;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sluice.Job;
import io.sluice.ParameterException;
import io.sluice.function.FunctionException;
import io.sluice.function.FunctionHandler;
import io.sluice.function.InvocationContext;
import io.sluice.runtime.ParameterSources;
import io.sluice.runtime.RuntimeLimits;
import io.sluice.runtime.S3Addressing;
import io.sluice.internal.Json;
import io.sluice.internal.Payloads;
import io.sluice.internal.Wire;
import io.sluice.internal.StoreFailures;
import io.sluice.run.CorruptStateException;
import io.sluice.run.RunInfo;
import io.sluice.run.RunLayout;
import io.sluice.run.RunState;
import io.sluice.store.ObjectNotFoundException;
import io.sluice.store.ObjectStore;
import io.sluice.store.StoreException;
import java.util.List;
import io.sluice.time.Clock;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Driver function. Input: {@code {"run": RUN, "seq": N}} (plus {@code "parameters"} on the first
 * call, {@code "resume": true} to resume a failed run), either as it is or wrapped as {@code {"state":
 * {...}, "execution": ID}} the way the generated loop passes it with the execution's id. Output: a
 * {@link Decision}.
 *
 * <p>Every call starts from the state persisted by step {@code N} and writes step {@code N+1}
 * create-if-absent before it answers: a duplicate or retried call with the same {@code seq} returns
 * the decision already recorded instead of planning twice.
 *
 * <p>Instance-scoped: the job, the store client and the clock. Invocation-scoped: everything else,
 * built fresh from the store by each call.
 */
public final class DriverHandler implements FunctionHandler {
  private static final Logger LOG = LoggerFactory.getLogger(DriverHandler.class);

  private final Job job;
  private final ObjectStore store;
  private final Clock clock;
  private final RuntimeLimits limits;
  private final S3Addressing items;
  private final ParameterSources parameters;

  /** A Driver on Lambda and Step Functions ({@link RuntimeLimits#LAMBDA_STEP_FUNCTIONS}), for a job of inline Maps. */
  public DriverHandler(Job job, ObjectStore store, Clock clock) {
    this(job, store, clock, RuntimeLimits.LAMBDA_STEP_FUNCTIONS);
  }

  /**
   * A Driver on the platform of {@code limits}, which decide executors per round and history
   * accounting, for a job whose loop runs an inline Map.
   *
   * @throws IllegalArgumentException if the job's loop runs a Distributed Map ({@link
   *     RuntimeLimits#distributedMap}): that Driver needs to know where the state machine finds the store
   */
  public DriverHandler(Job job, ObjectStore store, Clock clock, RuntimeLimits limits) {
    this(job, store, clock, limits, null, ParameterSources.NONE);
  }

  /**
   * A Driver on the platform of {@code limits}; when the job's loop runs a Distributed Map, the Driver
   * writes each round's items to the store and hands the loop their address by {@code items} (the
   * S3 bucket and key the map's {@code ItemReader} reads).
   *
   * @param items the store as the state machine's S3 integrations see it; may be null for a job of
   *     inline Maps
   * @throws IllegalArgumentException if the job's loop runs a Distributed Map and {@code items} is null
   */
  public DriverHandler(Job job, ObjectStore store, Clock clock, RuntimeLimits limits, S3Addressing items) {
    this(job, store, clock, limits, items, ParameterSources.NONE);
  }

  /**
   * A Driver on the platform of {@code limits} whose runs also take the parameters configured in
   * {@code parameters}, and read their {@code ssm:} references through its resolver.
   */
  public DriverHandler(Job job, ObjectStore store, Clock clock, RuntimeLimits limits, ParameterSources parameters) {
    this(job, store, clock, limits, null, parameters);
  }

  /**
   * A Driver with both: the store's S3 addressing for a Distributed Map's items ({@code items}, may
   * be null for a job of inline Maps) and the configured parameters and their resolver.
   */
  public DriverHandler(Job job, ObjectStore store, Clock clock, RuntimeLimits limits, S3Addressing items,
      ParameterSources parameters) {
    this.job = Objects.requireNonNull(job, "job");
    this.store = Objects.requireNonNull(store, "store");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.limits = Objects.requireNonNull(limits, "limits");
    boolean distributed = limits.distributedMap(job);
    if (distributed && items == null) {
      throw new IllegalArgumentException("Job '" + job.name() + "' runs up to " + limits.maxExecutors(job)
          + " executors at once, so its loop reads each round's items from the store with a Distributed Map's"
          + " ItemReader: give the Driver the store's S3 addressing (its bucket and key prefix)");
    }
    this.items = distributed ? items : null;
    this.parameters = Objects.requireNonNull(parameters, "parameters");
  }

  /**
   * Error names of failures that are the same on every try (a bad input, a missing or corrupt state
   * object, a run of another job): the generated loop does not retry them. Every other failure of a
   * Driver call (a store that failed a request, anything unexpected) is retried, the step being
   * idempotent.
   */
  public static final List<String> FINAL_ERRORS = List.of(
      "Sluice.InvalidInput", "Sluice.StateNotFound", "Sluice.CorruptState", "Sluice.WrongJob", "Sluice.StoreRefused");

  @Override
  public byte[] handle(byte[] input, InvocationContext context) {
    return Payloads.write(handle(Payloads.read(input, "Driver"), context));
  }

  private JsonNode handle(JsonNode input, InvocationContext context) {
    try {
      return step(DriverInput.parse(input));
    } catch (FunctionException e) {
      throw e;
    } catch (CorruptStateException e) {
      throw new FunctionException("Sluice.CorruptState", e.getMessage(), e);
    } catch (RuntimeException e) {
      if (e instanceof StoreException && !StoreFailures.retryable(e)) {
        throw new FunctionException(e instanceof ObjectNotFoundException ? "Sluice.StateNotFound" : "Sluice.StoreRefused",
            e.getMessage(), e);
      }
      throw e;
    }
  }

  private JsonNode step(DriverInput in) {
    RunLayout layout = new RunLayout(in.run());
    RunInfo info = in.seq() == 0 ? startRun(layout, in.parameters()) : runInfo(layout);
    Decision recorded = recorded(layout, in.seq() + 1);
    if (recorded != null) {
      LOG.info("run={} seq={} duplicate driver call: returning the recorded decision {}", in.run(), in.seq(), recorded.action());
      return Json.toTree(recorded);
    }
    RunState state = in.seq() == 0 ? RunState.initial(job.name(), in.run(), job.stages().get(0).name()) : load(layout, in.seq());
    if (!state.job().equals(job.name())) {
      throw new FunctionException("Sluice.WrongJob", "Run '" + in.run() + "' belongs to job '" + state.job() + "', not to '"
          + job.name() + "': run it with its own job");
    }
    RunState.Builder next = state.toBuilder();
    if (state.terminal()) {
      if (in.resume() && Decision.FAIL.equals(state.decision().action())) {
        next.epoch(state.epoch() + 1).activity(state.activity(), 0);
        LOG.info("run={} resuming from seq={} (epoch {})", in.run(), in.seq(), state.epoch() + 1);
      } else {
        return Json.toTree(state.decision());
      }
    }
    next.seq(in.seq() + 1);
    if (in.execution() != null && !in.execution().equals(state.execution())) {
      next.execution(in.execution(), 0);
    }
    RunState written = new DriverStep(job, store, clock, limits, items, layout, info,
        parameters.parameters(job.name(), Wire.parameterValues(info.parameters())), next).advance().build();
    if (!store.putIfAbsent(layout.driverState(written.seq()), written.toJson())) {
      Decision winner = recorded(layout, written.seq());
      LOG.info("run={} seq={} a concurrent driver call recorded its decision first", in.run(), written.seq());
      return Json.toTree(winner);
    }
    try {
      RunState.recordLatest(store, layout, written.seq());
    } catch (RuntimeException e) {
      // A hint only: readers probe forward from an older pointer, or list when it is missing.
      LOG.warn("run={} seq={} could not record the latest step: {}", in.run(), written.seq(), e.toString());
    }
    LOG.info("run={} seq={} stage={} decision={}", in.run(), written.seq(), written.stage(), written.decision().action());
    return Json.toTree(written.decision());
  }

  private RunInfo startRun(RunLayout layout, JsonNode parameters) {
    // Checked here too, not only by launchers (the local runtime, the CLI): a run started on AWS by
    // any client reaches the Driver first. A wrong name or value is the same on every try: final.
    try {
      job.parameters().check(this.parameters.merge(Wire.parameterValues(parameters)));
    } catch (ParameterException e) {
      throw new FunctionException("Sluice.InvalidInput", e.getMessage(), e);
    }
    RunInfo info = new RunInfo(job.name(), layout.runId(), parameters, clock.now().toString());
    if (store.putIfAbsent(layout.runFile(), info.toJson())) {
      return info;
    }
    RunInfo existing = runInfo(layout);
    if (!existing.job().equals(job.name())) {
      throw new FunctionException("Sluice.WrongJob", "Run '" + layout.runId() + "' belongs to job '"
          + existing.job() + "', not to '" + job.name() + "': pick another run id");
    }
    if (!existing.parameters().equals(parameters)) {
      // A repeated first call carries the same parameters; other ones would silently get the old run's result.
      throw new FunctionException("Sluice.InvalidInput", "Run '" + layout.runId() + "' was started with parameters "
          + existing.parameters() + ", not " + parameters + ": resume it, or start a new run id");
    }
    return existing;
  }

  private RunInfo runInfo(RunLayout layout) {
    return RunInfo.read(store, layout).orElseThrow(() -> new FunctionException("Sluice.StateNotFound",
        "Run '" + layout.runId() + "' has no " + layout.runFile() + ": was it started, and is this the right store?"));
  }

  private Decision recorded(RunLayout layout, long seq) {
    return RunState.read(store, layout, seq).map(RunState::decision).orElse(null);
  }

  private RunState load(RunLayout layout, long seq) {
    return RunState.read(store, layout, seq).orElseThrow(() -> new FunctionException("Sluice.StateNotFound",
        "Run '" + layout.runId() + "' has no driver state for step " + seq + " (" + layout.driverState(seq)
            + "): was the run started, and is this the right store?"));
  }

  /** The Driver's input, checked. */
  record DriverInput(String run, long seq, JsonNode parameters, boolean resume, String execution) {
    static DriverInput parse(JsonNode wrapped) {
      JsonNode input = wrapped != null && wrapped.has("state") ? wrapped.get("state") : wrapped;
      if (input == null || !input.isObject()) {
        throw new FunctionException("Sluice.InvalidInput", "Driver input must be a JSON object with 'run' and 'seq', got "
            + Json.abbreviate(input));
      }
      JsonNode run = input.get("run");
      if (run == null || !run.isTextual() || !run.asText().matches("[A-Za-z0-9][A-Za-z0-9._-]{0,127}")) {
        throw new FunctionException("Sluice.InvalidInput", "Driver input needs 'run': 1-128 letters, digits, '.', '_' or '-', got "
            + Json.abbreviate(run));
      }
      JsonNode seq = input.get("seq");
      if (seq != null && !seq.isNull() && (!seq.canConvertToLong() || seq.asLong() < 0)) {
        throw new FunctionException("Sluice.InvalidInput", "Driver input 'seq' must be a non-negative integer, got " + seq);
      }
      JsonNode params = input.get("parameters");
      ObjectNode parameters = params != null && params.isObject() ? (ObjectNode) params : Json.object();
      JsonNode exec = wrapped.get("execution");
      return new DriverInput(run.asText(), seq == null || seq.isNull() ? 0 : seq.asLong(), parameters,
          input.path("resume").asBoolean(false), exec == null || exec.isNull() ? null : exec.asText());
    }
  }
}
