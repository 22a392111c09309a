package io.sluice.statemachine.internal.choice;

import com.fasterxml.jackson.databind.JsonNode;
import io.sluice.statemachine.StatesError;
import io.sluice.statemachine.internal.PathResolver;

/**
 * One JSONPath Choice rule (a comparison, or And/Or/Not of rules). Immutable, parsed once.
 *
 * <p>Semantics follow AWS Step Functions: a comparison whose {@code Variable} (or {@code ...Path}
 * operand) holds a value of the wrong type is simply false, never an error; a {@code Variable} path
 * that matches nothing fails with the resolver's error ({@code States.Runtime}), except under
 * {@code IsPresent}, which is then false. {@code And}/{@code Or} evaluate left to right and stop at the
 * first decisive rule.
 */
public interface ChoiceRule {
  /** Whether the rule matches; {@code paths} resolves {@code Variable} and {@code ...Path} operands. */
  boolean matches(PathResolver paths) throws StatesError;

  /**
   * Parses one element of {@code Choices} (without its {@code Next}), or a nested rule. Fields other
   * than the rule's own ({@code Next}, {@code Comment}, {@code Assign}, {@code Output}) are ignored.
   *
   * @throws IllegalArgumentException when the rule is malformed (no operator, two operators, an
   *     operand of the wrong JSON type); the definition validator reports these before anything runs
   */
  static ChoiceRule parse(JsonNode rule) {
    return ChoiceRuleParser.parse(rule);
  }
}
