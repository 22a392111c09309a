package io.sluice.aws.lambda;

import io.sluice.ParameterResolver;
import io.sluice.executor.ExecutorHandler;
import io.sluice.runtime.RuntimeLimits;
import io.sluice.time.Clock;
import java.util.function.Supplier;

/**
 * The Executor's Lambda entry point: handler {@value #HANDLER}. It wraps {@link ExecutorHandler} on
 * the job named by {@code SLUICE_JOB} and the store at {@code SLUICE_STORE} ({@link
 * FunctionEnvironment}). Its temp files live under the function's temp directory ({@code /tmp} on
 * Lambda), one directory per invocation.
 */
public final class ExecutorFunction extends SluiceFunction {
  /** The handler string of the Executor function. */
  public static final String HANDLER = "io.sluice.aws.lambda.ExecutorFunction::handleRequest";

  /** The entry point Lambda instantiates: the environment of the process. */
  public ExecutorFunction() {
    this(FunctionEnvironment.fromProcess());
  }

  /** An Executor on {@code environment}, on Lambda's limits. */
  public ExecutorFunction(FunctionEnvironment environment) {
    this(environment, RuntimeLimits.LAMBDA_STEP_FUNCTIONS, Clock.system());
  }

  /**
   * An Executor on {@code environment}, on the platform of {@code limits}, telling time by {@code
   * clock}; {@code ssm:} parameter references are read through Parameter Store (the {@link
   * ParameterResolver} service), loaded when the first one is read.
   */
  public ExecutorFunction(FunctionEnvironment environment, RuntimeLimits limits, Clock clock) {
    this(environment, limits, clock, serviceResolvers());
  }

  /** As {@link #ExecutorFunction(FunctionEnvironment, RuntimeLimits, Clock)}, with a resolver of references from {@code resolvers} for each instance. */
  public ExecutorFunction(FunctionEnvironment environment, RuntimeLimits limits, Clock clock,
      Supplier<ParameterResolver> resolvers) {
    super("Executor", environment, limits, resolvers, (job, store, l, p) -> new ExecutorHandler(job, store, clock, l, p));
  }
}
