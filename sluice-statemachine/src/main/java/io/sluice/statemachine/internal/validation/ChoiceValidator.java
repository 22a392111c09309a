package io.sluice.statemachine.internal.validation;

import com.fasterxml.jackson.databind.JsonNode;
import io.sluice.statemachine.internal.validation.ScopeValidator.Transition;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Validates a Choice state's Choices and Default, under JSONPath (operators) or JSONata (Condition). */
final class ChoiceValidator {
  /** What a comparison operator's operand must be. */
  private enum Operand { STRING, NUMBER, BOOLEAN, TIMESTAMP, PATH }

  private static final Map<String, Operand> COMPARISONS = comparisons();
  private static final Set<String> BOOLEAN_OPERATORS = Set.of("And", "Or", "Not");
  private static final Set<String> JSONATA_RULE_FIELDS = Set.of("Condition", "Next", "Assign",
      "Output", "Comment");

  private final Checks checks;
  private final Problems problems;

  ChoiceValidator(Checks checks) {
    this.checks = checks;
    this.problems = checks.problems;
  }

  private static Map<String, Operand> comparisons() {
    Map<String, Operand> operators = new java.util.HashMap<>();
    for (String op : List.of("Equals", "LessThan", "GreaterThan", "LessThanEquals",
        "GreaterThanEquals")) {
      operators.put("String" + op, Operand.STRING);
      operators.put("Numeric" + op, Operand.NUMBER);
      operators.put("Timestamp" + op, Operand.TIMESTAMP);
      operators.put("String" + op + "Path", Operand.PATH);
      operators.put("Numeric" + op + "Path", Operand.PATH);
      operators.put("Timestamp" + op + "Path", Operand.PATH);
    }
    operators.put("StringMatches", Operand.STRING);
    operators.put("BooleanEquals", Operand.BOOLEAN);
    operators.put("BooleanEqualsPath", Operand.PATH);
    for (String test : List.of("IsNull", "IsPresent", "IsNumeric", "IsString", "IsBoolean",
        "IsTimestamp")) {
      operators.put(test, Operand.BOOLEAN);
    }
    return Map.copyOf(operators);
  }

  void validate(StateView state, List<Transition> transitions) {
    JsonNode choices = state.get("Choices");
    Location at = state.at("Choices");
    if (choices == null) {
      problems.add(at, "missing required field 'Choices'");
    } else if (!choices.isArray() || choices.isEmpty()) {
      problems.add(at, "must be a non-empty array of choice rules");
    } else {
      for (int i = 0; i < choices.size(); i++) {
        if (state.jsonata()) {
          jsonataRule(choices.get(i), at.index(i), transitions);
        } else {
          rule(choices.get(i), at.index(i), true, transitions);
        }
      }
    }
    JsonNode defaultState = state.get("Default");
    if (defaultState != null && checks.string(defaultState, state.at("Default"))) {
      transitions.add(new Transition(defaultState.textValue(), state.at("Default")));
    }
  }

  private void jsonataRule(JsonNode rule, Location at, List<Transition> transitions) {
    if (!checks.object(rule, at)) {
      return;
    }
    rule.fieldNames().forEachRemaining(name -> {
      if (!JSONATA_RULE_FIELDS.contains(name)) {
        problems.add(at.field(name), COMPARISONS.containsKey(name) || BOOLEAN_OPERATORS.contains(name)
            || name.equals("Variable")
            ? "'" + name + "' is a JSONPath choice rule field; in a JSONata Choice state a rule"
                + " is a 'Condition' expression"
            : "unknown field '" + name + "' in a choice rule; a JSONata rule takes "
                + JSONATA_RULE_FIELDS.stream().sorted().toList());
      }
    });
    JsonNode condition = rule.get("Condition");
    if (condition == null) {
      problems.add(at.field("Condition"), "missing required field 'Condition'");
    } else if (Checks.isJsonata(condition)) {
      checks.jsonataExpression(condition.textValue(), at.field("Condition"));
    } else if (!condition.isBoolean()) {
      problems.add(at.field("Condition"), "must be a {% %} JSONata expression or a boolean, not "
          + Checks.describe(condition));
    }
    next(rule, at, transitions);
    JsonNode field;
    if ((field = rule.get("Assign")) != null) {
      checks.jsonataAssign(field, at.field("Assign"));
    }
    if ((field = rule.get("Output")) != null) {
      checks.jsonataTemplate(field, at.field("Output"));
    }
  }

