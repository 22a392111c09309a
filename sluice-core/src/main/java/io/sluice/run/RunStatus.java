package io.sluice.run;

import com.fasterxml.jackson.databind.JsonNode;
import io.sluice.driver.Decision;
import io.sluice.store.ObjectStore;
import java.time.Instant;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Where a run stands, read from the store alone: the one reading of a run's state that runtimes
 * (resume), progress displays and {@code sluice status} share.
 *
 * @param info the run's file
 * @param steps the last driver step recorded (0: none yet)
 * @param state the state that step recorded, or null if there is none
 * @param tasksCommitted tasks of the current batch committed now (counted from the commits while the
 *     stage executes; from the state otherwise)
 * @param tasksTotal tasks of the current batch known (at least {@code tasksCommitted})
 * @param heartbeat the run's heartbeat, if a process left one
 * @param live whether a process is running the run now (its heartbeat is fresh)
 */
public record RunStatus(
    RunInfo info, long steps, RunState state, long tasksCommitted, long tasksTotal, Optional<RunHeartbeat> heartbeat,
    boolean live) {

  /**
   * Reads run {@code runId}; empty if it was never started (no run file).
   *
   * @param now the time to judge the heartbeat by
   * @throws CorruptStateException if the run's file or latest state cannot be read
   */
  public static Optional<RunStatus> read(ObjectStore store, String runId, Instant now) {
    RunLayout layout = new RunLayout(runId);
    Optional<RunInfo> info = RunInfo.read(store, layout);
    if (info.isEmpty()) {
      return Optional.empty();
    }
    OptionalLong latest = RunState.latestSeq(store, layout);
    RunState state = latest.isEmpty() ? null : RunState.read(store, layout, latest.getAsLong()).orElse(null);
    long committed = 0;
    long total = 0;
    if (state != null) {
      committed = state.tasksCommitted();
      total = state.tasksTotal();
      if (state.phase() == RunState.Phase.EXECUTE) {
        committed = 0;
        RunLayout.Batch batch = layout.batch(state.stage(), state.stageName(), state.batch());
        for (var ignored : store.listAll(batch.commitsPrefix())) {
          committed++;
        }
      }
    }
    Optional<RunHeartbeat> beat = RunHeartbeat.read(store, layout);
    boolean live = beat.map(b -> b.live(now, RunHeartbeat.thisHost())).orElse(false);
    return Optional.of(new RunStatus(info.get(), latest.orElse(0), state, committed, Math.max(committed, total), beat, live));
  }

  public String run() {
    return info.run();
  }

  public String job() {
    return info.job();
  }

  public JsonNode parameters() {
    return info.parameters();
  }

  /** The last decision's action, or null before the first step. */
  public String lastDecision() {
    return state == null || state.decision() == null ? null : state.decision().action();
  }

  public boolean succeeded() {
    return Decision.SUCCEED.equals(lastDecision());
  }

  public boolean failed() {
    return Decision.FAIL.equals(lastDecision());
  }

  /** The failure's error name, or null. */
  public String error() {
    return failed() ? state.decision().error() : null;
  }

  /** The failure's cause, or null. */
  public String cause() {
    return failed() ? state.decision().cause() : null;
  }
}
