package io.sluice.aws.lambda;

import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * What a Sluice function reads from its Lambda environment.
 *
 * <ul>
 *   <li>{@value #JOB}: the job, by the name its {@code JobFactory} registers or by the factory's
 *       class name ({@link io.sluice.runtime.JobCatalog#find});
 *   <li>{@value #STORE}: the store location every run of the job lives in, a URI opened by {@link
 *       io.sluice.store.ObjectStores#open(String)} ({@code s3://bucket} with the S3 store, {@code
 *       file:/dir} with the directory store);
 *   <li>{@value #PARAMETER_PREFIX}{@code <NAME>} (any number): the value of job parameter NAME for
 *       every run that does not give it, typically a Parameter Store reference such as {@code
 *       ssm:/sluice/demo/db-password}, read when a stage reads the parameter. NAME is the parameter's
 *       name in upper case with every character other than a letter or digit as {@code _} ({@link
 *       #variableFor}), as {@code sluice deploy} writes it.
 * </ul>
 *
 * @param job the value of {@value #JOB}
 * @param store the value of {@value #STORE}
 * @param parameters the values of the {@value #PARAMETER_PREFIX} variables, by the variable's name
 *     without the prefix ({@code DB_PASSWORD})
 */
public record FunctionEnvironment(String job, String store, Map<String, String> parameters) {
  /** The variable naming the job. */
  public static final String JOB = "SLUICE_JOB";
  /** The variable naming the store location. */
  public static final String STORE = "SLUICE_STORE";
  /** The prefix of the variables that configure job parameters. */
  public static final String PARAMETER_PREFIX = "SLUICE_PARAM_";

  public FunctionEnvironment {
    Objects.requireNonNull(job, "job");
    Objects.requireNonNull(store, "store");
    parameters = Map.copyOf(parameters);
  }

  /** An environment of a job and a store, configuring no parameters. */
  public FunctionEnvironment(String job, String store) {
    this(job, store, Map.of());
  }

  /**
   * Reads the variables from {@code env}.
   *
   * @throws FunctionConfigurationException naming the variable that is missing or blank
   */
  public static FunctionEnvironment from(Map<String, String> env) {
    Map<String, String> parameters = new TreeMap<>();
    env.forEach((name, value) -> {
      if (name.startsWith(PARAMETER_PREFIX)) {
        parameters.put(name.substring(PARAMETER_PREFIX.length()), require(env, name, "a value of the job parameter, "
            + "such as a Parameter Store reference ssm:/path/name, or leave the variable out"));
      }
    });
    return new FunctionEnvironment(require(env, JOB, "the job's name (or its JobFactory's class name)"),
        require(env, STORE, "the store location, such as s3://my-bucket"), parameters);
  }

  /** The process's environment ({@link System#getenv()}). */
  public static FunctionEnvironment fromProcess() {
    return from(System.getenv());
  }

  /** The variable that configures job parameter {@code parameter}: {@code db-password} is {@code SLUICE_PARAM_DB_PASSWORD}. */
  public static String variableFor(String parameter) {
    // As sluice-deploy's DeployTemplate names them.
    return PARAMETER_PREFIX + parameter.toUpperCase(Locale.ROOT).replaceAll("[^A-Z0-9]", "_");
  }

  private static String require(Map<String, String> env, String name, String what) {
    String value = env.get(name);
    if (value == null || value.isBlank()) {
      throw new FunctionConfigurationException("The function's environment variable " + name + " is "
          + (value == null ? "not set" : "blank") + ": set it to " + what);
    }
    return value.strip();
  }
}
