package io.sluice.statemachine;

/**
 * A task-token callback ({@link Interpreter#sendTaskSuccess}, {@link Interpreter#sendTaskFailure}, {@link
 * Interpreter#sendTaskHeartbeat}) that no waiting task takes, with the error Step Functions' {@code
 * SendTaskSuccess} / {@code SendTaskFailure} / {@code SendTaskHeartbeat} APIs answer with in that case
 * ({@link #errorCode()}).
 */
public class TaskTokenException extends RuntimeException {
  /** Why the token was refused. */
  public enum Reason {
    /** Not a token this interpreter could have issued ({@code InvalidToken}). */
    INVALID_TOKEN("InvalidToken"),
    /** A well-formed token that no task of this interpreter was given ({@code TaskDoesNotExist}). */
    TASK_DOES_NOT_EXIST("TaskDoesNotExist"),
    /**
     * The task the token was given to has already ended: it succeeded, failed, timed out, missed a
     * heartbeat or its execution ended ({@code TaskTimedOut}: "the task token has either expired or the
     * task associated with the token has already been closed").
     */
    TASK_TIMED_OUT("TaskTimedOut");

    private final String errorCode;

    Reason(String errorCode) {
      this.errorCode = errorCode;
    }

    /** The error code Step Functions' API gives. */
    public String errorCode() {
      return errorCode;
    }
  }

  private final Reason reason;

  public TaskTokenException(Reason reason, String message) {
    super(reason.errorCode() + ": " + message);
    this.reason = reason;
  }

  public Reason reason() {
    return reason;
  }

  /** {@code InvalidToken}, {@code TaskDoesNotExist} or {@code TaskTimedOut}. */
  public String errorCode() {
    return reason.errorCode();
  }
}
