package io.sluice.function;

/**
 * One function instance's handler: the equivalent of a Lambda handler, bytes in and bytes out. (The
 * AWS runtime wraps it in a stream handler of {@code aws-lambda-java-core}; the local runtime's
 * function instances call it directly.) An instance is created once and then invoked many times, one
 * invocation at a time. It may keep instance-scoped resources (clients, caches) across invocations,
 * never invocation-scoped state.
 *
 * <p>The payloads are JSON in UTF-8, as Lambda's are: the handler parses its input and writes its
 * output in whatever JSON library it likes.
 */
@FunctionalInterface
public interface FunctionHandler {
  /**
   * Handles one invocation.
   *
   * @param input the event, as JSON bytes ({@code null} as the four bytes {@code null})
   * @return the response, as JSON bytes; a null return is the JSON {@code null}
   * @throws FunctionException to fail with a chosen error type (Lambda's {@code errorType}); any other
   *     exception fails the invocation with its class name as the error type
   */
  byte[] handle(byte[] input, InvocationContext context) throws Exception;
}
