package io.sluice.local.function;

/**
 * A failed invocation, as Lambda reports it: an {@code errorType} and an {@code errorMessage}.
 *
 * <p>The error types are Lambda's, so that a caller maps them to Step Functions error names the same
 * way on both runtimes:
 *
 * <ul>
 *   <li>a handler's {@link io.sluice.function.FunctionException}: its own error type;
 *   <li>any other exception from the handler (or its factory): the exception's fully qualified class
 *       name, e.g. {@code java.lang.IllegalStateException}, as Lambda's Java runtime reports it;
 *   <li>{@value LocalFunction#TIMEOUT_ERROR}: the invocation outlived the function's timeout;
 *   <li>{@value LocalFunction#THROTTLED_ERROR}: no instance became free within the configured wait;
 *   <li>{@value LocalFunction#REQUEST_TOO_LARGE_ERROR} and {@value LocalFunction#RESPONSE_TOO_LARGE_ERROR}:
 *       a payload over Lambda's 6 MB synchronous limit.
 * </ul>
 */
public class LocalFunctionException extends RuntimeException {
  private final String functionName;
  private final String requestId;
  private final String errorType;
  private final String errorMessage;

  /**
   * @param cause the handler's exception, if the handler threw one (null otherwise)
   */
  public LocalFunctionException(
      String functionName, String requestId, String errorType, String errorMessage, Throwable cause) {
    super("Function '" + functionName + "' failed (request " + requestId + "): " + errorType + ": " + errorMessage, cause);
    this.functionName = functionName;
    this.requestId = requestId;
    this.errorType = errorType;
    this.errorMessage = errorMessage;
  }

  /** The function that failed. */
  public String functionName() {
    return functionName;
  }

  /** The failed invocation's request id (what {@code InvocationContext.requestId()} told the handler). */
  public String requestId() {
    return requestId;
  }

  /** Lambda's {@code errorType}: what a state machine's Retry and Catch match on. */
  public String errorType() {
    return errorType;
  }

  /** Lambda's {@code errorMessage}. */
  public String errorMessage() {
    return errorMessage;
  }
}
