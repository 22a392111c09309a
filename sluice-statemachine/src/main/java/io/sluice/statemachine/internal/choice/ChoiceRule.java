package io.sluice.statemachine.internal.choice;

import com.fasterxml.jackson.databind.JsonNode;
import io.sluice.statemachine.StatesError;
import io.sluice.statemachine.internal.PathResolver;

/** One JSONPath Choice rule (a comparison, or And/Or/Not of rules). Immutable, parsed once. */
public interface ChoiceRule {
  /** Whether the rule matches; {@code paths} resolves {@code Variable} and {@code ...Path} operands. */
  boolean matches(PathResolver paths) throws StatesError;

  /** Parses one element of {@code Choices} (without its {@code Next}), or a nested rule. */
  static ChoiceRule parse(JsonNode rule) {
    throw new UnsupportedOperationException("TODO: expressions helper implements this");
  }
}
