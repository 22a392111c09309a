package io.sluice.statemachine.internal.validation;

import com.fasterxml.jackson.databind.JsonNode;
import io.sluice.statemachine.internal.validation.ScopeValidator.StateSummary;
import io.sluice.statemachine.internal.validation.ScopeValidator.Transition;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/** Validates one state: its type, query language, fields, and the type's own rules. */
final class StateValidator {
  private static final Set<String> FLOW_TYPES = Set.of("Pass", "Task", "Wait", "Parallel", "Map");
  private static final Pattern URI = Pattern.compile("[A-Za-z][A-Za-z0-9+.-]*:\\S+");
  private static final Set<String> BRANCH_FIELDS = Set.of("StartAt", "States", "Comment");

  private final Checks checks;
  private final Problems problems;
  private final ScopeValidator scopes;
  private final String topLanguage;
  private final ChoiceValidator choices;
  private final ErrorHandlingValidator errorHandling;
  private final MapValidator maps;

  StateValidator(Checks checks, ScopeValidator scopes, String topLanguage) {
    this.checks = checks;
    this.problems = checks.problems;
    this.scopes = scopes;
    this.topLanguage = topLanguage;
    this.choices = new ChoiceValidator(checks);
    this.errorHandling = new ErrorHandlingValidator(checks);
    this.maps = new MapValidator(checks, this);
  }

  StateSummary validate(JsonNode node, Location at) {
    List<Transition> transitions = new ArrayList<>();
    JsonNode typeNode = node.get("Type");
    if (typeNode == null || !typeNode.isTextual() || !StateFields.TYPES.contains(typeNode.asText())) {
      if (typeNode == null) {
        problems.add(at.field("Type"), "missing required field 'Type'");
      } else {
        problems.add(at.field("Type"), "unknown state type " + Checks.describe(typeNode)
            + "; a state's Type is one of " + StateFields.TYPES.stream().sorted().toList());
      }
      // Keep its transitions so that the states it leads to are not also reported unreachable.
      JsonNode next = node.get("Next");
      if (next != null && next.isTextual()) {
        transitions.add(new Transition(next.textValue(), at.field("Next")));
      }
      return new StateSummary(transitions, true);
    }
    String type = typeNode.textValue();
    StateView state = new StateView(node, at, type, language(node, at));
    node.fieldNames().forEachRemaining(field -> {
      if (!StateFields.allowed(type, state.language(), field)) {
        problems.add(at.field(field), StateFields.whyNotAllowed(type, state.language(), field));
      }
    });

    boolean terminal = flow(state, transitions);
    common(state);
    errorHandling.validate(state, transitions);
    switch (type) {
      case "Task" -> task(state);
      case "Choice" -> choices.validate(state, transitions);
      case "Wait" -> waitState(state);
      case "Fail" -> fail(state);
      case "Parallel" -> parallel(state);
      case "Map" -> maps.validate(state);
      default -> { }
    }
    return new StateSummary(transitions, terminal);
  }

  /** The state's query language: its own, else the state machine's. */
  private String language(JsonNode node, Location at) {
    JsonNode own = node.get("QueryLanguage");
    if (own == null) {
      return topLanguage;
    }
    checks.oneOf(own, at.field("QueryLanguage"), DefinitionValidator.QUERY_LANGUAGES);
    if (!own.isTextual() || !DefinitionValidator.QUERY_LANGUAGES.contains(own.textValue())) {
      return topLanguage;
    }
    if (topLanguage.equals(StateFields.JSONATA) && own.textValue().equals(StateFields.JSONPATH)) {
      problems.add(at.field("QueryLanguage"), "a state cannot use JSONPath when the state"
          + " machine's QueryLanguage is JSONata; only a JSONPath state machine can mix languages");
      return StateFields.JSONATA;
    }
    return own.textValue();
  }

  /** Next and End; true when the state is terminal. */
  private boolean flow(StateView state, List<Transition> transitions) {
    if (!FLOW_TYPES.contains(state.type())) {
      return !state.type().equals("Choice");
    }
    JsonNode next = state.get("Next");
    JsonNode end = state.get("End");
    boolean endTrue = false;
    if (end != null) {
      if (end.isBoolean()) {
        endTrue = end.booleanValue();
      } else {
        problems.add(state.at("End"), "must be a boolean, not " + Checks.describe(end));
      }
    }
    if (next != null && checks.string(next, state.at("Next"))) {
      transitions.add(new Transition(next.textValue(), state.at("Next")));
    }
    if (next != null && endTrue) {
      problems.add(state.at(), "a state cannot have both 'Next' and \"End\": true");
    } else if (next == null && !endTrue) {
      problems.add(state.at(), "a " + state.type() + " state must have either 'Next' or"
          + " \"End\": true");
    }
    return endTrue;
  }

  /** Fields several state types share. */
  private void common(StateView state) {
    JsonNode field;
    if ((field = state.get("Comment")) != null) {
      checks.string(field, state.at("Comment"));
    }
    for (String name : List.of("InputPath", "OutputPath")) {
      if ((field = state.get(name)) != null) {
        checks.pathOrNull(field, state.at(name));
      }
    }
    if ((field = state.get("ResultPath")) != null) {
      checks.resultPath(field, state.at("ResultPath"));
    }
    for (String name : List.of("Parameters", "ResultSelector")) {
      if ((field = state.get(name)) != null) {
        checks.objectTemplate(field, state.at(name));
      }
    }
    if ((field = state.get("Assign")) != null) {
      if (state.jsonata()) {
        checks.jsonataAssign(field, state.at("Assign"));
      } else {
        checks.jsonPathAssign(field, state.at("Assign"));
      }
    }
    if ((field = state.get("Output")) != null) {
      checks.jsonataTemplate(field, state.at("Output"));
    }
    if ((field = state.get("Arguments")) != null) {
      objectOrExpression(field, state.at("Arguments"));
    }
  }

