package io.sluice.aws.lambda;

import io.sluice.function.InvocationContext;
import java.time.Duration;

/** The context of the priming call made before a SnapStart checkpoint. */
enum PrimingContext implements InvocationContext {
  INSTANCE;

  @Override
  public String requestId() {
    return "priming";
  }

  @Override
  public String functionName() {
    return "priming";
  }

  @Override
  public int memoryMb() {
    return 128;
  }

  @Override
  public Duration remainingTime() {
    return Duration.ofSeconds(10);
  }
}
