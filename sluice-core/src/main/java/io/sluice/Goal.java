package io.sluice;

/** What a stage optimises for; decides how many executors run at once. */
public enum Goal {
  /** Finish soon: up to 40 executors (the inline Map's limit). */
  LATENCY(40),
  /** Be gentle with downstream systems and the account's concurrency: up to 10 executors. */
  STABILITY(10);

  private final int maxExecutors;

  Goal(int maxExecutors) {
    this.maxExecutors = maxExecutors;
  }

  /** The most executors this goal runs at once. */
  public int maxExecutors() {
    return maxExecutors;
  }

  /** Executors for {@code pendingTasks}: one per task, from 1 up to {@code cap}. */
  public int executorsFor(int pendingTasks, int cap) {
    return Math.max(1, Math.min(Math.min(maxExecutors, cap), pendingTasks));
  }
}
