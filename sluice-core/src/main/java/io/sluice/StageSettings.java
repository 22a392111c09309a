package io.sluice;

import java.time.Duration;
import java.util.Objects;

/**
 * How a stage's tasks run: workload (workers per executor), goal (executors), retries.
 *
 * <pre>{@code
 * StageSettings.builder().workload(Workload.NETWORK).goal(Goal.STABILITY).maxAttempts(5).build()
 * }</pre>
 *
 * @param workload decides workers per executor
 * @param goal decides how many executors run at once
 * @param maxExecutors the most executors at once, instead of the goal's: lower, to protect a downstream
 *     system, or higher than the latency goal's default, up to the runtime's maximum (on Step Functions
 *     above 40 the loop runs a Distributed Map); 0 = the goal's
 * @param workers workers per executor, overriding the workload's; 0 = derived from the workload
 * @param maxAttempts attempts per task before the run fails (at least 1)
 * @param initialBackoff pause before the second attempt
 * @param backoffRate multiplier of the pause for each further attempt (at least 1.0)
 * @param taskEstimate how long one task is expected to take when its {@link TaskSpec} does not say; an
 *     executor starts no task it cannot finish within its time budget by this estimate
 */
public record StageSettings(
    Workload workload,
    Goal goal,
    int maxExecutors,
    int workers,
    int maxAttempts,
    Duration initialBackoff,
    double backoffRate,
    Duration taskEstimate) {

  /** CPU workload, latency goal, 3 attempts from 1 s back-off doubling, no estimate. */
  public static final StageSettings DEFAULTS = builder().build();

  public StageSettings {
    Objects.requireNonNull(workload, "workload");
    Objects.requireNonNull(goal, "goal");
    Objects.requireNonNull(initialBackoff, "initialBackoff");
    Objects.requireNonNull(taskEstimate, "taskEstimate");
    if (maxExecutors < 0) {
      throw new JobDefinitionException("maxExecutors must be >= 0 (0 = the goal's), got " + maxExecutors);
    }
    if (workers < 0) {
      throw new JobDefinitionException("workers must be >= 0 (0 = derived from the workload), got " + workers);
    }
    if (maxAttempts < 1) {
      throw new JobDefinitionException("maxAttempts must be at least 1, got " + maxAttempts);
    }
    if (initialBackoff.isNegative()) {
      throw new JobDefinitionException("initialBackoff must not be negative, got " + initialBackoff);
    }
    if (!(backoffRate >= 1.0)) {
      throw new JobDefinitionException("backoffRate must be >= 1.0, got " + backoffRate);
    }
    if (taskEstimate.isNegative()) {
      throw new JobDefinitionException("taskEstimate must not be negative, got " + taskEstimate);
    }
  }

  /**
   * The most executors this stage runs at once on a runtime that runs {@code runtimeDefault} per round
   * unless a stage asks for another number, and at most {@code runtimeMax}: this stage's {@link
   * #maxExecutors()} if set, else its goal's.
   */
  public int maxExecutors(int runtimeDefault, int runtimeMax) {
    int cap = maxExecutors == 0 ? goal.maxExecutors(runtimeDefault) : maxExecutors;
    return Math.max(1, Math.min(cap, runtimeMax));
  }

  /** Executors to run for {@code pendingTasks} on such a runtime: one per task, up to {@link #maxExecutors(int, int)}. */
  public int executorsFor(int pendingTasks, int runtimeDefault, int runtimeMax) {
    return Math.max(1, Math.min(maxExecutors(runtimeDefault, runtimeMax), pendingTasks));
  }

  /** Workers per executor with {@code vcpus} vCPUs. */
  public int workersFor(int vcpus) {
    return workers > 0 ? workers : workload.workersFor(vcpus);
  }

  /** Pause before attempt {@code attempt} (2 = first retry). */
  public Duration backoffBefore(int attempt) {
    double factor = Math.pow(backoffRate, Math.max(0, attempt - 2));
    return Duration.ofNanos((long) Math.min(Long.MAX_VALUE, initialBackoff.toNanos() * factor));
  }

  public static Builder builder() {
    return new Builder();
  }

  public Builder toBuilder() {
    return new Builder()
        .workload(workload)
        .goal(goal)
        .maxExecutors(maxExecutors)
        .workers(workers)
        .maxAttempts(maxAttempts)
        .backoff(initialBackoff, backoffRate)
        .taskEstimate(taskEstimate);
  }

  /** Builds {@link StageSettings}; validated at {@link #build()}. */
  public static final class Builder {
    private Workload workload = Workload.CPU;
    private Goal goal = Goal.LATENCY;
    private int maxExecutors;
    private int workers;
    private int maxAttempts = 3;
    private Duration initialBackoff = Duration.ofSeconds(1);
    private double backoffRate = 2.0;
    private Duration taskEstimate = Duration.ZERO;

    public Builder workload(Workload workload) {
      this.workload = workload;
      return this;
    }

    public Builder goal(Goal goal) {
      this.goal = goal;
      return this;
    }

    public Builder maxExecutors(int maxExecutors) {
      this.maxExecutors = maxExecutors;
      return this;
    }

    public Builder workers(int workers) {
      this.workers = workers;
      return this;
    }

    public Builder maxAttempts(int maxAttempts) {
      this.maxAttempts = maxAttempts;
      return this;
    }

    public Builder backoff(Duration initial, double rate) {
      this.initialBackoff = initial;
      this.backoffRate = rate;
      return this;
    }

    public Builder taskEstimate(Duration taskEstimate) {
      this.taskEstimate = taskEstimate;
      return this;
    }

    public StageSettings build() {
      return new StageSettings(workload, goal, maxExecutors, workers, maxAttempts, initialBackoff, backoffRate, taskEstimate);
    }
  }
}
