package io.sluice.statemachine.internal.choice;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;

/** Builds {@link ChoiceRule}s from their JSON form. */
final class ChoiceRuleParser {
  private static final Set<String> IGNORED = Set.of("Next", "Comment", "Assign", "Output", "Variable");

  private ChoiceRuleParser() {}

  static ChoiceRule parse(JsonNode rule) {
    if (rule == null || !rule.isObject()) {
      throw new IllegalArgumentException("A choice rule must be an object, but was: " + rule);
    }
    List<String> operators = new ArrayList<>();
    Iterator<String> names = rule.fieldNames();
    while (names.hasNext()) {
      String name = names.next();
      if (!IGNORED.contains(name)) {
        operators.add(name);
      }
    }
    if (operators.size() != 1) {
      throw new IllegalArgumentException(operators.isEmpty()
          ? "A choice rule must have exactly one comparison operator, or And, Or or Not: " + rule
          : "A choice rule must have exactly one operator, but has " + operators + ": " + rule);
    }
    String op = operators.get(0);
    JsonNode operand = rule.get(op);
    switch (op) {
      case "And", "Or" -> {
        if (rule.has("Variable")) {
          throw new IllegalArgumentException(op + " must not have a Variable: " + rule);
        }
        if (!operand.isArray() || operand.isEmpty()) {
          throw new IllegalArgumentException(op + " must be a non-empty array of rules: " + rule);
        }
        List<ChoiceRule> rules = new ArrayList<>();
        operand.forEach(r -> rules.add(parse(r)));
        return op.equals("And") ? new Rules.And(rules) : new Rules.Or(rules);
      }
      case "Not" -> {
        if (rule.has("Variable")) {
          throw new IllegalArgumentException("Not must not have a Variable: " + rule);
        }
        return new Rules.Not(parse(operand));
      }
      default -> {
        JsonNode variable = rule.get("Variable");
        if (variable == null || !variable.isTextual()) {
          throw new IllegalArgumentException("The comparison " + op + " needs a Variable path: " + rule);
        }
        return comparison(variable.textValue(), op, operand, rule);
      }
    }
  }

  private static ChoiceRule comparison(String variable, String op, JsonNode operand, JsonNode rule) {
    boolean isPath = op.endsWith("Path") && !op.equals("Path");
    String base = isPath ? op.substring(0, op.length() - "Path".length()) : op;
    Operator operator = Operator.byName(base);
    if (operator == null || (isPath && operator.kind == Operator.Kind.TYPE_TEST)) {
      throw new IllegalArgumentException("Unknown choice operator " + op + ": " + rule);
    }
    if (isPath) {
      if (!operand.isTextual()) {
        throw new IllegalArgumentException(op + " must be a path string: " + rule);
      }
      return new Rules.Comparison(variable, operator, null, operand.textValue(), op);
    }
    if (!operator.acceptsLiteral(operand)) {
      throw new IllegalArgumentException(op + " has an operand of the wrong type: " + rule);
    }
    if (operator.kind == Operator.Kind.TIMESTAMP && Timestamps.parse(operand.textValue()) == null) {
      throw new IllegalArgumentException(op + " needs an RFC 3339 timestamp, but was " + operand + ": " + rule);
    }
    return new Rules.Comparison(variable, operator, operand, null, op);
  }
}
