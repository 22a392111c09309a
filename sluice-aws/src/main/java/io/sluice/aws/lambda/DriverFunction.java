package io.sluice.aws.lambda;

import io.sluice.ParameterResolver;
import io.sluice.driver.DriverHandler;
import io.sluice.runtime.RuntimeLimits;
import io.sluice.time.Clock;
import java.util.function.Supplier;

/**
 * The Driver's Lambda entry point: handler {@value #HANDLER}. It wraps {@link DriverHandler} on the
 * job named by {@code SLUICE_JOB} and the store at {@code SLUICE_STORE} ({@link FunctionEnvironment}).
 *
 * <p>A failure the Driver names ({@link DriverHandler#FINAL_ERRORS} and the others) reaches Step
 * Functions with that name as its {@code errorType}, e.g. {@code Sluice.StateNotFound}; any other
 * exception with its class name, e.g. {@code io.sluice.store.StoreException}.
 */
public final class DriverFunction extends SluiceFunction {
  /** The handler string of the Driver function. */
  public static final String HANDLER = "io.sluice.aws.lambda.DriverFunction::handleRequest";

  /** The entry point Lambda instantiates: the environment of the process. */
  public DriverFunction() {
    this(FunctionEnvironment.fromProcess());
  }

  /** A Driver on {@code environment}, on Lambda's limits. */
  public DriverFunction(FunctionEnvironment environment) {
    this(environment, RuntimeLimits.LAMBDA_STEP_FUNCTIONS, Clock.system());
  }

  /**
   * A Driver on {@code environment}, on the platform of {@code limits}, telling time by {@code clock};
   * {@code ssm:} parameter references are read through Parameter Store (the {@link ParameterResolver}
   * service), loaded when the first one is read.
   */
  public DriverFunction(FunctionEnvironment environment, RuntimeLimits limits, Clock clock) {
    this(environment, limits, clock, serviceResolvers());
  }

  /** As {@link #DriverFunction(FunctionEnvironment, RuntimeLimits, Clock)}, with a resolver of references from {@code resolvers} for each instance. */
  public DriverFunction(FunctionEnvironment environment, RuntimeLimits limits, Clock clock, Supplier<ParameterResolver> resolvers) {
    super("Driver", environment, limits, resolvers, (job, store, l, p) -> new DriverHandler(job, store, clock, l, p));
  }
}
