package io.sluice.run;

/**
 * Where a run keeps everything in the store. One place, so that the driver, the executors, status
 * readers and cleanup agree.
 *
 * <pre>
 * runs/RUN/run.json                                      job, parameters, start time
 * runs/RUN/latest.json                                   the latest driver step (a pointer; probed forward)
 * runs/RUN/heartbeat.json                                the process running the run, while it runs (local)
 * runs/RUN/driver/SEQ.json                               the driver's state after step SEQ, with its decision
 * runs/RUN/stages/NN-STAGE/batch-B/tasks.json            the planned tasks of micro-batch B (their inputs)
 * runs/RUN/stages/NN-STAGE/batch-B/rounds/R/G.json       task group G of executor round R (its tasks' inputs)
 * runs/RUN/stages/NN-STAGE/batch-B/rounds/R/items.json   round R's group references (a Distributed Map's items)
 * runs/RUN/stages/NN-STAGE/batch-B/results/R-G.json      what the executor of group G of round R committed and tried
 * runs/RUN/stages/NN-STAGE/batch-B/attempts/ID.E-A.json  attempt A of task ID in resume epoch E
 * runs/RUN/stages/NN-STAGE/batch-B/commits/ID.json       the commit record of task ID (first wins)
 * runs/RUN/stages/NN-STAGE/batch-B/ledger.json           the driver's cache of commits and attempts (rebuildable)
 * runs/RUN/stages/NN-STAGE/batch-B/errors/R-G.json       why the executor of group G of round R failed
 * runs/RUN/stages/NN-STAGE/batch-B/out/ID/E-A/NAME       the outputs of one attempt
 * runs/RUN/results/STAGE.txt                             a stage's small result, as text
 * </pre>
 *
 * @param runId the run's id
 */
public record RunLayout(String runId) {
  /** The folder of all runs. */
  public static final String RUNS = "runs/";

  /** {@code runs/RUN/}. */
  public String root() {
    return RUNS + runId + "/";
  }

  /** {@code runs/RUN/run.json}: the {@link RunInfo}. */
  public String runFile() {
    return root() + "run.json";
  }

  /** {@code runs/RUN/latest.json}: the latest driver step recorded, as a hint that readers probe forward from. */
  public String latestStep() {
    return root() + "latest.json";
  }

  /** {@code runs/RUN/heartbeat.json}: the {@link RunHeartbeat} of the process running the run. */
  public String heartbeat() {
    return root() + "heartbeat.json";
  }

  /**
   * {@code runs/RUN/results/}: small results a stage leaves for whoever ran the job, as text
   * ({@code STAGE.txt}: a pipeline's {@code collect}); {@code sluice run} prints them when the run succeeds.
   */
  public String resultsPrefix() {
    return root() + "results/";
  }

  /** The folder of the driver's states. */
  public String driverPrefix() {
    return root() + "driver/";
  }

  /** The driver's {@link RunState} after step {@code seq}. */
  public String driverState(long seq) {
    return driverPrefix() + String.format("%012d.json", seq);
  }

  /** The keys of micro-batch {@code batch} of stage {@code stageIndex}. */
  public Batch batch(int stageIndex, String stageName, int batch) {
    return new Batch(String.format("%sstages/%02d-%s/batch-%d/", root(), stageIndex, stageName, batch));
  }

  /**
   * The keys of one micro-batch of one stage.
   *
   * @param prefix the batch's folder
   */
  public record Batch(String prefix) {
    /** The planned tasks ({@link PlannedTask}s, as a JSON array). */
    public String tasks() {
      return prefix + "tasks.json";
    }

    /** The {@link GroupManifest} of group {@code group} of executor round {@code round}. */
    public String groupManifest(int round, int group) {
      return prefix + String.format("rounds/%06d/%03d.json", round, group);
    }

    /**
     * The items of executor round {@code round} when it runs as a Distributed Map: a JSON array of the
     * round's group references, which the Map's {@code ItemReader} reads.
     */
    public String roundItems(int round) {
      return prefix + String.format("rounds/%06d/items.json", round);
    }

    /** The {@link GroupResult} the executor of that group wrote when it ended. */
    public String groupResult(int round, int group) {
      return prefix + String.format("results/%06d-%03d.json", round, group);
    }

    public String commitsPrefix() {
      return prefix + "commits/";
    }

    /** The {@link CommitRecord} of task {@code taskId}. */
    public String commit(String taskId) {
      return commitsPrefix() + taskId + ".json";
    }

    /** What the driver has read of commits and attempts so far (derived: rebuilt if lost or unreadable). */
    public String ledgerCache() {
      return prefix + "ledger.json";
    }

    public String attemptsPrefix() {
      return prefix + "attempts/";
    }

    /** The {@link AttemptRecord} of attempt {@code attempt} of {@code taskId} in resume epoch {@code epoch}. */
    public String attempt(String taskId, int epoch, int attempt) {
      // Flat, not a folder per task: a mkdir per task serialises concurrent workers on the folder's lock.
      return attemptsPrefix() + taskId + "." + epoch + "-" + attempt + ".json";
    }

    /** Where an executor records why it failed. */
    public String executorError(int round, int group) {
      return prefix + String.format("errors/%06d-%03d.json", round, group);
    }

    public String errorsPrefix() {
      return prefix + "errors/";
    }

    public String outputsPrefix() {
      return prefix + "out/";
    }

    /** Output {@code name} of one attempt. */
    public String output(String taskId, int epoch, int attempt, String name) {
      return outputsPrefix() + taskId + "/" + epoch + "-" + attempt + "/" + name;
    }
  }
}
