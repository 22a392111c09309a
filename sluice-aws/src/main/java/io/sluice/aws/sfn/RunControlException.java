package io.sluice.aws.sfn;

import java.util.Objects;

/**
 * A run could not be started, read, stopped or redriven. {@link #kind()} says why; the message names
 * the run, the state machine or execution, and what to do.
 */
public final class RunControlException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** Why a call about a run failed. */
  public enum Kind {
    /** No such run (execution) or state machine. */
    NOT_FOUND,
    /** The run id names a run started with other parameters. */
    CONFLICT,
    /** The run cannot be redriven in its state (running, succeeded, past the redrive window...). */
    NOT_REDRIVABLE,
    /** The run is not running (for stop). */
    NOT_RUNNING,
    /** The caller's credentials lack a permission, or are not valid. */
    ACCESS_DENIED,
    /** A malformed ARN, name or input. */
    INVALID,
    /** Step Functions could not be reached or failed the request. */
    SERVICE
  }

  private final Kind kind;

  public RunControlException(Kind kind, String message, Throwable cause) {
    super(message, cause);
    this.kind = Objects.requireNonNull(kind, "kind");
  }

  public RunControlException(Kind kind, String message) {
    this(kind, message, null);
  }

  public Kind kind() {
    return kind;
  }
}
