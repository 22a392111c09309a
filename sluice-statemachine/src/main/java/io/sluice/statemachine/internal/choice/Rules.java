package io.sluice.statemachine.internal.choice;

import com.fasterxml.jackson.databind.JsonNode;
import io.sluice.statemachine.StatesError;
import io.sluice.statemachine.internal.PathResolver;
import java.util.List;

/** The kinds of {@link ChoiceRule}. */
final class Rules {
  private Rules() {}

  record And(List<ChoiceRule> rules) implements ChoiceRule {
    And {
      rules = List.copyOf(rules);
    }

    @Override
    public boolean matches(PathResolver paths) {
      for (ChoiceRule r : rules) {
        if (!r.matches(paths)) {
          return false;
        }
      }
      return true;
    }
  }

  record Or(List<ChoiceRule> rules) implements ChoiceRule {
    Or {
      rules = List.copyOf(rules);
    }

    @Override
    public boolean matches(PathResolver paths) {
      for (ChoiceRule r : rules) {
        if (r.matches(paths)) {
          return true;
        }
      }
      return false;
    }
  }

  record Not(ChoiceRule rule) implements ChoiceRule {
    @Override
    public boolean matches(PathResolver paths) {
      return !rule.matches(paths);
    }
  }

  /**
   * {@code Variable} compared with a literal {@code operand} or with the value at {@code operandPath}.
   * {@code name} is the operator as written, e.g. {@code NumericEqualsPath}.
   */
  record Comparison(String variable, Operator operator, JsonNode operand, String operandPath, String name)
      implements ChoiceRule {
    @Override
    public boolean matches(PathResolver paths) {
      if (operator == Operator.IS_PRESENT) {
        boolean present;
        try {
          JsonNode v = paths.resolve(variable);
          present = v != null && !v.isMissingNode();
        } catch (StatesError e) {
          present = false;
        }
        return present == operand.booleanValue();
      }
      JsonNode value = resolve(paths, variable);
      JsonNode against = operandPath == null ? operand : resolve(paths, operandPath);
      return operator.test(value, against);
    }

    private static JsonNode resolve(PathResolver paths, String path) {
      JsonNode v = paths.resolve(path);
      if (v == null || v.isMissingNode()) {
        throw new StatesError("States.Runtime",
            "Invalid path '" + path + "' : No results for path: " + path);
      }
      return v;
    }
  }
}
