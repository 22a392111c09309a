package io.sluice.executor;

import io.sluice.run.CommitRecord;
import io.sluice.run.GroupResult;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What the workers of one executor invocation learn of their tasks, for the {@link GroupResult} the
 * executor writes when it ends. Thread-safe: every worker reports into it.
 */
final class GroupReport {
  private final Map<String, Integer> attempts = new ConcurrentHashMap<>();
  private final Map<String, CommitRecord> commits = new ConcurrentHashMap<>();
  private final Map<String, Boolean> touched = new ConcurrentHashMap<>();

  /** Attempt {@code attempt} of the task exists (this executor claimed it, or found it claimed). */
  void attempted(String taskId, int attempt) {
    touched.put(taskId, true);
    attempts.merge(taskId, attempt, Math::max);
  }

  /** The task is committed with {@code record} (by this executor or another). */
  void committed(String taskId, CommitRecord record) {
    touched.put(taskId, true);
    commits.putIfAbsent(taskId, record);
  }

  /** The task was handed back without being run (no time left, or a store failure). */
  void untouched(String taskId) {
    // Nothing to report: the Driver schedules it again.
  }

  GroupResult result(String stage, int round, int group, int epoch, String executor) {
    List<GroupResult.TaskReport> tasks = new ArrayList<>();
    for (String id : touched.keySet()) {
      tasks.add(new GroupResult.TaskReport(id, attempts.getOrDefault(id, 0), commits.get(id)));
    }
    return new GroupResult(stage, round, group, epoch, executor, tasks);
  }
}
