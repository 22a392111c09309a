package io.sluice.run;

import com.fasterxml.jackson.databind.JsonNode;
import io.sluice.driver.Decision;
import io.sluice.internal.Json;
import io.sluice.store.ObjectInfo;
import io.sluice.store.ObjectNotFoundException;
import io.sluice.store.ObjectStore;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * The driver's state after one step, persisted as {@code runs/RUN/driver/SEQ.json} together with the
 * decision that step returned. Everything a driver invocation knows comes from here and from the
 * batch's ledger; nothing is kept in memory between invocations. Immutable: the driver makes the next
 * state with {@link #toBuilder()}.
 *
 * @param job the job the run belongs to
 * @param run the run's id
 * @param seq the step that wrote this state
 * @param stage index of the current stage (the number of stages once the run ended)
 * @param stageName the current stage's name ("" once past the last stage)
 * @param phase where the current stage is
 * @param batch the current stage's micro-batch: goes up by one on {@code Completion.again()}
 * @param round executor rounds of the current batch so far
 * @param planCalls plan() calls of the current stage (sleeps included)
 * @param epoch goes up by one on every resume, so failed tasks get a fresh set of attempts
 * @param completedBatches for each finished stage, the batch whose results later stages see
 * @param stageStates each stage's state as its plan/complete set it
 * @param tasksTotal tasks of the current batch known at this step (continuations included)
 * @param tasksCommitted of those, committed at this step (readers count commits for a live figure)
 * @param activity commits plus attempt claims of the current batch at the last round
 * @param stalledRounds rounds in a row in which the activity did not grow
 * @param execution the state machine execution this state was produced in, or null
 * @param events the estimated history events of that execution so far
 * @param decision the decision this step returned (null only in a run's initial state, never stored)
 * @param replay with a continue_as_new decision: the decision the next execution starts with
 */
public record RunState(
    String job,
    String run,
    long seq,
    int stage,
    String stageName,
    Phase phase,
    int batch,
    int round,
    int planCalls,
    int epoch,
    Map<String, Integer> completedBatches,
    Map<String, JsonNode> stageStates,
    long tasksTotal,
    long tasksCommitted,
    long activity,
    int stalledRounds,
    String execution,
    long events,
    Decision decision,
    Decision replay) {

  /** Where the current stage is. */
  public enum Phase { PLAN, EXECUTE, COMPLETE, ENDED }

  public RunState {
    Objects.requireNonNull(job, "job");
    Objects.requireNonNull(run, "run");
    Objects.requireNonNull(stageName, "stageName");
    Objects.requireNonNull(phase, "phase");
    completedBatches = Collections.unmodifiableMap(new LinkedHashMap<>(completedBatches));
    Map<String, JsonNode> states = new LinkedHashMap<>();
    stageStates.forEach((k, v) -> states.put(k, v.deepCopy()));
    stageStates = Collections.unmodifiableMap(states);
  }

  /** The state of a run before its first step. */
  public static RunState initial(String job, String run, String firstStage) {
    return new RunState(job, run, 0, 0, firstStage, Phase.PLAN, 0, 0, 0, 0, Map.of(), Map.of(), 0, 0, 0, 0, null, 0,
        null, null);
  }

  /** Stage states are JSON trees: the map's values are copies, so this state stays as it is. */
  @Override
  public Map<String, JsonNode> stageStates() {
    Map<String, JsonNode> copy = new LinkedHashMap<>();
    stageStates.forEach((k, v) -> copy.put(k, v.deepCopy()));
    return Collections.unmodifiableMap(copy);
  }

  /** A copy of {@code stageName}'s state, or null if it has none. */
  public JsonNode stageState(String stageName) {
    JsonNode s = stageStates.get(stageName);
    return s == null ? null : s.deepCopy();
  }

  /** Whether the run has ended (succeeded or failed). */
  public boolean terminal() {
    return decision != null && decision.terminal();
  }

  /** The JSON written to the store. */
  public byte[] toJson() {
    return Json.bytes(this);
  }

  public Builder toBuilder() {
    return new Builder(this);
  }

  /** The state recorded after step {@code seq}, validated; empty if there is none. */
  public static Optional<RunState> read(ObjectStore store, RunLayout layout, long seq) {
    String key = layout.driverState(seq);
    byte[] bytes;
    try {
      bytes = store.get(key);
    } catch (ObjectNotFoundException e) {
      return Optional.empty();
    }
    return Optional.of(decode(bytes, key));
  }

  /**
   * Decodes a stored state, refusing anything missing or mistyped.
   *
   * @throws CorruptStateException naming {@code key} and every problem
   */
  public static RunState decode(byte[] bytes, String key) {
    Fields f = Fields.parse(bytes, key, "driver state");
    String job = f.text("job");
    String run = f.text("run");
    long seq = f.whole("seq");
    int stage = f.int32("stage");
    String stageName = f.text("stageName");
    Phase phase = f.enumValue("phase", Phase.class);
    int batch = f.int32("batch");
    int round = f.int32("round");
    int planCalls = f.int32("planCalls");
    int epoch = f.int32("epoch");
    Map<String, Integer> completed = new LinkedHashMap<>();
    JsonNode c = f.object("completedBatches");
    if (c != null) {
      for (Iterator<Map.Entry<String, JsonNode>> it = c.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> e = it.next();
        if (!e.getValue().canConvertToInt() || !e.getValue().isIntegralNumber()) {
          f.problem("'completedBatches." + e.getKey() + "' must be an integer, got " + Json.abbreviate(e.getValue()));
        } else {
          completed.put(e.getKey(), e.getValue().asInt());
        }
      }
    }
    Map<String, JsonNode> states = new LinkedHashMap<>();
    JsonNode s = f.object("stageStates");
    if (s != null) {
      s.fields().forEachRemaining(e -> states.put(e.getKey(), e.getValue()));
    }
    long tasksTotal = f.whole("tasksTotal");
    long tasksCommitted = f.whole("tasksCommitted");
    long activity = f.whole("activity");
    int stalledRounds = f.int32("stalledRounds");
    String execution = f.optionalText("execution");
    long events = f.whole("events");
    Decision decision = decision(f, f.object("decision"), "decision");
    Decision replay = decision(f, f.optionalObject("replay"), "replay");
    f.check();
    return new RunState(job, run, seq, stage, stageName, phase, batch, round, planCalls, epoch, completed, states,
        tasksTotal, tasksCommitted, activity, stalledRounds, execution, events, decision, replay);
  }

  private static Decision decision(Fields f, JsonNode node, String name) {
    if (node == null) {
      return null;
    }
    Fields d = Fields.of(node, f.key(), "decision");
    String action = d.text("action");
    if (action != null && !Decision.ACTIONS.contains(action)) {
      f.problem("'" + name + ".action' must be one of " + Decision.ACTIONS + ", got \"" + action + "\"");
      return null;
    }
    if (node.has("groups") && !node.get("groups").isNull() && !node.get("groups").isArray()) {
      f.problem("'" + name + ".groups' must be an array");
      return null;
    }
    try {
      return Json.fromTree(node, Decision.class);
    } catch (IllegalArgumentException e) {
      f.problem("'" + name + "' cannot be read: " + e.getMessage());
      return null;
    }
  }

  /**
   * The last step the driver recorded for the run, if any. Reads the {@link RunLayout#latestStep()}
   * pointer and probes forward from it (the pointer is written after each step and may lag by one);
   * only when the pointer is missing or unreadable does it list the driver's folder (on S3, a LIST per
   * 1,000 steps) and rewrite the pointer.
   */
  public static OptionalLong latestSeq(ObjectStore store, RunLayout layout) {
    long seq = pointer(store, layout);
    if (seq < 0) {
      String last = null;
      for (ObjectInfo o : store.listAll(layout.driverPrefix())) {
        last = o.key();
      }
      if (last == null) {
        return OptionalLong.empty();
      }
      seq = Long.parseLong(last.substring(layout.driverPrefix().length(), last.length() - ".json".length()));
    }
    while (store.exists(layout.driverState(seq + 1))) {
      seq++;
    }
    return seq == 0 && !store.exists(layout.driverState(0)) ? OptionalLong.empty() : OptionalLong.of(seq);
  }

  private static long pointer(ObjectStore store, RunLayout layout) {
    try {
      JsonNode p = Json.MAPPER.readTree(store.get(layout.latestStep()));
      return p != null && p.path("seq").canConvertToLong() ? p.path("seq").asLong() : -1;
    } catch (ObjectNotFoundException | java.io.IOException e) {
      return -1;
    }
  }

  /** Records {@code seq} as the latest step (a hint: readers probe forward from it). */
  public static void recordLatest(ObjectStore store, RunLayout layout, long seq) {
    store.put(layout.latestStep(), Json.bytes(Map.of("seq", seq)));
  }

  /** Builds the next {@link RunState}; the driver's transitions. */
  public static final class Builder {
    private String job;
    private String run;
    private long seq;
    private int stage;
    private String stageName;
    private Phase phase;
    private int batch;
    private int round;
    private int planCalls;
    private int epoch;
    private final Map<String, Integer> completedBatches;
    private final Map<String, JsonNode> stageStates;
    private long tasksTotal;
    private long tasksCommitted;
    private long activity;
    private int stalledRounds;
    private String execution;
    private long events;
    private Decision decision;
    private Decision replay;

    private Builder(RunState s) {
      job = s.job;
      run = s.run;
      seq = s.seq;
      stage = s.stage;
      stageName = s.stageName;
      phase = s.phase;
      batch = s.batch;
      round = s.round;
      planCalls = s.planCalls;
      epoch = s.epoch;
      completedBatches = new LinkedHashMap<>(s.completedBatches);
      stageStates = new LinkedHashMap<>(s.stageStates());
      tasksTotal = s.tasksTotal;
      tasksCommitted = s.tasksCommitted;
      activity = s.activity;
      stalledRounds = s.stalledRounds;
      execution = s.execution;
      events = s.events;
      decision = s.decision;
      replay = s.replay;
    }

    public String run() {
      return run;
    }

    public long seq() {
      return seq;
    }

    public int stage() {
      return stage;
    }

    public Phase phase() {
      return phase;
    }

    public int batch() {
      return batch;
    }

    public int round() {
      return round;
    }

    public int planCalls() {
      return planCalls;
    }

    public int epoch() {
      return epoch;
    }

    public long activity() {
      return activity;
    }

    public int stalledRounds() {
      return stalledRounds;
    }

    public String execution() {
      return execution;
    }

    public long events() {
      return events;
    }

    public Decision decision() {
      return decision;
    }

    public Decision replay() {
      return replay;
    }

    /** The batch each finished stage completed with. */
    public Map<String, Integer> completedBatches() {
      return Collections.unmodifiableMap(completedBatches);
    }

    public JsonNode stageState(String name) {
      JsonNode s = stageStates.get(name);
      return s == null ? null : s.deepCopy();
    }

    public Builder seq(long seq) {
      this.seq = seq;
      return this;
    }

    /** Moves to stage {@code index} named {@code name} (phase and batch are set apart). */
    public Builder stage(int index, String name) {
      this.stage = index;
      this.stageName = name;
      return this;
    }

    public Builder phase(Phase phase) {
      this.phase = phase;
      return this;
    }

    public Builder batch(int batch) {
      this.batch = batch;
      return this;
    }

    public Builder round(int round) {
      this.round = round;
      return this;
    }

    public Builder planCalls(int planCalls) {
      this.planCalls = planCalls;
      return this;
    }

    public Builder epoch(int epoch) {
      this.epoch = epoch;
      return this;
    }

    public Builder completedBatch(String stageName, int batch) {
      completedBatches.put(stageName, batch);
      return this;
    }

    public Builder stageState(String stageName, JsonNode state) {
      stageStates.put(stageName, state.deepCopy());
      return this;
    }

    public Builder tasks(long total, long committed) {
      this.tasksTotal = total;
      this.tasksCommitted = committed;
      return this;
    }

    public Builder activity(long activity, int stalledRounds) {
      this.activity = activity;
      this.stalledRounds = stalledRounds;
      return this;
    }

    public Builder execution(String execution, long events) {
      this.execution = execution;
      this.events = events;
      return this;
    }

    public Builder events(long events) {
      this.events = events;
      return this;
    }

    public Builder decision(Decision decision) {
      this.decision = decision;
      return this;
    }

    public Builder replay(Decision replay) {
      this.replay = replay;
      return this;
    }

    public RunState build() {
      return new RunState(job, run, seq, stage, stageName, phase, batch, round, planCalls, epoch, completedBatches,
          stageStates, tasksTotal, tasksCommitted, activity, stalledRounds, execution, events, decision, replay);
    }
  }
}