  /** JSONata fields such as Arguments: an object (strings in it may be expressions) or one expression. */
  void objectOrExpression(JsonNode field, Location at) {
    if (field.isObject() || Checks.isJsonata(field)) {
      checks.jsonataTemplate(field, at);
    } else {
      problems.add(at, "must be a JSON object or a {% %} JSONata expression, not "
          + Checks.describe(field));
    }
  }

  private void task(StateView state) {
    JsonNode resource = state.get("Resource");
    if (resource == null) {
      problems.add(state.at("Resource"), "missing required field 'Resource'");
    } else if (checks.string(resource, state.at("Resource"))
        && !URI.matcher(resource.textValue()).matches()) {
      problems.add(state.at("Resource"), "'" + resource.textValue() + "' is not a URI such as"
          + " arn:aws:states:::lambda:invoke");
    }
    Long timeout = seconds(state, "TimeoutSeconds");
    Long heartbeat = seconds(state, "HeartbeatSeconds");
    if (timeout != null && heartbeat != null && heartbeat >= timeout) {
      problems.add(state.at("HeartbeatSeconds"), "HeartbeatSeconds (" + heartbeat
          + ") must be smaller than TimeoutSeconds (" + timeout + ")");
    }
    for (String name : List.of("TimeoutSecondsPath", "HeartbeatSecondsPath")) {
      JsonNode path = state.get(name);
      if (path != null) {
        checks.referencePath(path, state.at(name));
      }
    }
    exclusive(state, "TimeoutSeconds", "TimeoutSecondsPath");
    exclusive(state, "HeartbeatSeconds", "HeartbeatSecondsPath");
    JsonNode credentials = state.get("Credentials");
    if (credentials != null) {
      if (state.jsonata()) {
        objectOrExpression(credentials, state.at("Credentials"));
      } else {
        checks.objectTemplate(credentials, state.at("Credentials"));
      }
    }
  }

  /** A positive seconds field, or under JSONata an expression; its value when a literal. */
  private Long seconds(StateView state, String name) {
    JsonNode value = state.get(name);
    if (value == null) {
      return null;
    }
    if (state.jsonata() && Checks.isJsonata(value)) {
      checks.jsonataExpression(value.textValue(), state.at(name));
      return null;
    }
    return checks.integer(value, state.at(name), 1, Checks.MAX_SECONDS) ? value.longValue() : null;
  }

  private void waitState(StateView state) {
    List<String> given = new ArrayList<>();
    for (String name : List.of("Seconds", "SecondsPath", "Timestamp", "TimestampPath")) {
      JsonNode value = state.get(name);
      if (value == null) {
        continue;
      }
      given.add(name);
      Location at = state.at(name);
      if (state.jsonata() && Checks.isJsonata(value)) {
        checks.jsonataExpression(value.textValue(), at);
      } else {
        switch (name) {
          case "Seconds" -> checks.integer(value, at, 0, Checks.MAX_SECONDS);
          case "Timestamp" -> checks.timestamp(value, at);
          default -> checks.referencePath(value, at);
        }
      }
    }
    if (given.isEmpty()) {
      problems.add(state.at(), "a Wait state needs exactly one of "
          + (state.jsonata() ? "Seconds or Timestamp" : "Seconds, SecondsPath, Timestamp or TimestampPath"));
    } else if (given.size() > 1) {
      problems.add(state.at(), "a Wait state takes exactly one of Seconds, SecondsPath, Timestamp"
          + " and TimestampPath, not " + String.join(" and ", given));
    }
  }

  private void fail(StateView state) {
    for (String name : List.of("Error", "Cause")) {
      JsonNode value = state.get(name);
      if (value != null && checks.string(value, state.at(name))
          && state.jsonata() && Checks.isJsonata(value)) {
        checks.jsonataExpression(value.textValue(), state.at(name));
      }
      JsonNode path = state.get(name + "Path");
      if (path != null) {
        checks.referencePathOrIntrinsic(path, state.at(name + "Path"));
      }
      exclusive(state, name, name + "Path");
    }
  }

  private void parallel(StateView state) {
    JsonNode branches = state.get("Branches");
    Location at = state.at("Branches");
    if (branches == null) {
      problems.add(at, "missing required field 'Branches'");
      return;
    }
    if (!branches.isArray() || branches.isEmpty()) {
      problems.add(at, "must be a non-empty array of branches");
      return;
    }
    for (int i = 0; i < branches.size(); i++) {
      subMachine(branches.get(i), at.index(i), BRANCH_FIELDS, "branch");
    }
  }

  /** A Parallel branch or a Map's ItemProcessor: own StartAt and States, validated as a scope. */
  void subMachine(JsonNode node, Location at, Set<String> fields, String what) {
    if (!checks.object(node, at)) {
      return;
    }
    node.fieldNames().forEachRemaining(name -> {
      if (!fields.contains(name)) {
        problems.add(at.field(name), "unknown field '" + name + "' in a " + what + "; it takes "
            + fields.stream().sorted().toList());
      }
    });
    JsonNode comment = node.get("Comment");
    if (comment != null) {
      checks.string(comment, at.field("Comment"));
    }
    scopes.validateScope(node, at);
  }

  /** At most one of two fields that say the same thing (a value, or a path to it). */
  void exclusive(StateView state, String a, String b) {
    if (state.get(a) != null && state.get(b) != null) {
      problems.add(state.at(b), "'" + a + "' and '" + b + "' cannot both be given");
    }
  }
}
