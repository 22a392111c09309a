package io.sluice.aws.lambda;

import com.amazonaws.services.lambda.runtime.Context;
import io.sluice.function.InvocationContext;
import java.time.Duration;

/** Lambda's {@link Context} as the handlers' {@link InvocationContext}. */
record LambdaInvocationContext(Context lambda) implements InvocationContext {
  @Override
  public String requestId() {
    return lambda.getAwsRequestId();
  }

  @Override
  public String functionName() {
    return lambda.getFunctionName();
  }

  @Override
  public int memoryMb() {
    return lambda.getMemoryLimitInMB();
  }

  @Override
  public Duration remainingTime() {
    return Duration.ofMillis(Math.max(0, lambda.getRemainingTimeInMillis()));
  }
}
