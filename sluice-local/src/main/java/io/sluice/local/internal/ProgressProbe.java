package io.sluice.local.internal;

import io.sluice.Job;
import io.sluice.local.RunProgress;
import io.sluice.local.function.LocalFunction;
import io.sluice.run.CorruptStateException;
import io.sluice.run.RunState;
import io.sluice.run.RunStatus;
import io.sluice.store.ObjectStore;
import io.sluice.time.Clock;
import java.time.Duration;
import java.util.Optional;

/**
 * A running job's progress: where the run stands as {@link RunStatus} reads it from the store (the
 * same reading as {@code sluice status}), plus the local functions' counters.
 */
public final class ProgressProbe {
  private final Job job;
  private final ObjectStore store;
  private final String runId;
  private final LoopTasks tasks;
  private final LocalFunction executor;
  private final long startNanos;
  private final Clock clock;

  public ProgressProbe(Job job, ObjectStore store, String runId, LoopTasks tasks, LocalFunction executor, long startNanos,
      Clock clock) {
    this.job = job;
    this.store = store;
    this.runId = runId;
    this.tasks = tasks;
    this.executor = executor;
    this.startNanos = startNanos;
    this.clock = clock;
  }

  public RunProgress snapshot() {
    Duration elapsed = Duration.ofNanos(System.nanoTime() - startNanos);
    int busy = executor.stats().busyInstances();
    Optional<RunStatus> status;
    try {
      status = tasks.lastDecision() == null ? Optional.empty() : RunStatus.read(store, runId, clock.now());
    } catch (CorruptStateException | io.sluice.store.StoreException e) {
      // The Driver reports it; a display shows what it can.
      status = Optional.empty();
    }
    RunState state = status.map(RunStatus::state).orElse(null);
    if (state == null) {
      return new RunProgress("", 0, job.stages().size(), 0, 0, busy, tasks.retries(), elapsed, tasks.driverFailure());
    }
    int index = Math.min(state.stage(), job.stages().size() - 1);
    String stage = job.stages().get(index).name();
    return new RunProgress(stage, index, job.stages().size(), status.get().tasksCommitted(), status.get().tasksTotal(), busy,
        tasks.retries(), elapsed, tasks.driverFailure());
  }
}
