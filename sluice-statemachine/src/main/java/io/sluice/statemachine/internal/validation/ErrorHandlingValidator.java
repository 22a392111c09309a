package io.sluice.statemachine.internal.validation;

import com.fasterxml.jackson.databind.JsonNode;
import io.sluice.statemachine.internal.validation.ScopeValidator.Transition;
import java.util.List;
import java.util.Set;

/** Validates the Retry and Catch fields of Task, Parallel and Map states. */
final class ErrorHandlingValidator {
  private static final String ALL = "States.ALL";
  private static final Set<String> RETRIER_FIELDS = Set.of("ErrorEquals", "IntervalSeconds",
      "MaxAttempts", "BackoffRate", "MaxDelaySeconds", "JitterStrategy", "Comment");
  private static final Set<String> JSONPATH_CATCHER_FIELDS =
      Set.of("ErrorEquals", "Next", "ResultPath", "Assign", "Comment");
  private static final Set<String> JSONATA_CATCHER_FIELDS =
      Set.of("ErrorEquals", "Next", "Output", "Assign", "Comment");
  /** One year, the longest MaxDelaySeconds Step Functions takes. */
  private static final long MAX_DELAY_SECONDS = 31_622_400L;

  private final Checks checks;
  private final Problems problems;

  ErrorHandlingValidator(Checks checks) {
    this.checks = checks;
    this.problems = checks.problems;
  }

  void validate(StateView state, List<Transition> transitions) {
    JsonNode retry = state.get("Retry");
    if (retry != null && array(retry, state.at("Retry"))) {
      for (int i = 0; i < retry.size(); i++) {
        retrier(retry.get(i), state.at("Retry").index(i), i == retry.size() - 1);
      }
    }
    JsonNode catchers = state.get("Catch");
    if (catchers != null && array(catchers, state.at("Catch"))) {
      for (int i = 0; i < catchers.size(); i++) {
        catcher(state, catchers.get(i), state.at("Catch").index(i), i == catchers.size() - 1,
            transitions);
      }
    }
  }

  private boolean array(JsonNode node, Location at) {
    if (node.isArray()) {
      return true;
    }
    problems.add(at, "must be an array, not " + Checks.describe(node));
    return false;
  }

  private void retrier(JsonNode retrier, Location at, boolean last) {
    if (!checks.object(retrier, at)) {
      return;
    }
    unknownFields(retrier, at, RETRIER_FIELDS, "retrier");
    errorEquals(retrier, at, last, "retrier");
    JsonNode field;
    if ((field = retrier.get("IntervalSeconds")) != null) {
      checks.integer(field, at.field("IntervalSeconds"), 1, Checks.MAX_SECONDS);
    }
    if ((field = retrier.get("MaxAttempts")) != null) {
      checks.integer(field, at.field("MaxAttempts"), 0, Checks.MAX_SECONDS);
    }
    if ((field = retrier.get("BackoffRate")) != null) {
      checks.number(field, at.field("BackoffRate"), 1.0, Checks.MAX_SECONDS);
    }
    if ((field = retrier.get("MaxDelaySeconds")) != null) {
      checks.integer(field, at.field("MaxDelaySeconds"), 1, MAX_DELAY_SECONDS);
    }
    if ((field = retrier.get("JitterStrategy")) != null) {
      checks.oneOf(field, at.field("JitterStrategy"), Set.of("FULL", "NONE"));
    }
    if ((field = retrier.get("Comment")) != null) {
      checks.string(field, at.field("Comment"));
    }
  }

  private void catcher(StateView state, JsonNode catcher, Location at, boolean last,
      List<Transition> transitions) {
    if (!checks.object(catcher, at)) {
      return;
    }
    Set<String> fields = state.jsonata() ? JSONATA_CATCHER_FIELDS : JSONPATH_CATCHER_FIELDS;
    catcher.fieldNames().forEachRemaining(name -> {
      if (!fields.contains(name)) {
        String why = (JSONPATH_CATCHER_FIELDS.contains(name) || JSONATA_CATCHER_FIELDS.contains(name))
            ? "'" + name + "' cannot be used in a catcher of a " + state.language() + " state"
            : "unknown field '" + name + "' in a catcher; it takes " + fields.stream().sorted().toList();
        problems.add(at.field(name), why);
      }
    });
    errorEquals(catcher, at, last, "catcher");
    JsonNode next = catcher.get("Next");
    if (next == null) {
      problems.add(at.field("Next"), "missing required field 'Next'");
    } else if (checks.string(next, at.field("Next"))) {
      transitions.add(new Transition(next.textValue(), at.field("Next")));
    }
    JsonNode field;
    if (!state.jsonata() && (field = catcher.get("ResultPath")) != null) {
      checks.resultPath(field, at.field("ResultPath"));
    }
    if (state.jsonata() && (field = catcher.get("Output")) != null) {
      checks.jsonataTemplate(field, at.field("Output"));
    }
    if ((field = catcher.get("Assign")) != null) {
      if (state.jsonata()) {
        checks.jsonataAssign(field, at.field("Assign"));
      } else {
        checks.jsonPathAssign(field, at.field("Assign"));
      }
    }
    if ((field = catcher.get("Comment")) != null) {
      checks.string(field, at.field("Comment"));
    }
  }

  /** A non-empty array of error names; States.ALL alone, and only in the last retrier or catcher. */
  private void errorEquals(JsonNode owner, Location ownerAt, boolean last, String what) {
    Location at = ownerAt.field("ErrorEquals");
    JsonNode names = owner.get("ErrorEquals");
    if (names == null) {
      problems.add(at, "missing required field 'ErrorEquals'");
      return;
    }
    if (!names.isArray() || names.isEmpty()) {
      problems.add(at, "must be a non-empty array of error names");
      return;
    }
    boolean all = false;
    for (int i = 0; i < names.size(); i++) {
      if (checks.string(names.get(i), at.index(i)) && names.get(i).textValue().equals(ALL)) {
        all = true;
      }
    }
    if (all && names.size() > 1) {
      problems.add(at, "States.ALL must appear alone in ErrorEquals");
    }
    if (all && !last) {
      problems.add(at, "a " + what + " matching States.ALL must be the last " + what);
    }
  }

  private void unknownFields(JsonNode node, Location at, Set<String> fields, String what) {
    node.fieldNames().forEachRemaining(name -> {
      if (!fields.contains(name)) {
        problems.add(at.field(name), "unknown field '" + name + "' in a " + what + "; it takes "
            + fields.stream().sorted().toList());
      }
    });
  }
}
