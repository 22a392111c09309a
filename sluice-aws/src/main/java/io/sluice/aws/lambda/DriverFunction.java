package io.sluice.aws.lambda;

import io.sluice.aws.s3.S3ObjectStore;
import io.sluice.ParameterResolver;
import io.sluice.driver.DriverHandler;
import io.sluice.runtime.RuntimeLimits;
import io.sluice.runtime.S3Addressing;
import io.sluice.store.ObjectStore;
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
    super("Driver", environment, limits, resolvers, (job, store, l, p) -> new DriverHandler(job, store, clock, l, addressing(store), p));
  }

  /**
   * The store as the state machine's S3 integrations see it (a Distributed Map reads its rounds' items
   * from it): an S3 store's bucket and key prefix; null for any other store, which only a job of
   * inline Maps may use (the Driver refuses a distributed job without it, naming the job).
   */
  static S3Addressing addressing(ObjectStore store) {
    return store instanceof S3ObjectStore s3 ? S3Addressing.bucket(s3.bucket(), s3.prefix()) : null;
  }
}
