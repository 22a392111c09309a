package io.sluice.driver;

import com.fasterxml.jackson.databind.JsonNode;
import io.sluice.Completion;
import io.sluice.CompletionContext;
import io.sluice.Job;
import io.sluice.Plan;
import io.sluice.PlanContext;
import io.sluice.Stage;
import io.sluice.TaskFailedException;
import io.sluice.TaskResult;
import io.sluice.TaskSpec;
import io.sluice.internal.AttemptRecord;
import io.sluice.internal.CommitRecord;
import io.sluice.internal.BatchLedger;
import io.sluice.internal.Json;
import io.sluice.internal.PlannedTask;
import io.sluice.internal.RoundManifest;
import io.sluice.internal.RunInfo;
import io.sluice.internal.RunLayout;
import io.sluice.internal.RunState;
import io.sluice.internal.RunState.Phase;
import io.sluice.internal.TaskIds;
import io.sluice.store.InvalidKeyException;
import io.sluice.store.KeyConflictException;
import io.sluice.store.ObjectInfo;
import io.sluice.store.ObjectNotFoundException;
import io.sluice.store.StoreException;
import io.sluice.store.ObjectStore;
import io.sluice.runtime.RuntimeLimits;
import io.sluice.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One step of the driver: advances a {@link RunState} until it has a decision. Plans a stage, schedules
 * its pending tasks in rounds, completes it, and moves to the next; user code failing in {@code plan}
 * or {@code complete} fails the run with an error that names the stage.
 */
final class DriverStep {
  private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(DriverStep.class);
  /** Executor rounds in a row in which no task was even attempted before the run fails. */
  static final int MAX_STALLED_ROUNDS = 3;

  private final Job job;
  private final ObjectStore store;
  private final Clock clock;
  private final RuntimeLimits limits;
  private final RunLayout layout;
  private final RunInfo info;
  private final RunState state;

  DriverStep(Job job, ObjectStore store, Clock clock, RuntimeLimits limits, RunLayout layout, RunInfo info, RunState state) {
    this.job = job;
    this.store = store;
    this.clock = clock;
    this.limits = limits;
    this.layout = layout;
    this.info = info;
    this.state = state;
  }

  void advance() {
    Decision previous = state.decision;
    if (previous != null && Decision.CONTINUE_AS_NEW.equals(previous.action()) && state.replay != null) {
      // First call of a chained execution: carry on with the decision the previous execution deferred.
      Decision d = state.replay;
      state.replay = null;
      state.decision = new Decision(state.run, state.seq, d.action(), d.groups(), d.sleepSeconds(), d.error(), d.cause());
      return;
    }
    countEventsOfPreviousLoop();
    state.decision = null;
    while (state.decision == null) {
      if (state.stage >= job.stages().size()) {
        state.phase = Phase.ENDED;
        state.decision = Decision.simple(state.run, state.seq, Decision.SUCCEED);
        return;
      }
      switch (state.phase) {
        case PLAN -> plan();
        case EXECUTE -> schedule();
        case COMPLETE -> complete();
        case ENDED -> state.decision = Decision.simple(state.run, state.seq, Decision.SUCCEED);
      }
    }
    chainBeforeHistoryLimit();
  }

  private Stage stage() {
    return job.stages().get(state.stage);
  }

  private RunLayout.Batch batch() {
    return layout.batch(state.stage, stage().name(), state.batch);
  }

  private void plan() {
    Stage stage = stage();
    Plan plan;
    try {
      plan = stage.plan(new Contexts.Plan(this, stage.name()));
    } catch (Exception e) {
      rethrowIfStoreFailed(e);
      LOG.warn("run={} stage={} plan() failed", state.run, stage.name(), e);
      fail("Sluice.PlanFailed", "Stage '" + stage.name() + "' plan() threw " + describe(e));
      return;
    }
    if (plan == null) {
      fail("Sluice.PlanFailed", "Stage '" + stage.name() + "' plan() returned null: return Plan.tasks(...), Plan.done(),"
          + " Plan.sleep(...) or Plan.fail(...)");
      return;
    }
    state.planCalls++;
    switch (plan) {
      case Plan.Tasks t -> {
        List<PlannedTask> tasks = new ArrayList<>();
        Set<String> ids = new HashSet<>();
        for (TaskSpec spec : t.tasks()) {
          String id = TaskIds.of(job.name(), stage.name(), spec.input());
          if (!ids.add(id)) {
            fail("Sluice.PlanFailed", "Stage '" + stage.name() + "' planned two tasks with the same input "
                + Json.abbreviate(spec.input()) + ": task inputs must be distinct, since they decide the task id");
            return;
          }
          tasks.add(new PlannedTask(id, spec.input(), null, null, spec.estimate().toMillis()));
        }
        store.put(batch().tasks(), Json.bytes(tasks));
        state.phase = Phase.EXECUTE;
        state.round = 0;
        state.tasksTotal = tasks.size();
        state.tasksCommitted = 0;
      }
      case Plan.Done d -> finishStage();
      case Plan.Sleep s -> state.decision = Decision.sleep(state.run, state.seq, Math.max(0, (s.duration().toMillis() + 999) / 1000));
      case Plan.Fail f -> fail(f.error(), f.cause());
    }
  }

