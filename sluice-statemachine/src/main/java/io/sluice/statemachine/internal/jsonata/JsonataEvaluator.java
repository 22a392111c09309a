package io.sluice.statemachine.internal.jsonata;

import com.fasterxml.jackson.databind.JsonNode;
import io.sluice.statemachine.StatesError;
import java.util.Map;

/**
 * Evaluates JSONata for states whose QueryLanguage is JSONata: {@code {% expr %}} strings anywhere
 * inside a field's value, with {@code $states} and the workflow variables bound.
 */
public final class JsonataEvaluator {
  private JsonataEvaluator() {}

  /**
   * Evaluates every {@code {% %}} string inside {@code template} (objects and arrays recursively); other
   * values are copied as they are.
   *
   * @param states the {@code $states} object: {@code input}, {@code context}, and where defined
   *     {@code result}, {@code errorOutput}
   * @param variables workflow variables visible to the state, by name without {@code $}
   * @throws StatesError {@code States.QueryEvaluationError} with AWS's cause text
   */
  public static JsonNode evaluateTemplate(JsonNode template, JsonNode states, Map<String, JsonNode> variables)
      throws StatesError {
    throw new UnsupportedOperationException("TODO: expressions helper implements this");
  }

  /** Whether a string is a whole JSONata expression {@code {% ... %}}. */
  public static boolean isExpression(String value) {
    String t = value.strip();
    return t.startsWith("{%") && t.endsWith("%}");
  }
}
