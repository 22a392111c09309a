package io.sluice;

/** A task failed every attempt it was allowed; the run failed with this error and is resumable. */
public class TaskFailedException extends RuntimeException {
  private final String stage;
  private final String taskId;

  public TaskFailedException(String stage, String taskId, int attempts, String cause) {
    super("Stage '" + stage + "' task " + taskId + " failed after " + attempts + " attempt(s): " + cause);
    this.stage = stage;
    this.taskId = taskId;
  }

  public String stage() {
    return stage;
  }

  public String taskId() {
    return taskId;
  }
}
