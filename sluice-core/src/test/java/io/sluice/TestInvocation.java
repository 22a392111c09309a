package io.sluice;

import io.sluice.function.InvocationContext;
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
}
