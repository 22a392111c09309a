package io.sluice.local.internal;

import com.fasterxml.jackson.databind.JsonNode;
import io.sluice.Job;
import io.sluice.internal.RunLayout;
import io.sluice.internal.RunState;
import io.sluice.local.RunProgress;
import io.sluice.local.function.LocalFunction;
import io.sluice.store.ObjectInfo;
import io.sluice.store.ObjectStore;
import java.time.Duration;

/** Reads a running job's progress from the store (driver state, commits) and the functions' counters. */
public final class ProgressProbe {
  private final Job job;
  private final ObjectStore store;
  private final RunLayout layout;
  private final LoopTasks tasks;
  private final LocalFunction executor;
  private final long startNanos;

  public ProgressProbe(Job job, ObjectStore store, String runId, LoopTasks tasks, LocalFunction executor, long startNanos) {
    this.job = job;
    this.store = store;
    this.layout = new RunLayout(runId);
    this.tasks = tasks;
    this.executor = executor;
    this.startNanos = startNanos;
  }

  public RunProgress snapshot() {
    Duration elapsed = Duration.ofNanos(System.nanoTime() - startNanos);
    int busy = executor.stats().busyInstances();
    JsonNode decision = tasks.lastDecision();
    if (decision == null) {
      return new RunProgress("", 0, job.stages().size(), 0, 0, busy, tasks.retries(), elapsed);
    }
    RunState state;
    try {
      state = RunState.read(store, layout, decision.path("seq").asLong()).orElse(null);
    } catch (java.io.UncheckedIOException e) {
      state = null;
    }
    if (state == null) {
      return new RunProgress("", 0, job.stages().size(), 0, 0, busy, tasks.retries(), elapsed);
    }
    int index = Math.min(state.stage, job.stages().size() - 1);
    String stage = job.stages().get(index).name();
    long committed = state.tasksCommitted;
    if (state.phase == RunState.Phase.EXECUTE) {
      committed = 0;
      for (ObjectInfo ignored : store.listAll(layout.batch(state.stage, stage, state.batch).commitsPrefix())) {
        committed++;
      }
    }
    return new RunProgress(stage, index, job.stages().size(), committed, Math.max(committed, state.tasksTotal), busy,
        tasks.retries(), elapsed);
  }
}