  private void schedule() {
    Stage stage = stage();
    BatchLedger ledger = new BatchLedger(store, batch());
    Map<String, CommitRecord> commits = ledger.commits();
    List<PlannedTask> all = BatchLedger.withContinuations(ledger.planned(), commits);
    Map<String, List<String>> attempts = ledger.attempts(state.epoch);
    List<PlannedTask> pending = new ArrayList<>();
    for (PlannedTask t : all) {
      if (commits.containsKey(t.id())) {
        continue;
      }
      List<String> tried = attempts.getOrDefault(t.id(), List.of());
      if (tried.size() >= stage.settings().maxAttempts()) {
        AttemptRecord last = ledger.attempt(tried.get(tried.size() - 1));
        String cause = last.error() == null
            ? "its executor stopped before the attempt ended (timed out or crashed)"
            : last.error() + ": " + last.cause();
        fail("Sluice.TaskFailed", new TaskFailedException(stage.name(), t.id(), tried.size(), cause).getMessage());
        return;
      }
      pending.add(t);
    }
    state.tasksTotal = all.size();
    state.tasksCommitted = all.size() - pending.size();
    if (pending.isEmpty()) {
      state.phase = Phase.COMPLETE;
      return;
    }
    long activity = commits.size() + attempts.values().stream().mapToLong(List::size).sum();
    state.stalledRounds = state.round > 0 && activity == state.activity ? state.stalledRounds + 1 : 0;
    state.activity = activity;
    if (state.stalledRounds >= MAX_STALLED_ROUNDS) {
      fail("Sluice.NoProgress", "Stage '" + stage.name() + "': " + MAX_STALLED_ROUNDS + " executor rounds in a row started"
          + " none of the " + pending.size() + " pending task(s)" + lastExecutorError(ledger));
      return;
    }
    int executors = limits.executors(stage.settings(), pending.size());
    List<List<PlannedTask>> groups = new ArrayList<>();
    for (int i = 0; i < executors; i++) {
      groups.add(new ArrayList<>());
    }
    for (int i = 0; i < pending.size(); i++) {
      groups.get(i % executors).add(pending.get(i));
    }
    state.round++;
    String manifest = batch().round(state.round);
    store.put(manifest, Json.bytes(new RoundManifest(stage.name(), state.stage, state.batch, state.epoch, state.round, groups)));
    List<GroupRef> refs = new ArrayList<>();
    for (int i = 0; i < executors; i++) {
      refs.add(new GroupRef(state.run, stage.name(), manifest, i));
    }
    state.decision = Decision.runExecutors(state.run, state.seq, refs);
  }

  /** The most recent error an executor recorded for this batch, as a sentence for a cause. */
  private String lastExecutorError(BatchLedger ledger) {
    String last = null;
    for (ObjectInfo o : store.listAll(ledger.batch().errorsPrefix())) {
      last = o.key();
    }
    if (last == null) {
      return "; the executors recorded no error (did they time out before starting? is executorTimeout long enough?)";
    }
    JsonNode e = Json.parse(store.get(last), last);
    return "; the last executor failed with " + e.path("error").asText() + ": " + e.path("cause").asText();
  }

  private void complete() {
    Stage stage = stage();
    Completion completion;
    try {
      completion = stage.complete(new Contexts.Completion(this, stage.name()));
    } catch (Exception e) {
      rethrowIfStoreFailed(e);
      LOG.warn("run={} stage={} complete() failed", state.run, stage.name(), e);
      fail("Sluice.CompleteFailed", "Stage '" + stage.name() + "' complete() threw " + describe(e));
      return;
    }
    if (completion == null) {
      fail("Sluice.CompleteFailed", "Stage '" + stage.name() + "' complete() returned null: return Completion.next(),"
          + " again(), finish() or fail(...)");
      return;
    }
    removeUncommittedOutputs();
    switch (completion) {
      case Completion.Next n -> finishStage();
      case Completion.Again a -> {
        state.completedBatches.put(stage.name(), state.batch);
        state.batch++;
        state.phase = Phase.PLAN;
        state.decision = Decision.simple(state.run, state.seq, Decision.RUN_DRIVER);
      }
      case Completion.Finish f -> {
        state.completedBatches.put(stage.name(), state.batch);
        state.phase = Phase.ENDED;
        state.decision = Decision.simple(state.run, state.seq, Decision.SUCCEED);
      }
      case Completion.Fail f -> fail(f.error(), f.cause());
    }
  }

