package io.sluice;

/**
 * What a stage optimises for; decides how many executors run at once unless the stage sets {@code
 * maxExecutors}. The latency goal runs as many as the runtime runs by default ({@code
 * RuntimeLimits.defaultExecutors}: the inline Map's 40 on Step Functions); a stage that needs more
 * asks for them with {@code StageSettings.maxExecutors}.
 */
public enum Goal {
  /** Finish soon: as many executors as the runtime runs by default (40 on Step Functions). */
  LATENCY(Integer.MAX_VALUE),
  /** Be gentle with downstream systems and the account's concurrency: up to 10 executors. */
  STABILITY(10);

  private final int maxExecutors;

  Goal(int maxExecutors) {
    this.maxExecutors = maxExecutors;
  }

  /** The most executors this goal runs at once on a runtime that runs {@code runtimeCap} by default. */
  public int maxExecutors(int runtimeCap) {
    return Math.max(1, Math.min(maxExecutors, runtimeCap));
  }

  /** Executors for {@code pendingTasks}: one per task, from 1 up to this goal's and {@code cap}'s lower. */
  public int executorsFor(int pendingTasks, int cap) {
    return Math.max(1, Math.min(maxExecutors(cap), pendingTasks));
  }
}
