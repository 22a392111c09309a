package io.sluice.statemachine.internal.validation;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Validates one scope of states: the state machine itself, a Parallel branch or a Map's
 * ItemProcessor. Transitions stay inside their scope; every state must be reachable from StartAt.
 */
final class ScopeValidator {
  private final Checks checks;
  private final String topLanguage;
  /** Every state name seen so far in the whole definition, with where it was first defined. */
  private final Map<String, Location> allStates = new HashMap<>();
  private final List<Runnable> deferred = new ArrayList<>();

  ScopeValidator(Checks checks, String topLanguage) {
    this.checks = checks;
    this.topLanguage = topLanguage;
  }

  /** A transition to {@code target}, written at {@code at}. */
  record Transition(String target, Location at) {}

  /** What a scope needs to know of one of its states. */
  record StateSummary(List<Transition> transitions, boolean terminal) {}

  /** Runs the checks that need the whole definition walked; call once, after the top scope. */
  void finish() {
    deferred.forEach(Runnable::run);
    deferred.clear();
  }

  /**
   * Checks {@code StartAt} and {@code States} of a scope, and each of its states.
   */
  void validateScope(JsonNode scope, Location at) {
    Problems problems = checks.problems;
    JsonNode states = scope.get("States");
    Location statesAt = at.field("States");
    Map<String, StateSummary> summaries = new LinkedHashMap<>();
    if (states == null) {
      problems.add(statesAt, "missing required field 'States'");
    } else if (checks.object(states, statesAt)) {
      if (states.isEmpty()) {
        problems.add(statesAt, "'States' must contain at least one state");
      }
      StateValidator stateValidator = new StateValidator(checks, this, topLanguage);
      states.fields().forEachRemaining(entry -> {
        String name = entry.getKey();
        Location stateAt = statesAt.field(name);
        if (name.isEmpty() || name.codePointCount(0, name.length()) > 80) {
          problems.add(stateAt, "a state name must be 1 to 80 characters long");
        }
        Location earlier = allStates.putIfAbsent(name, stateAt);
        if (earlier != null) {
          problems.add(stateAt, "state name '" + name + "' is already used at " + earlier
              + "; state names must be unique in the whole state machine");
        }
        if (checks.object(entry.getValue(), stateAt)) {
          summaries.put(name, stateValidator.validate(entry.getValue(), stateAt));
        }
      });
    }

    JsonNode startAt = scope.get("StartAt");
    Location startAtAt = at.field("StartAt");
    boolean startKnown = false;
    if (startAt == null) {
      problems.add(startAtAt, "missing required field 'StartAt'");
    } else if (checks.string(startAt, startAtAt) && states != null && states.isObject()) {
      startKnown = states.has(startAt.textValue());
      if (!startKnown) {
        problems.add(startAtAt, "StartAt names '" + startAt.textValue()
            + "', which is not a state of " + statesAt);
      }
    }
    if (states == null || !states.isObject()) {
      return;
    }

    // Checked once the whole definition is walked, so that the message can tell a target in
    // another scope (defined later, or nested deeper) from one that does not exist at all.
    JsonNode scopeStates = states;
    deferred.add(() -> {
      for (StateSummary summary : summaries.values()) {
        for (Transition t : summary.transitions()) {
          if (!scopeStates.has(t.target())) {
            problems.add(t.at(), "no state named '" + t.target() + "' in " + statesAt
                + (allStates.containsKey(t.target())
                    ? " ('" + t.target() + "' is in another scope; a transition cannot leave its"
                        + " Parallel branch or Map iteration, nor enter one)"
                    : ""));
          }
        }
      }
    });
    if (startKnown) {
      reportUnreachable(startAt.textValue(), summaries, statesAt);
    }
    if (!summaries.isEmpty() && summaries.values().stream().noneMatch(StateSummary::terminal)) {
      problems.add(statesAt, "no terminal state: at least one state must be a Succeed or Fail"
          + " state or have \"End\": true");
    }
  }

  private void reportUnreachable(String start, Map<String, StateSummary> summaries,
      Location statesAt) {
    Set<String> reached = new HashSet<>();
    Deque<String> queue = new ArrayDeque<>();
    queue.add(start);
    reached.add(start);
    while (!queue.isEmpty()) {
      StateSummary summary = summaries.get(queue.poll());
      if (summary == null) {
        continue;
      }
      for (Transition t : summary.transitions()) {
        if (reached.add(t.target())) {
          queue.add(t.target());
        }
      }
    }
    for (String name : summaries.keySet()) {
      if (!reached.contains(name)) {
        checks.problems.add(statesAt.field(name), "state '" + name
            + "' is unreachable: no transition from StartAt leads to it");
      }
    }
  }
}
