/**
 * The Lambda entry points of a job: {@link io.sluice.aws.lambda.DriverFunction} and {@link
 * io.sluice.aws.lambda.ExecutorFunction}, {@code aws-lambda-java-core} stream handlers around the
 * runtime-agnostic {@link io.sluice.driver.DriverHandler} and {@link io.sluice.executor.ExecutorHandler}.
 *
 * <p>They read their job and store from the function's environment ({@link
 * io.sluice.aws.lambda.FunctionEnvironment}), report failures the way Lambda's Java runtime reports a
 * thrown exception (its class name as {@code errorType}: {@link io.sluice.aws.lambda.LambdaFailure}
 * makes that name the {@link io.sluice.function.FunctionException#errorType()} the loop's Retry and
 * Catch match), serve concurrent invocations on one instance (Lambda Managed Instances), and take part
 * in SnapStart's checkpoint and restore through {@code org.crac}.
 */
package io.sluice.aws.lambda;
