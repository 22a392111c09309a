package io.sluice.aws.ssm;

import java.util.List;

/** Parameter Store has no parameter of some of the names asked for (its {@code InvalidParameters}). */
public class ParameterNotFoundException extends RuntimeException {
  private static final long serialVersionUID = 1L;
  private final List<String> names;

  ParameterNotFoundException(List<String> names) {
    super("Parameter Store has no parameter " + String.join(", ", names)
        + ": create it (aws ssm put-parameter --name NAME ...) or fix the name, and check the function may read it");
    this.names = List.copyOf(names);
  }

  /** The names that were not found. */
  public List<String> names() {
    return names;
  }
}
