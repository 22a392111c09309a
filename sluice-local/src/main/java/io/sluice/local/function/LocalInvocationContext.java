package io.sluice.local.function;

import io.sluice.function.InvocationContext;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;

/** The context of one local invocation: the time left counts down to a fixed deadline. */
record LocalInvocationContext(
    String requestId, String functionName, int memoryMb, Instant deadline, InstantSource time)
    implements InvocationContext {

  @Override
  public Duration remainingTime() {
    Duration left = Duration.between(time.instant(), deadline);
    return left.isNegative() ? Duration.ZERO : left;
  }
}
