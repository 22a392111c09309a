package io.sluice.internal;

import com.fasterxml.jackson.databind.JsonNode;
import io.sluice.driver.Decision;
import java.util.LinkedHashMap;
import java.util.Map;

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

  public RunState copy() {
    RunState c = Json.fromTree(Json.toTree(this), RunState.class);
    return c;
  }
}
