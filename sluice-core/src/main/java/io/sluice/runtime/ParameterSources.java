package io.sluice.runtime;

import io.sluice.ParameterResolver;
import io.sluice.Parameters;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;

/**
 * Where a runtime's Driver and Executor take a run's parameters from besides the run itself: values
 * configured on the functions (on Lambda, the environment's {@code SLUICE_PARAM_<NAME>}, typically
 * {@code ssm:} references), which the run's own values override, and the {@link ParameterResolver}
 * that reads references.
 *
 * <p>Only the run's own values are stored with the run; the configured ones are added by each function
 * from its own configuration, so both functions must be configured alike (the deployed template does).
 *
 * @param configured parameter values by job parameter name
 * @param resolver reads the {@code ssm:} references among them
 */
public record ParameterSources(Map<String, String> configured, ParameterResolver resolver) {
  /** Nothing configured, and no resolver: the run's own values only. */
  public static final ParameterSources NONE = new ParameterSources(Map.of(), ParameterResolver.NONE);

  public ParameterSources {
    configured = Map.copyOf(configured);
    Objects.requireNonNull(resolver, "resolver");
  }

  /** The values a run has: the configured ones, and the run's {@code given} ones over them. */
  public Map<String, String> merge(Map<String, String> given) {
    Map<String, String> all = new LinkedHashMap<>(configured);
    all.putAll(given);
    return all;
  }

  /** The parameters of a run of {@code job} that gave {@code given}, for its stages to read. */
  public Parameters parameters(String job, Map<String, String> given) {
    return Parameters.of(job, merge(given), resolver);
  }

  /**
   * A resolver that, on first use, loads the {@link ParameterResolver} service from {@code loader}
   * ({@link ServiceLoader}) and then uses it; with none on the class path, every use fails as {@link
   * ParameterResolver#NONE} does. Nothing is loaded until a reference is read, so a runtime without
   * any resolver runs every job that reads none.
   */
  public static ParameterResolver serviceResolver(ClassLoader loader) {
    return new ParameterResolver() {
      private ParameterResolver found;

      @Override
      public synchronized Map<String, String> resolve(java.util.Collection<String> names) {
        if (found == null) {
          found = load(loader);
        }
        return found.resolve(names);
      }
    };
  }

  private static ParameterResolver load(ClassLoader loader) {
    Iterator<ParameterResolver> it = ServiceLoader.load(ParameterResolver.class, loader).iterator();
    try {
      return it.hasNext() ? it.next() : ParameterResolver.NONE;
    } catch (ServiceConfigurationError e) {
      throw new IllegalStateException("the io.sluice.ParameterResolver service on the class path cannot be loaded ("
          + e.getMessage() + "): is the class it names, such as io.sluice.aws.ssm.SsmParameterResolver, in the jar?", e);
    }
  }
}
