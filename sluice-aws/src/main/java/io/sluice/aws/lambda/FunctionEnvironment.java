package io.sluice.aws.lambda;

import java.util.Map;
import java.util.Objects;

/**
 * What a Sluice function reads from its Lambda environment.
 *
 * <ul>
 *   <li>{@value #JOB}: the job, by the name its {@code JobFactory} registers or by the factory's
 *       class name ({@link io.sluice.runtime.JobCatalog#find});
 *   <li>{@value #STORE}: the store location every run of the job lives in, a URI opened by {@link
 *       io.sluice.store.ObjectStores#open(String)} ({@code s3://bucket} with the S3 store, {@code
 *       file:/dir} with the directory store).
 * </ul>
 *
 * @param job the value of {@value #JOB}
 * @param store the value of {@value #STORE}
 */
public record FunctionEnvironment(String job, String store) {
  /** The variable naming the job. */
  public static final String JOB = "SLUICE_JOB";
  /** The variable naming the store location. */
  public static final String STORE = "SLUICE_STORE";

  public FunctionEnvironment {
    Objects.requireNonNull(job, "job");
    Objects.requireNonNull(store, "store");
  }

  /**
   * Reads the variables from {@code env}.
   *
   * @throws FunctionConfigurationException naming the variable that is missing or blank
   */
  public static FunctionEnvironment from(Map<String, String> env) {
    return new FunctionEnvironment(require(env, JOB, "the job's name (or its JobFactory's class name)"),
        require(env, STORE, "the store location, such as s3://my-bucket"));
  }

  /** The process's environment ({@link System#getenv()}). */
  public static FunctionEnvironment fromProcess() {
    return from(System.getenv());
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
