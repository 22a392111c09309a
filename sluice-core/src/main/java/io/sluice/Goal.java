package io.sluice;

/**
 * What a stage optimises for; decides how many executors run at once. The runtime caps every goal at
 * what its platform allows per round ({@code RuntimeLimits.maxExecutors}: the inline Map's 40 on
 * Step Functions).
 */
public enum Goal {
  /** Finish soon: as many executors as the runtime allows. */
  LATENCY(Integer.MAX_VALUE),
  /** Be gentle with downstream systems and the account's concurrency: up to 10 executors. */
  STABILITY(10);

  private final int maxExecutors;

  Goal(int maxExecutors) {
    this.maxExecutors = maxExecutors;
  }

  /** The most executors this goal runs at once on a runtime that allows {@code runtimeCap}. */
  public int maxExecutors(int runtimeCap) {
    return Math.max(1, Math.min(maxExecutors, runtimeCap));
  }

  /** Executors for {@code pendingTasks}: one per task, from 1 up to this goal's and {@code cap}'s lower. */
  public int executorsFor(int pendingTasks, int cap) {
    return Math.max(1, Math.min(maxExecutors(cap), pendingTasks));
  }
}
