package io.sluice.statemachine.internal.model;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/**
 * One element of a state's {@code Catch} array.
 *
 * @param errorEquals error names this catcher matches
 * @param next the state to go to
 * @param resultPath where the error output goes in the state's input (JSONPath; {@code "$"} by default,
 *     null when the definition says {@code null}: the input passes through unchanged)
 * @param assign the catcher's {@code Assign} block, or null
 * @param output the catcher's {@code Output} (JSONata), or null
 */
public record Catcher(List<String> errorEquals, String next, String resultPath, JsonNode assign, JsonNode output) {
  public Catcher {
    errorEquals = List.copyOf(errorEquals);
  }
}
