package io.sluice.internal;

import com.fasterxml.jackson.databind.JsonNode;
import io.sluice.driver.Decision;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import io.sluice.store.ObjectInfo;
import io.sluice.store.ObjectNotFoundException;
import io.sluice.store.ObjectStore;

/**
 * The driver's state after one step, persisted as {@code runs/RUN/driver/SEQ.json} together with the
 * decision that step returned. Everything a driver invocation knows comes from here and from the
 * commits; nothing is kept in memory between invocations.
 */
public final class RunState {
  public enum Phase { PLAN, EXECUTE, COMPLETE, ENDED }

  public String job;
  public String run;
  public long seq;
  /** Index of the current stage. */
  public int stage;
  public Phase phase = Phase.PLAN;
  /** The current stage's micro-batch: goes up by one on {@code Completion.again()}. */
  public int batch;
  /** Executor rounds of the current batch so far. */
  public int round;
  /** plan() calls of the current stage (sleeps included). */
  public int planCalls;
  /** Goes up by one on every resume, so failed tasks get a fresh set of attempts. */
  public int epoch;
  /** For each finished stage, the batch whose results later stages see. */
  public Map<String, Integer> completedBatches = new LinkedHashMap<>();
  public Map<String, JsonNode> stageStates = new LinkedHashMap<>();
  /** Tasks of the current batch, and how many have committed (for progress displays). */
  public int tasksTotal;
  public int tasksCommitted;
  /** Commits plus attempt claims of the current batch at the last round, and rounds since that grew. */
  public long activity;
  public int stalledRounds;
  /** The execution this state was produced in, and its estimated history events so far. */
  public String execution;
  public long events;
  public Decision decision;
  /** With a continue_as_new decision: the decision the next execution starts with. */
  public Decision replay;

  /** The state recorded after step {@code seq}, if there is one. */
  public static Optional<RunState> read(ObjectStore store, RunLayout layout, long seq) {
    String key = layout.driverState(seq);
    try {
      return Optional.of(Json.parse(store.get(key), RunState.class, key));
    } catch (ObjectNotFoundException e) {
      return Optional.empty();
    }
  }

  /** The last step the driver recorded for the run, if any (for resuming and status displays). */
  public static OptionalLong latestSeq(ObjectStore store, RunLayout layout) {
    String last = null;
    for (ObjectInfo o : store.listAll(layout.driverPrefix())) {
      last = o.key();
    }
    if (last == null) {
      return OptionalLong.empty();
    }
    return OptionalLong.of(Long.parseLong(last.substring(layout.driverPrefix().length(), last.length() - ".json".length())));
  }

  public RunState copy() {
    RunState c = Json.fromTree(Json.toTree(this), RunState.class);
    return c;
  }
}
