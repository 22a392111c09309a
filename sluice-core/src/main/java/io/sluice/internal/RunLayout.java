package io.sluice.internal;

/**
 * Where a run keeps everything in the store. One place, so that the driver, the executors, status
 * readers and cleanup agree.
 *
 * <pre>
 * runs/RUN/run.json                                     job, parameters, start time
 * runs/RUN/driver/SEQ.json                              the driver's state after step SEQ, with its decision
 * runs/RUN/stages/NN-STAGE/batch-B/tasks.json           the planned tasks of micro-batch B
 * runs/RUN/stages/NN-STAGE/batch-B/rounds/R.json        task groups of executor round R
 * runs/RUN/stages/NN-STAGE/batch-B/attempts/ID.E-A.json attempt A of task ID in resume epoch E
 * runs/RUN/stages/NN-STAGE/batch-B/commits/ID.json      the commit record of task ID (first wins)
 * runs/RUN/stages/NN-STAGE/batch-B/ledger.json          the driver's cache of what it read of the commits
 * runs/RUN/stages/NN-STAGE/batch-B/out/ID/E-A/NAME      the outputs of one attempt
 * </pre>
 */
public record RunLayout(String runId) {
  public static final String RUNS = "runs/";

  public String root() {
    return RUNS + runId + "/";
  }

  public String runFile() {
    return root() + "run.json";
  }

  public String driverPrefix() {
    return root() + "driver/";
  }

  public String driverState(long seq) {
    return driverPrefix() + String.format("%012d.json", seq);
  }

  public Batch batch(int stageIndex, String stageName, int batch) {
    return new Batch(String.format("%sstages/%02d-%s/batch-%d/", root(), stageIndex, stageName, batch));
  }

  /** The keys of one micro-batch of one stage. */
  public record Batch(String prefix) {
    public String tasks() {
      return prefix + "tasks.json";
    }

    public String round(int round) {
      return prefix + String.format("rounds/%06d.json", round);
    }

    public String commitsPrefix() {
      return prefix + "commits/";
    }

    public String commit(String taskId) {
      return commitsPrefix() + taskId + ".json";
    }

    /** What the driver has read of the commits so far (derived, rebuilt if lost). */
    public String ledgerCache() {
      return prefix + "ledger.json";
    }

    public String attemptsPrefix() {
      return prefix + "attempts/";
    }

    public String attempt(String taskId, int epoch, int attempt) {
      // Flat, not a folder per task: a mkdir per task serialises concurrent workers on the folder's lock.
      return attemptsPrefix() + taskId + "." + epoch + "-" + attempt + ".json";
    }

    /** Where an executor records why it failed before running any task of its group. */
    public String executorError(int round, int group) {
      return prefix + String.format("errors/%06d-%03d.json", round, group);
    }

    public String errorsPrefix() {
      return prefix + "errors/";
    }

    public String outputsPrefix() {
      return prefix + "out/";
    }

    public String output(String taskId, int epoch, int attempt, String name) {
      return outputsPrefix() + taskId + "/" + epoch + "-" + attempt + "/" + name;
    }
  }
}
