package io.sluice.statemachine;

/**
 * A runtime error in Step Functions terms: an error name ({@code States.TaskFailed}, {@code States.Runtime},
 * a Lambda's {@code errorType}, ...) and a cause. Retry and Catch match on {@link #error()}.
 */
public class StatesError extends RuntimeException {
  private final String error;
  private final String cause;

  public StatesError(String error, String cause) {
    super(error + ": " + cause);
    this.error = error;
    this.cause = cause;
  }

  public StatesError(String error, String cause, Throwable source) {
    super(error + ": " + cause, source);
    this.error = error;
    this.cause = cause;
  }

  /** The error name, as Retry/Catch {@code ErrorEquals} see it. */
  public String error() {
    return error;
  }

  /** The human-readable cause; may be null. */
  public String cause() {
    return cause;
  }
}
