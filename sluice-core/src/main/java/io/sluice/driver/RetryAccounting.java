package io.sluice.driver;

import io.sluice.run.CommitRecord;
import io.sluice.run.PlannedTask;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Which tasks of a batch still need an attempt, and whether one has used all of its attempts. */
final class RetryAccounting {
  private RetryAccounting() {}

  /**
   * @param pending tasks not committed that have attempts left, in plan order
   * @param exhausted the first task not committed that used all its attempts, or null
   * @param exhaustedAttempts how many attempts it used
   * @param total every task of the batch known (continuations included)
   */
  record Outcome(List<PlannedTask> pending, PlannedTask exhausted, int exhaustedAttempts, int total) {
    long committed() {
      return total - pending.size() - (exhausted == null ? 0 : 1);
    }
  }

  static Outcome of(List<PlannedTask> all, Map<String, CommitRecord> commits, Map<String, Integer> attempts, int maxAttempts) {
    List<PlannedTask> pending = new ArrayList<>();
    for (PlannedTask t : all) {
      if (commits.containsKey(t.id())) {
        continue;
      }
      int tried = attempts.getOrDefault(t.id(), 0);
      if (tried >= maxAttempts) {
        return new Outcome(pending, t, tried, all.size());
      }
      pending.add(t);
    }
    return new Outcome(pending, null, 0, all.size());
  }
}
