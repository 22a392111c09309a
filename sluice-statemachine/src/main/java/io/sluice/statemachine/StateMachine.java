package io.sluice.statemachine;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.sluice.statemachine.internal.model.DefinitionParser;
import io.sluice.statemachine.internal.model.StateGraph;
import io.sluice.statemachine.internal.path.JsonPaths;
import io.sluice.statemachine.internal.validation.DefinitionValidator;
import java.util.List;
import java.util.Objects;

/**
 * A parsed and validated state machine definition. Immutable; run it with {@link Interpreter}.
 *
 * <pre>{@code
 * StateMachine sm = StateMachine.parse(Files.readString(Path.of("def.json")));
 * ExecutionResult r = Interpreter.builder().taskInvoker(myTasks).build().run(sm, input);
 * }</pre>
 *
 * <p>A state machine has a name (default {@value #DEFAULT_NAME}), used in the ARNs the context object and
 * history show; {@link #withName} gives a renamed copy.
 */
public final class StateMachine {
  /** The name a state machine has unless given one. */
  public static final String DEFAULT_NAME = "StateMachine";

  private final JsonNode definition;
  private final StateGraph graph;
  private final String name;

  private StateMachine(JsonNode definition, StateGraph graph, String name) {
    this.definition = definition;
    this.graph = graph;
    this.name = name;
  }

  /** Parses and validates; throws {@link InvalidDefinitionException} listing every problem. */
  public static StateMachine parse(String json) {
    JsonNode node;
    try {
      node = JsonPaths.MAPPER.readTree(json);
    } catch (JsonProcessingException e) {
      throw new InvalidDefinitionException(
          List.of(new DefinitionProblem("$", "The definition is not valid JSON: " + e.getOriginalMessage())));
    }
    return parse(node);
  }

  /** Parses and validates; throws {@link InvalidDefinitionException} listing every problem. */
  public static StateMachine parse(JsonNode definition) {
    List<DefinitionProblem> problems = validate(definition);
    if (!problems.isEmpty()) {
      throw new InvalidDefinitionException(problems);
    }
    StateGraph graph = DefinitionParser.parse(definition);
    return new StateMachine(definition.deepCopy(), graph, DEFAULT_NAME);
  }

  private static List<DefinitionProblem> validate(JsonNode definition) {
    return DefinitionValidator.validate(definition);
  }

  /** The definition as given. */
  public JsonNode definition() {
    return definition;
  }

  /** The state machine's name. */
  public String name() {
    return name;
  }

  /** A copy of this state machine with another name. */
  public StateMachine withName(String name) {
    Objects.requireNonNull(name, "name");
    return new StateMachine(definition, graph, name);
  }

  StateGraph graph() {
    return graph;
  }
}
