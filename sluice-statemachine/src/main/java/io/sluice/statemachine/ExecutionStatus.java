package io.sluice.statemachine;

/** An execution's final (or current) status, as Step Functions names it. */
public enum ExecutionStatus {
  RUNNING,
  SUCCEEDED,
  FAILED,
  TIMED_OUT,
  ABORTED
}
