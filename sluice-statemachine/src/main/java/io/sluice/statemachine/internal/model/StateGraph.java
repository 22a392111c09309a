package io.sluice.statemachine.internal.model;

import java.util.Map;

/**
 * A set of states with a start: the whole state machine, one Parallel branch or a Map's item processor.
 *
 * @param startAt the first state's name
 * @param states every state by name, in definition order
 * @param queryLanguage the default query language of these states
 * @param timeoutSeconds the top level {@code TimeoutSeconds}, or null (only on the root graph)
 */
public record StateGraph(String startAt, Map<String, StateDef> states, QueryLanguage queryLanguage, Integer timeoutSeconds) {
  public StateGraph {
    states = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(states));
  }

  public StateDef state(String name) {
    return states.get(name);
  }
}
