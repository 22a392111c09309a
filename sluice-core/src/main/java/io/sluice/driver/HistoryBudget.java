package io.sluice.driver;

import io.sluice.runtime.RuntimeLimits;

/**
 * The history events the loop spends, by the runtime's costs, and when to chain a new execution
 * before the limit.
 *
 * @param costs what each state costs
 * @param limit events one execution may have
 */
record HistoryBudget(RuntimeLimits.HistoryEvents costs, int limit) {
  /** Events since {@code previous} was answered: its states, then this Driver call and its Choice. */
  long spentAfter(Decision previous) {
    long spent = costs.taskState() + costs.choiceState();
    if (previous != null && Decision.RUN_EXECUTORS.equals(previous.action())) {
      spent += costs.mapState() + (long) costs.mapIteration() * previous.groups().size();
    } else if (previous != null && Decision.SLEEP.equals(previous.action())) {
      spent += costs.waitState();
    }
    return spent;
  }

  /**
   * Whether the loop after {@code next} could pass the limit from {@code events} (counting each
   * executor twice, for retries, plus the margin).
   */
  boolean mustChain(long events, Decision next) {
    if (next.terminal()) {
      return false;
    }
    long loop = costs.taskState() + costs.choiceState() + costs.mapState()
        + (next.groups() == null ? 0 : (long) costs.mapIteration() * 2 * next.groups().size()) + costs.margin();
    return events + loop > limit;
  }
}
