package io.sluice.driver;

import com.fasterxml.jackson.databind.JsonNode;
import io.sluice.Completion;
import io.sluice.Job;
import io.sluice.Parameters;
import io.sluice.Plan;
import io.sluice.Stage;
import io.sluice.TaskResult;
import io.sluice.internal.BatchLedger;
import io.sluice.internal.Json;
import io.sluice.internal.StoreFailures;
import io.sluice.run.AttemptRecord;
import io.sluice.run.PlannedTask;
import io.sluice.run.RunInfo;
import io.sluice.run.RunLayout;
import io.sluice.run.RunState;
import io.sluice.run.RunState.Phase;
import io.sluice.runtime.RuntimeLimits;
import io.sluice.runtime.S3Addressing;
import io.sluice.store.ObjectInfo;
import io.sluice.store.ObjectStore;
import io.sluice.store.StoreException;
import io.sluice.time.Clock;
import java.time.Instant;
import java.util.List;

/**
 * One step of the driver: advances a {@link RunState} until it has a decision. Plans a stage
 * ({@link TaskPlanner}), schedules its pending tasks in rounds ({@link RetryAccounting},
 * {@link StallDetector}, {@link Scheduler}), completes it ({@link OutputCleanup}), moves to the next,
 * and chains a new execution before the history limit ({@link HistoryBudget}). User code failing in
 * {@code plan} or {@code complete} fails the run with an error that names the stage.
 */
final class DriverStep {
  private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(DriverStep.class);

  private final Job job;
  private final ObjectStore store;
  private final Clock clock;
  private final RuntimeLimits limits;
  private final RunLayout layout;
  private final RunInfo info;
  private final Parameters parameters;
  private final RunState.Builder state;
  private final S3Addressing items;
  private final StallDetector stalls = StallDetector.DEFAULT;
  private BatchLedger ledger;

  /** @param items where a Distributed Map's items object is as the state machine sees it; null for an inline Map */
  DriverStep(Job job, ObjectStore store, Clock clock, RuntimeLimits limits, S3Addressing items, RunLayout layout,
      RunInfo info, Parameters parameters, RunState.Builder state) {
    this.job = job;
    this.store = store;
    this.clock = clock;
    this.limits = limits;
    this.items = items;
    this.layout = layout;
    this.info = info;
    this.parameters = parameters;
    this.state = state;
  }

  /** Advances the state to its next decision; returns the builder it was given. */
  RunState.Builder advance() {
    Decision previous = state.decision();
    if (previous != null && Decision.CONTINUE_AS_NEW.equals(previous.action()) && state.replay() != null) {
      // First call of a chained execution: carry on with the decision the previous execution deferred.
      Decision d = state.replay();
      state.replay(null).decision(d.at(state.run(), state.seq()));
      return state;
    }
    HistoryBudget history = new HistoryBudget(limits.historyEvents(), limits.historyLimit(job.settings()));
    state.events(state.events() + history.spentAfter(previous));
    state.decision(null);
    while (state.decision() == null) {
      if (state.stage() >= job.stages().size()) {
        state.phase(Phase.ENDED).decision(Decision.simple(state.run(), state.seq(), Decision.SUCCEED));
        break;
      }
      switch (state.phase()) {
        case PLAN -> plan();
        case EXECUTE -> schedule(previous);
        case COMPLETE -> complete();
        case ENDED -> state.decision(Decision.simple(state.run(), state.seq(), Decision.SUCCEED));
      }
    }
    Decision d = state.decision();
    if (history.mustChain(state.events(), d)) {
      // The decision is replayed in the new execution: the next Driver call sees seq and carries on from it.
      state.decision(Decision.simple(state.run(), state.seq(), Decision.CONTINUE_AS_NEW)).replay(d);
    }
    return state;
  }

  private Stage stage() {
    return job.stages().get(state.stage());
  }

  private RunLayout.Batch batch() {
    return layout.batch(state.stage(), stage().name(), state.batch());
  }

  private BatchLedger ledger() {
    if (ledger == null) {
      ledger = new BatchLedger(store, batch());
    }
    return ledger;
  }

  private void plan() {
    Stage stage = stage();
    Plan plan;
    try {
      plan = stage.plan(new Contexts.PlanView(this, stage.name()));
    } catch (Exception e) {
      rethrowIfStoreFailed(e);
      LOG.warn("run={} stage={} plan() failed", state.run(), stage.name(), e);
      fail("Sluice.PlanFailed", "Stage '" + stage.name() + "' plan() threw " + describe(e));
      return;
    }
    if (plan == null) {
      fail("Sluice.PlanFailed", "Stage '" + stage.name() + "' plan() returned null: return Plan.tasks(...), Plan.done(),"
          + " Plan.sleep(...) or Plan.fail(...)");
      return;
    }
    state.planCalls(state.planCalls() + 1);
    switch (plan) {
      case Plan.Tasks t -> {
        switch (TaskPlanner.plan(job.name(), stage.name(), t.tasks())) {
          case TaskPlanner.Refused r -> fail("Sluice.PlanFailed", r.cause());
          case TaskPlanner.Planned p -> {
            ledger().plan(p.tasks());
            state.phase(Phase.EXECUTE).round(0).tasks(p.tasks().size(), 0);
          }
        }
      }
      case Plan.Done d -> finishStage();
      case Plan.Sleep s -> state.decision(Decision.sleep(state.run(), state.seq(), Math.max(0, (s.duration().toMillis() + 999) / 1000)));
      case Plan.Fail f -> fail(f.error(), f.cause());
    }
  }