  /** Deletes outputs of attempts that did not commit (failed, timed out, or lost the race). */
  private void removeUncommittedOutputs() {
    RunLayout.Batch batch = batch();
    Set<String> committed = new HashSet<>();
    new BatchLedger(store, batch).commits().values().forEach(c -> committed.addAll(c.outputs().values()));
    for (ObjectInfo o : store.listAll(batch.outputsPrefix())) {
      if (!committed.contains(o.key())) {
        store.delete(o.key());
      }
    }
  }

  private void finishStage() {
    state.completedBatches.put(stage().name(), state.batch);
    state.stage++;
    state.phase = Phase.PLAN;
    state.batch = 0;
    state.round = 0;
    state.planCalls = 0;
    state.tasksTotal = 0;
    state.tasksCommitted = 0;
    state.decision = Decision.simple(state.run, state.seq,
        state.stage >= job.stages().size() ? Decision.SUCCEED : Decision.RUN_DRIVER);
    if (state.stage >= job.stages().size()) {
      state.phase = Phase.ENDED;
    }
  }

  private void fail(String error, String cause) {
    state.decision = Decision.fail(state.run, state.seq, error, cause);
  }

  /** Adds the history events the loop spent since the previous decision (AWS counts them per execution). */
  private void countEventsOfPreviousLoop() {
    Decision previous = state.decision;
    RuntimeLimits.HistoryEvents e = limits.historyEvents();
    long spent = e.taskState() + e.choiceState();
    if (previous != null && Decision.RUN_EXECUTORS.equals(previous.action())) {
      spent += e.mapState() + (long) e.mapIteration() * previous.groups().size();
    } else if (previous != null && Decision.SLEEP.equals(previous.action())) {
      spent += e.waitState();
    }
    state.events += spent;
  }

  /** Chains a new execution when the next loop could push this one past the history limit. */
  private void chainBeforeHistoryLimit() {
    Decision d = state.decision;
    if (d.terminal()) {
      return;
    }
    RuntimeLimits.HistoryEvents e = limits.historyEvents();
    long next = e.taskState() + e.choiceState() + e.mapState()
        + (d.groups() == null ? 0 : (long) e.mapIteration() * 2 * d.groups().size()) + e.margin();
    if (state.events + next > limits.historyLimit(job.settings())) {
      // The decision is replayed in the new execution: the next Driver call sees seq and re-plans from it.
      state.decision = new Decision(state.run, state.seq, Decision.CONTINUE_AS_NEW, null, null, null, null);
      state.replay = d;
    }
  }

  /**
   * A store failure inside user code is the store's, not the stage's: it fails this driver call,
   * which the loop retries (the step is idempotent), instead of failing the run. A missing object, a
   * bad key or a key conflict is the stage's own mistake and fails the run with its message.
   */
  private static void rethrowIfStoreFailed(Exception e) {
    if (e instanceof StoreException se && !(e instanceof ObjectNotFoundException) && !(e instanceof InvalidKeyException)
        && !(e instanceof KeyConflictException)) {
      throw se;
    }
  }

  static String describe(Throwable e) {
    return e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
  }

  // --- what the contexts read ---

  Job job() {
    return job;
  }

  RunInfo info() {
    return info;
  }

  ObjectStore store() {
    return store;
  }

  Instant now() {
    return clock.now();
  }

  RunState state() {
    return state;
  }

  List<TaskResult> resultsOf(String stageName) {
    Integer b = state.completedBatches.get(stageName);
    int index = indexOf(stageName);
    if (b == null) {
      throw new IllegalArgumentException("Stage '" + stageName + "' of job '" + job.name()
          + "' has not completed yet; completed: " + state.completedBatches.keySet());
    }
    return new BatchLedger(store, layout.batch(index, stageName, b)).results();
  }

  List<TaskResult> currentResults() {
    return new BatchLedger(store, batch()).results();
  }

  private int indexOf(String stageName) {
    for (int i = 0; i < job.stages().size(); i++) {
      if (job.stages().get(i).name().equals(stageName)) {
        return i;
      }
    }
    throw new IllegalArgumentException("Job '" + job.name() + "' has no stage named '" + stageName + "'");
  }

  JsonNode stageState(String stageName) {
    JsonNode s = state.stageStates.get(stageName);
    return s == null ? null : s.deepCopy();
  }

  void setStageState(String stageName, Object value) {
    state.stageStates.put(stageName, Json.toTree(value));
  }
}
