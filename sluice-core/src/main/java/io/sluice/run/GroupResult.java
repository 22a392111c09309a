package io.sluice.run;

import java.util.List;

/**
 * What the executor of one task group reports when it ends: for each task it touched, the attempts
 * of this epoch it knows exist and, if the task is committed, its commit record. The Driver reads the
 * results of the last round instead of listing every commit and attempt of the stage, and falls back
 * to checking the tasks one by one only for a group whose executor left no result (it died).
 *
 * <p>A report is a set of facts (a commit, an attempt that exists), so an incomplete one (a duplicate
 * delivery's result replacing another's) only delays what the Driver learns: a task it does not know
 * committed is scheduled again, and the executor that meets its commit reports it.
 *
 * @param stage the stage's name
 * @param round the executor round
 * @param group the group's index
 * @param epoch the resume epoch
 * @param executor the executor invocation
 * @param tasks what happened to each task it touched
 */
public record GroupResult(String stage, int round, int group, int epoch, String executor, List<TaskReport> tasks) {
  public GroupResult {
    tasks = List.copyOf(tasks);
  }

  /**
   * One task of a group's result.
   *
   * @param taskId the task
   * @param attempts the highest attempt number of this epoch known to be claimed (0 if none)
   * @param commit the task's commit record, whoever committed it, or null if it did not commit
   */
  public record TaskReport(String taskId, int attempts, CommitRecord commit) {}
}
