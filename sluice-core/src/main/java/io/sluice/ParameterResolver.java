package io.sluice;

import java.util.Collection;
import java.util.Map;

/**
 * Reads the values that run parameters refer to instead of holding them. A parameter whose text is
 * {@code ssm:NAME} ({@link Parameters#REFERENCE_PREFIX}), such as {@code
 * ssm:/sluice/demo/db-password}, holds the name of an SSM Parameter Store parameter: state files,
 * payloads and logs carry only that name, and the value is read through the runtime's resolver when a
 * stage reads the parameter ({@link Parameters#get(Parameter)} and the other getters).
 *
 * <p>A runtime provides one: on AWS, {@code sluice-aws}'s Parameter Store resolver (found as a service
 * of this interface, {@code META-INF/services/io.sluice.ParameterResolver}). Implementations batch and
 * cache as suits their store, are thread-safe, and never put a value in an exception message or a log.
 */
@FunctionalInterface
public interface ParameterResolver {
  /** Resolves nothing: reading a reference fails, saying that this runtime has no resolver. */
  ParameterResolver NONE = names -> {
    throw new IllegalStateException("this runtime has no resolver of ssm: references (no io.sluice.ParameterResolver "
        + "service on its class path: sluice-aws's Parameter Store client, io.sluice.aws.ssm, provides one)");
  };

  /**
   * The values of the parameters named {@code names} (the text after {@code ssm:}), by name, in one
   * call where the store allows.
   *
   * @throws RuntimeException naming the names that could not be read and why, never a value
   */
  Map<String, String> resolve(Collection<String> names);
}
