package io.sluice.driver;

/**
 * Fails a stage whose executors keep starting nothing: activity (commits plus attempt claims of the
 * batch) that did not grow over {@code maxStalledRounds} rounds in a row.
 *
 * @param maxStalledRounds rounds without activity before the run fails
 */
record StallDetector(int maxStalledRounds) {
  /** Executor rounds in a row in which no task was even attempted before the run fails. */
  static final StallDetector DEFAULT = new StallDetector(3);

  /**
   * @param activity the activity now
   * @param stalledRounds rounds in a row without growth, this one included
   * @param stalled whether that reached the limit
   */
  record Verdict(long activity, int stalledRounds, boolean stalled) {}

  /** After round {@code round} (0: none ran yet) with {@code previous} activity and stall count. */
  Verdict next(int round, long previousActivity, int previousStalled, long activity) {
    int stalled = round > 0 && activity == previousActivity ? previousStalled + 1 : 0;
    return new Verdict(activity, stalled, stalled >= maxStalledRounds);
  }
}
