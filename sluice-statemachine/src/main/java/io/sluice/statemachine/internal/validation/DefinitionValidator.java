package io.sluice.statemachine.internal.validation;

import com.fasterxml.jackson.databind.JsonNode;
import io.sluice.statemachine.DefinitionProblem;
import java.util.List;

/** Checks a definition as Step Functions' ValidateStateMachineDefinition does, before anything runs. */
public final class DefinitionValidator {
  private DefinitionValidator() {}

  /** Every problem found; empty when the definition is valid. */
  public static List<DefinitionProblem> validate(JsonNode definition) {
    throw new UnsupportedOperationException("TODO: validation helper implements this");
  }
}