  private void schedule(Decision previous) {
    Stage stage = stage();
    BatchLedger ledger = ledger();
    // The groups of the round that just ran, if the previous decision started one for this batch.
    int groups = previous == null ? 0 : previous.executors();
    ledger.update(state.epoch(), state.round(), groups);
    List<PlannedTask> all = BatchLedger.withContinuations(ledger.planned(), ledger.commits());
    RetryAccounting.Outcome outcome = RetryAccounting.of(all, ledger.commits(), ledger.attempts(),
        stage.settings().maxAttempts());
    if (outcome.exhausted() != null) {
      PlannedTask t = outcome.exhausted();
      AttemptRecord last = ledger.attempt(t.id(), outcome.exhaustedAttempts());
      String cause = last.error() == null
          ? "its executor stopped before the attempt ended (timed out or crashed)"
          : last.error() + ": " + last.cause();
      fail("Sluice.TaskFailed", "Stage '" + stage.name() + "' task " + t.id() + " failed after "
          + outcome.exhaustedAttempts() + " attempt(s): " + cause);
      return;
    }
    List<PlannedTask> pending = outcome.pending();
    state.tasks(all.size(), all.size() - pending.size());
    if (pending.isEmpty()) {
      state.phase(Phase.COMPLETE);
      return;
    }
    long activity = ledger.commits().size() + ledger.attempts().values().stream().mapToLong(Integer::longValue).sum();
    StallDetector.Verdict verdict = stalls.next(state.round(), state.activity(), state.stalledRounds(), activity);
    state.activity(verdict.activity(), verdict.stalledRounds());
    if (verdict.stalled()) {
      fail("Sluice.NoProgress", "Stage '" + stage.name() + "': " + stalls.maxStalledRounds() + " executor rounds in a row"
          + " started none of the " + pending.size() + " pending task(s)" + lastExecutorError());
      return;
    }
    int executors = limits.executors(stage.settings(), pending.size());
    int round = state.round() + 1;
    state.round(round);
    List<GroupRef> refs = Scheduler.write(store, batch(), state.run(), stage.name(), state.stage(), state.batch(),
        state.epoch(), round, Scheduler.deal(pending, executors));
    if (items == null) {
      state.decision(Decision.runExecutors(state.run(), state.seq(), refs));
    } else {
      // A Distributed Map: the references go to the store as one object its ItemReader reads, and the
      // decision carries only where it is.
      state.decision(Decision.runExecutors(state.run(), state.seq(), Scheduler.writeItems(store, items, batch(), round, refs)));
    }
  }

  /** The most recent error an executor recorded for this batch, as a sentence for a cause. */
  private String lastExecutorError() {
    String last = null;
    for (ObjectInfo o : store.listAll(batch().errorsPrefix())) {
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
      completion = stage.complete(new Contexts.CompletionView(this, stage.name()));
    } catch (Exception e) {
      rethrowIfStoreFailed(e);
      LOG.warn("run={} stage={} complete() failed", state.run(), stage.name(), e);
      fail("Sluice.CompleteFailed", "Stage '" + stage.name() + "' complete() threw " + describe(e));
      return;
    }
    if (completion == null) {
      fail("Sluice.CompleteFailed", "Stage '" + stage.name() + "' complete() returned null: return Completion.next(),"
          + " again(), finish() or fail(...)");
      return;
    }
    BatchLedger current = new BatchLedger(store, batch());
    current.results();
    OutputCleanup.removeUncommitted(store, batch(), current.commits().values());
    switch (completion) {
      case Completion.Next n -> finishStage();
      case Completion.Again a -> {
        state.completedBatch(stage.name(), state.batch()).batch(state.batch() + 1).round(0).phase(Phase.PLAN)
            .tasks(0, 0).activity(0, 0).decision(Decision.simple(state.run(), state.seq(), Decision.RUN_DRIVER));
        ledger = null;
      }
      case Completion.Finish f -> state.completedBatch(stage.name(), state.batch()).phase(Phase.ENDED)
          .decision(Decision.simple(state.run(), state.seq(), Decision.SUCCEED));
      case Completion.Fail f -> fail(f.error(), f.cause());
    }
  }

  private void finishStage() {
    state.completedBatch(stage().name(), state.batch());
    int next = state.stage() + 1;
    boolean last = next >= job.stages().size();
    state.stage(next, last ? "" : job.stages().get(next).name()).phase(last ? Phase.ENDED : Phase.PLAN).batch(0).round(0)
        .planCalls(0).tasks(0, 0).activity(0, 0)
        .decision(Decision.simple(state.run(), state.seq(), last ? Decision.SUCCEED : Decision.RUN_DRIVER));
    ledger = null;
  }

  private void fail(String error, String cause) {
    state.decision(Decision.fail(state.run(), state.seq(), error, cause));
  }

  /**
   * A store failure inside user code is the store's, not the stage's: it fails this driver call,
   * which the loop retries (the step is idempotent), instead of failing the run. A missing object, a
   * bad key or a key conflict is the stage's own mistake and fails the run with its message.
   */
  private static void rethrowIfStoreFailed(Exception e) {
    if (StoreFailures.retryable(e)) {
      throw (StoreException) e;
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

  /** The run's parameters, with the runtime's configured ones and resolver. */
  Parameters parameters() {
    return parameters;
  }

  ObjectStore store() {
    return store;
  }

  Instant now() {
    return clock.now();
  }

  String runId() {
    return state.run();
  }

  int planCalls() {
    return state.planCalls();
  }

  List<TaskResult> resultsOf(String stageName) {
    Integer b = state.completedBatches().get(stageName);
    int index = indexOf(stageName);
    if (b == null) {
      throw new IllegalArgumentException("Stage '" + stageName + "' of job '" + job.name()
          + "' has not completed yet; completed: " + state.completedBatches().keySet());
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
    return state.stageState(stageName);
  }

  void setStageState(String stageName, Object value) {
    state.stageState(stageName, Json.toTree(value));
  }
}