  private void next(JsonNode rule, Location at, List<Transition> transitions) {
    JsonNode next = rule.get("Next");
    if (next == null) {
      problems.add(at.field("Next"), "missing required field 'Next': a top-level choice rule"
          + " names the state to go to when it matches");
    } else if (checks.string(next, at.field("Next"))) {
      transitions.add(new Transition(next.textValue(), at.field("Next")));
    }
  }

  /** A JSONPath choice rule; top-level rules have Next (and may Assign), nested ones must not. */
  private void rule(JsonNode rule, Location at, boolean topLevel, List<Transition> transitions) {
    if (!checks.object(rule, at)) {
      return;
    }
    List<String> operators = new ArrayList<>();
    rule.fieldNames().forEachRemaining(name -> {
      if (COMPARISONS.containsKey(name) || BOOLEAN_OPERATORS.contains(name)) {
        operators.add(name);
      } else if (name.equals("Next") || name.equals("Assign")) {
        if (!topLevel) {
          problems.add(at.field(name), "a nested choice rule (inside And, Or or Not) cannot have '"
              + name + "'");
        }
      } else if (name.equals("Condition")) {
        problems.add(at.field(name), "'Condition' is a JSONata field; this Choice state's query"
            + " language is JSONPath, whose rules use Variable and a comparison operator");
      } else if (!name.equals("Variable") && !name.equals("Comment")) {
        problems.add(at.field(name), "unknown field '" + name + "' in a choice rule");
      }
    });
    if (topLevel) {
      next(rule, at, transitions);
      JsonNode assign = rule.get("Assign");
      if (assign != null) {
        checks.jsonPathAssign(assign, at.field("Assign"));
      }
    }
    JsonNode comment = rule.get("Comment");
    if (comment != null) {
      checks.string(comment, at.field("Comment"));
    }
    if (operators.isEmpty()) {
      problems.add(at, "a choice rule needs exactly one comparison operator (such as StringEquals"
          + " or IsPresent) or one of And, Or, Not");
      return;
    }
    if (operators.size() > 1) {
      problems.add(at, "a choice rule takes exactly one operator, not " + String.join(", ", operators));
      return;
    }
    String operator = operators.get(0);
    JsonNode operand = rule.get(operator);
    Location operandAt = at.field(operator);
    JsonNode variable = rule.get("Variable");
    if (BOOLEAN_OPERATORS.contains(operator)) {
      if (variable != null) {
        problems.add(at.field("Variable"), "a rule using " + operator + " cannot have 'Variable';"
            + " put it in the nested rules");
      }
      booleanOperator(operator, operand, operandAt, transitions);
      return;
    }
    if (variable == null) {
      problems.add(at.field("Variable"), "missing required field 'Variable' for " + operator);
    } else {
      checks.referencePath(variable, at.field("Variable"));
    }
    switch (COMPARISONS.get(operator)) {
      case STRING -> checks.string(operand, operandAt);
      case NUMBER -> {
        if (!operand.isNumber()) {
          problems.add(operandAt, operator + " takes a number, not " + Checks.describe(operand));
        }
      }
      case BOOLEAN -> {
        if (!operand.isBoolean()) {
          problems.add(operandAt, operator + " takes a boolean, not " + Checks.describe(operand));
        }
      }
      case TIMESTAMP -> checks.timestamp(operand, operandAt);
      case PATH -> checks.referencePath(operand, operandAt);
      default -> throw new IllegalStateException(operator);
    }
  }

  private void booleanOperator(String operator, JsonNode operand, Location at,
      List<Transition> transitions) {
    if (operator.equals("Not")) {
      if (checks.object(operand, at)) {
        rule(operand, at, false, transitions);
      }
      return;
    }
    if (!operand.isArray() || operand.isEmpty()) {
      problems.add(at, operator + " must be a non-empty array of choice rules");
      return;
    }
    for (int i = 0; i < operand.size(); i++) {
      rule(operand.get(i), at.index(i), false, transitions);
    }
  }
}
