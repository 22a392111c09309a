package io.sluice.function;

import java.time.Duration;

/** What a handler knows of its invocation: Lambda's {@code Context}, reduced to what Sluice uses. */
public interface InvocationContext {
  /** This invocation's id (Lambda's aws request id). */
  String requestId();

  String functionName();

  int memoryMb();

  /** Time left before the runtime kills the invocation. */
  Duration remainingTime();
}
