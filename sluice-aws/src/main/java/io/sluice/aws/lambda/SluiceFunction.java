package io.sluice.aws.lambda;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import io.sluice.Job;
import io.sluice.JobDefinitionException;
import io.sluice.Parameter;
import io.sluice.ParameterResolver;
import io.sluice.function.FunctionException;
import io.sluice.function.FunctionHandler;
import io.sluice.runtime.JobCatalog;
import io.sluice.runtime.ParameterSources;
import io.sluice.runtime.RuntimeLimits;
import io.sluice.store.ObjectStore;
import io.sluice.store.ObjectStores;
import io.sluice.store.StoreLocation;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.UUID;
import java.util.function.Supplier;
import org.crac.Core;
import org.crac.Resource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the Driver's and the Executor's entry points share: the job and store from the environment,
 * bytes in and out, failures as Lambda reports them, and the SnapStart hooks.
 *
 * <p>Instance-scoped: the job, the store client, the core handler and its temp root. Nothing is
 * static, and nothing of one invocation is kept in a field, so one instance serves concurrent
 * invocations (Lambda Managed Instances, {@code AWS_LAMBDA_MAX_CONCURRENCY}).
 *
 * <p>Public because the runtime interface client calls {@code handleRequest} by reflection on the
 * class that declares it (a package-private base fails with {@code IllegalAccessException}, as its
 * test under the real client showed); sealed, so the two entry points are the only kinds.
 */
public abstract sealed class SluiceFunction implements RequestStreamHandler, Resource permits DriverFunction, ExecutorFunction {
  private static final Logger LOG = LoggerFactory.getLogger(SluiceFunction.class);
  private static final byte[] PRIMING_INPUT = "{\"priming\":true}".getBytes(StandardCharsets.UTF_8);

  /** Makes the core handler of one instance from the job, the store and the parameter sources. */
  @FunctionalInterface
  interface HandlerFactory {
    FunctionHandler create(Job job, ObjectStore store, RuntimeLimits limits, ParameterSources parameters);
  }

  /** What {@link #afterRestore} replaces: the store client and the handler on it. */
  private record Instance(String id, StoreLocation location, FunctionHandler handler) {}

  private final String role;
  private final FunctionEnvironment environment;
  private final Job job;
  private final RuntimeLimits limits;
  private final HandlerFactory factory;
  private final Supplier<ParameterResolver> resolvers;
  private final Map<String, String> configuredParameters;
  private final LambdaFailure.Types failures = new LambdaFailure.Types();
  private volatile Instance current;

  SluiceFunction(String role, FunctionEnvironment environment, RuntimeLimits limits, Supplier<ParameterResolver> resolvers,
      HandlerFactory factory) {
    this.role = role;
    this.environment = Objects.requireNonNull(environment, "environment");
    this.limits = Objects.requireNonNull(limits, "limits");
    this.resolvers = Objects.requireNonNull(resolvers, "resolvers");
    this.factory = factory;
    this.job = findJob(environment.job(), limits);
    this.configuredParameters = configuredParameters(job, environment.parameters());
    this.current = newInstance();
    // Held strongly by the runtime (it keeps the handler), so the registration lives as long as we do.
    Core.getGlobalContext().register(this);
    LOG.info("{} of job '{}' ready, store {} (instance {})", role, job.name(), current.location(), current.id());
  }

  /** The job this function runs. */
  public final Job job() {
    return job;
  }

  /** The store location this function's runs live in. */
  public final StoreLocation store() {
    return current.location();
  }

  /** This instance's id: new at every start and after every restore from a snapshot (for logs). */
  public final String instanceId() {
    return current.id();
  }

  /** The core handler this instance runs now (re-created after a restore). */
  final FunctionHandler handler() {
    return current.handler();
  }

