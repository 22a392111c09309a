package io.sluice;

/**
 * What every call of a stage's code knows, on the driver side ({@link PlanContext}, {@link
 * CompletionContext}) and on executors ({@link TaskContext}) alike.
 */
public interface StageContext {
  /** The job's name. */
  String jobName();

  /** The run's id. */
  String runId();

  /** The name of the stage being called. */
  String stageName();

  /** The parameters the run was started with (none if it was started without). */
  Parameters parameters();
}
