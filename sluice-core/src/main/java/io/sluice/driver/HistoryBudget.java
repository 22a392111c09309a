package io.sluice.driver;

import io.sluice.runtime.RuntimeLimits;

/**
 * The history events the loop spends, by the runtime's costs, and when to chain a new execution
 * before the limit. An inline Map's iterations are in the execution's history, 7 events an executor; a
 * Distributed Map's child executions have histories of their own, so its round costs the Map state's
 * events and the map run's, however many executors it starts.
 *
 * @param costs what each state costs
 * @param limit events one execution may have
 */
record HistoryBudget(RuntimeLimits.HistoryEvents costs, int limit) {
  /** Events since {@code previous} was answered: its states, then this Driver call and its Choice. */
  long spentAfter(Decision previous) {
    long spent = costs.taskState() + costs.choiceState();
    if (previous != null && Decision.RUN_EXECUTORS.equals(previous.action())) {
      spent += round(previous, 1);
    } else if (previous != null && Decision.SLEEP.equals(previous.action())) {
      spent += costs.waitState();
    }
    return spent;
  }

  /**
   * Whether the loop after {@code next} could pass the limit from {@code events} (counting each
   * inline executor twice, for retries, plus the margin).
   */
  boolean mustChain(long events, Decision next) {
    if (next.terminal()) {
      return false;
    }
    long loop = costs.taskState() + costs.choiceState() + round(next, 2) + costs.margin();
    return events + loop > limit;
  }

  /** The events of the executor round {@code d} starts (the Map state's alone for other decisions), inline ones {@code times} over. */
  private long round(Decision d, int times) {
    if (d.distributed()) {
      return costs.mapState() + costs.mapRun();
    }
    return costs.mapState() + (long) costs.mapIteration() * times * d.executors();
  }
}
