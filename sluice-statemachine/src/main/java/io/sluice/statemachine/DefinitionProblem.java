package io.sluice.statemachine;

/**
 * One reason a definition is refused.
 *
 * @param path JSON path of the offending element, e.g. {@code $.States.Route.Choices[0].Next}
 * @param message what is wrong, in words a user can act on
 */
public record DefinitionProblem(String path, String message) {
  @Override
  public String toString() {
    return path + ": " + message;
  }
}
