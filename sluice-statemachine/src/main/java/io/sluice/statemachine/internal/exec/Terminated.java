package io.sluice.statemachine.internal.exec;

import io.sluice.statemachine.ExecutionStatus;

/**
 * Ends an execution from outside the state logic (abort, execution timeout). Never caught by Retry or
 * Catch; unwinds every branch.
 */
final class Terminated extends RuntimeException {
  final ExecutionStatus status;
  final String error;
  final String cause;

  Terminated(ExecutionStatus status, String error, String cause) {
    super(status + ": " + error, null, false, false);
    this.status = status;
    this.error = error;
    this.cause = cause;
  }
}
