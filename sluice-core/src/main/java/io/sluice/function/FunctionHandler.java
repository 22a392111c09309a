package io.sluice.function;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * One function instance's handler: the equivalent of a Lambda {@code RequestHandler}. An instance is
 * created once and then invoked many times, one invocation at a time. It may keep instance-scoped
 * resources (clients, caches) across invocations, never invocation-scoped state.
 */
@FunctionalInterface
public interface FunctionHandler {
  /**
   * Handles one invocation.
   *
   * @throws FunctionException to fail with a chosen error type (Lambda's {@code errorType}); any other
   *     exception fails the invocation with its class name as the error type
   */
  JsonNode handle(JsonNode input, InvocationContext context) throws Exception;
}
