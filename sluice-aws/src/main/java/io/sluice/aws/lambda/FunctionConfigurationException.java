package io.sluice.aws.lambda;

/**
 * A Sluice function that cannot start: its environment names no job or store, or ones that cannot
 * be opened. Thrown while the function initializes, so Lambda reports it as an init error
 * ({@code Runtime.InitError}-style, with this class as the error type).
 */
public class FunctionConfigurationException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public FunctionConfigurationException(String message) {
    super(message);
  }

  public FunctionConfigurationException(String message, Throwable cause) {
    super(message, cause);
  }
}
