package io.sluice.statemachine;

import java.util.List;
import java.util.stream.Collectors;

/** A definition that AWS would reject; it is never executed. Lists every problem found. */
public class InvalidDefinitionException extends RuntimeException {
  private final List<DefinitionProblem> problems;

  public InvalidDefinitionException(List<DefinitionProblem> problems) {
    super("Invalid state machine definition:\n  "
        + problems.stream().map(DefinitionProblem::toString).collect(Collectors.joining("\n  ")));
    this.problems = List.copyOf(problems);
  }

  public List<DefinitionProblem> problems() {
    return problems;
  }
}
