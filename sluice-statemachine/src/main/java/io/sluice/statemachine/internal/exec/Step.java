package io.sluice.statemachine.internal.exec;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;

/**
 * What a state did: its output, the next state (null when it ends its graph) and the variables it
 * assigns once it exits.
 */
record Step(JsonNode output, String next, Map<String, JsonNode> assigned) {
  Step {
    assigned = assigned == null ? Map.of() : assigned;
  }
}
