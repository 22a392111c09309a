package io.sluice;

import com.fasterxml.jackson.databind.JsonNode;
import io.sluice.function.FunctionHandler;
import io.sluice.function.InvocationContext;
import io.sluice.internal.Json;
import java.time.Duration;
import java.util.UUID;

/**
 * An {@link InvocationContext} for calling handlers directly in unit tests. (The local runtime's
 * function instances provide the real one; these tests exercise the handlers without a runtime.)
 */
public record TestInvocation(String functionName, int memoryMb, Duration remainingTime, String requestId)
    implements InvocationContext {
  public static TestInvocation of(String functionName) {
    return new TestInvocation(functionName, 10240, Duration.ofMinutes(15), UUID.randomUUID().toString());
  }

  /**
   * Invokes {@code handler} with {@code input} as JSON bytes, as a function runtime would, and parses
   * its answer. What the handler throws unchecked is thrown as it is; a checked exception is wrapped.
   */
  public static JsonNode call(FunctionHandler handler, JsonNode input, InvocationContext context) {
    byte[] output;
    try {
      output = handler.handle(Json.bytes(input), context);
    } catch (RuntimeException e) {
      throw e;
    } catch (Exception e) {
      throw new IllegalStateException("handler of " + context.functionName() + " threw " + e, e);
    }
    return Json.parse(output, "the response of " + context.functionName());
  }
}
