package io.sluice.aws.sfn;

/**
 * How a run was redriven.
 *
 * @param runId the run
 * @param executionArn the execution that goes on with it: the failed one itself ({@link
 *     How#REDRIVEN}), or the resume execution ({@link How#RESUMED})
 * @param how which of the two
 */
public record RunRedrive(String runId, String executionArn, How how) {
  /** What a redrive did. */
  public enum How {
    /** {@code RedriveExecution}: the execution goes on from the state that failed. */
    REDRIVEN,
    /** A new execution that resumes the run from the Driver's last step (the Driver had failed the run). */
    RESUMED
  }
}
