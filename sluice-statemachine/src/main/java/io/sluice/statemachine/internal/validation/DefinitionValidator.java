package io.sluice.statemachine.internal.validation;

import com.fasterxml.jackson.databind.JsonNode;
import io.sluice.statemachine.DefinitionProblem;
import java.util.List;
import java.util.Set;

/**
 * Checks a definition as Step Functions' ValidateStateMachineDefinition does, before anything runs.
 *
 * <p>Every problem is reported, each with the JSON path of the offending element:
 *
 * <pre>{@code
 * List<DefinitionProblem> problems = DefinitionValidator.validate(definition);
 * // [$.States.Route.Choices[0].Next: no state named 'Missing' in this scope, ...]
 * }</pre>
 *
 * <p>The checks are static: the shape of every state, transitions and reachability, JSONPath and
 * intrinsic function syntax, JSONata expression syntax. What only the data can tell (a path that
 * selects nothing, an intrinsic given the wrong type) is left to the interpreter.
 */
public final class DefinitionValidator {
  private DefinitionValidator() {}

  private static final Set<String> TOP_LEVEL_FIELDS =
      Set.of("Comment", "StartAt", "States", "Version", "TimeoutSeconds", "QueryLanguage");
  static final Set<String> QUERY_LANGUAGES = Set.of(StateFields.JSONPATH, StateFields.JSONATA);

  /** Every problem found; empty when the definition is valid. */
  public static List<DefinitionProblem> validate(JsonNode definition) {
    Problems problems = new Problems();
    Checks checks = new Checks(problems);
    Location root = Location.root();
    if (definition == null || !definition.isObject()) {
      problems.add(root, "a state machine definition must be a JSON object");
      return problems.list();
    }
    definition.fieldNames().forEachRemaining(name -> {
      if (!TOP_LEVEL_FIELDS.contains(name)) {
        problems.add(root.field(name), "unknown top-level field '" + name + "'; a state machine has"
            + " only " + TOP_LEVEL_FIELDS.stream().sorted().toList());
      }
    });
    String language = StateFields.JSONPATH;
    JsonNode queryLanguage = definition.get("QueryLanguage");
    if (queryLanguage != null) {
      checks.oneOf(queryLanguage, root.field("QueryLanguage"), QUERY_LANGUAGES);
      if (StateFields.JSONATA.equals(queryLanguage.textValue())) {
        language = StateFields.JSONATA;
      }
    }
    JsonNode comment = definition.get("Comment");
    if (comment != null) {
      checks.string(comment, root.field("Comment"));
    }
    JsonNode version = definition.get("Version");
    if (version != null) {
      checks.string(version, root.field("Version"));
    }
    JsonNode timeout = definition.get("TimeoutSeconds");
    if (timeout != null) {
      checks.integer(timeout, root.field("TimeoutSeconds"), 1, Checks.MAX_SECONDS);
    }
    ScopeValidator scopes = new ScopeValidator(checks, language);
    scopes.validateScope(definition, root);
    scopes.finish();
    return problems.list();
  }
}
