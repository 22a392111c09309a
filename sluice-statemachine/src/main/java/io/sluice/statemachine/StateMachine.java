package io.sluice.statemachine;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * A parsed and validated state machine definition. Immutable; run it with {@link Interpreter}.
 *
 * <pre>{@code
 * StateMachine sm = StateMachine.parse(Files.readString(Path.of("def.json")));
 * ExecutionResult r = Interpreter.builder().taskInvoker(myTasks).build().run(sm, input);
 * }</pre>
 */
public final class StateMachine {
  private final JsonNode definition;

  private StateMachine(JsonNode definition) {
    this.definition = definition;
  }

  /** Parses and validates; throws {@link InvalidDefinitionException} listing every problem. */
  public static StateMachine parse(String json) {
    throw new UnsupportedOperationException("TODO: interpreter helper implements this");
  }

  /** Parses and validates; throws {@link InvalidDefinitionException} listing every problem. */
  public static StateMachine parse(JsonNode definition) {
    throw new UnsupportedOperationException("TODO: interpreter helper implements this");
  }

  /** The definition as given. */
  public JsonNode definition() {
    return definition;
  }
}