  /**
   * Handles one invocation: the event's bytes to the core handler, its answer to {@code output}.
   * A {@link FunctionException} is thrown as a {@link LambdaFailure} whose class name is its error
   * type; any other exception is thrown as it is, so Lambda reports its class name, as the local
   * runtime does.
   */
  @Override
  public final void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
    byte[] request = input.readAllBytes();
    byte[] response;
    try {
      response = current.handler().handle(request, new LambdaInvocationContext(context));
    } catch (FunctionException e) {
      throw failures.of(e);
    } catch (Exception e) {
      if (e instanceof InterruptedException) {
        Thread.currentThread().interrupt();
      }
      throw LambdaFailure.<RuntimeException>sneaky(e);
    }
    output.write(response == null ? "null".getBytes(StandardCharsets.UTF_8) : response);
  }

  /**
   * SnapStart: before the snapshot, primes what the first invocation would otherwise load (the JSON
   * path, the error path, the store client's classes) without writing anything.
   */
  @Override
  public void beforeCheckpoint(org.crac.Context<? extends Resource> context) {
    Instance instance = current;
    try {
      instance.handler().handle(PRIMING_INPUT, PrimingContext.INSTANCE);
    } catch (FunctionException e) {
      failures.of(e); // the expected refusal of the priming input; defines its failure class too
    } catch (Exception e) {
      LOG.warn("{}: priming before the checkpoint failed: {}", role, e.toString());
    }
    try {
      instance.location().store().exists(instance.location().key(".sluice-priming"));
    } catch (RuntimeException e) {
      LOG.warn("{}: priming the store {} before the checkpoint failed: {}", role, instance.location(), e.toString());
    }
  }

  /**
   * SnapStart: after a restore, every instance made from the same snapshot would otherwise share what
   * was made before it: the store client (and its connections), the handler's temp root, the
   * instance id. All are made anew.
   */
  @Override
  public void afterRestore(org.crac.Context<? extends Resource> context) {
    Instance old = current;
    current = newInstance();
    LOG.info("{} restored from a snapshot: instance {} (was {})", role, current.id(), old.id());
  }

  /** The default source of resolvers: the {@link ParameterResolver} service (Parameter Store), loaded on first use. */
  static Supplier<ParameterResolver> serviceResolvers() {
    return () -> ParameterSources.serviceResolver(SluiceFunction.class.getClassLoader());
  }

  private Instance newInstance() {
    StoreLocation location = openStore(environment.store());
    // A new resolver with each instance, so that one restored from a snapshot shares no cached value.
    ParameterSources parameters = new ParameterSources(configuredParameters, resolvers.get());
    return new Instance(UUID.randomUUID().toString(), location, factory.create(job, location.store(), limits, parameters));
  }

  /** The configured parameters by job parameter name, from the {@code SLUICE_PARAM_} variables. */
  private static Map<String, String> configuredParameters(Job job, Map<String, String> byVariable) {
    Map<String, String> configured = new TreeMap<>();
    byVariable.forEach((suffix, value) -> {
      String variable = FunctionEnvironment.PARAMETER_PREFIX + suffix;
      List<String> names = job.parameters().list().stream().map(Parameter::name)
          .filter(n -> FunctionEnvironment.variableFor(n).equals(variable)).toList();
      if (names.size() != 1) {
        throw new FunctionConfigurationException("The function's environment variable " + variable + " configures "
            + (names.isEmpty() ? "no parameter of job '" + job.name() + "'" : "more than one parameter: " + names)
            + ". Its parameters: " + (job.parameters().list().isEmpty() ? "none" : job.parameters().describe()));
      }
      configured.put(names.get(0), value);
    });
    return configured;
  }

  private static Job findJob(String name, RuntimeLimits limits) {
    Job job;
    try {
      job = JobCatalog.load(SluiceFunction.class.getClassLoader()).find(name);
    } catch (JobDefinitionException e) {
      throw new FunctionConfigurationException(FunctionEnvironment.JOB + "=" + name + ": " + e.getMessage(), e);
    }
    limits.validate(job);
    return job;
  }

  private static StoreLocation openStore(String location) {
    StoreLocation opened;
    try {
      opened = ObjectStores.open(location);
    } catch (IllegalArgumentException e) {
      throw new FunctionConfigurationException(FunctionEnvironment.STORE + "=" + location + ": " + e.getMessage(), e);
    }
    if (!opened.prefix().isEmpty()) {
      throw new FunctionConfigurationException(FunctionEnvironment.STORE + "=" + location + " names a prefix ('"
          + opened.prefix() + "') inside its store: the Driver and the Executor keep runs at the store's root, so give "
          + "the store itself (such as s3://my-bucket) and one store per job");
    }
    return opened;
  }
}
