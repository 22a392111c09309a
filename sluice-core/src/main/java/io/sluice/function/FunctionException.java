package io.sluice.function;

/**
 * A handler failure with an explicit error type, reported as Lambda reports it ({@code errorType},
 * {@code errorMessage}); a state machine's Retry and Catch match on the error type.
 */
public class FunctionException extends RuntimeException {
  private final String errorType;

  public FunctionException(String errorType, String message) {
    super(message);
    this.errorType = errorType;
  }

  public FunctionException(String errorType, String message, Throwable cause) {
    super(message, cause);
    this.errorType = errorType;
  }

  public String errorType() {
    return errorType;
  }
}
