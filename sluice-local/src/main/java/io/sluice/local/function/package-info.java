/**
 * Lambda functions emulated on one machine. A {@link io.sluice.local.function.LocalFunction} hosts a
 * {@link io.sluice.function.FunctionHandler} the way Lambda does: instances created on demand up to a
 * concurrency cap (cold starts), reused while warm, one invocation at a time each, a timeout that
 * discards the instance, JSON payloads copied in and out as bytes, and failures reported with Lambda's {@code
 * errorType} and {@code errorMessage} as a {@link io.sluice.local.function.LocalFunctionException}.
 */
package io.sluice.local.function;
