package io.sluice.statemachine.internal.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sluice.statemachine.DefinitionProblem;
import io.sluice.statemachine.InvalidDefinitionException;
import io.sluice.statemachine.internal.choice.ChoiceRule;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Builds the {@link StateGraph} model from a definition. It checks only what the interpreter needs to
 * run at all (a StartAt that exists, Next targets that exist, known types); the full AWS validation is
 * {@code DefinitionValidator}'s job.
 */
public final class DefinitionParser {
  private static final Set<String> TYPES =
      Set.of("Pass", "Task", "Choice", "Wait", "Succeed", "Fail", "Parallel", "Map");

  private final List<DefinitionProblem> problems = new ArrayList<>();

  private DefinitionParser() {}

  /** Parses a whole definition; throws {@link InvalidDefinitionException} listing every problem found. */
  public static StateGraph parse(JsonNode definition) {
    DefinitionParser parser = new DefinitionParser();
    StateGraph graph = null;
    if (definition == null || !definition.isObject()) {
      parser.problem("$", "The definition must be a JSON object");
    } else {
      QueryLanguage top = QueryLanguage.JSONPATH;
      JsonNode ql = definition.get("QueryLanguage");
      if (ql != null) {
        top = QueryLanguage.fromAsl(ql.asText());
        if (top == null) {
          parser.problem("$.QueryLanguage", "QueryLanguage must be JSONPath or JSONata");
          top = QueryLanguage.JSONPATH;
        }
      }
      Integer timeout = null;
      JsonNode ts = definition.get("TimeoutSeconds");
      if (ts != null) {
        if (ts.canConvertToInt() && ts.isIntegralNumber() && ts.asInt() > 0) {
          timeout = ts.asInt();
        } else {
          parser.problem("$.TimeoutSeconds", "TimeoutSeconds must be a positive integer");
        }
      }
      graph = parser.graph(definition, "$", top, timeout);
    }
    if (!parser.problems.isEmpty()) {
      throw new InvalidDefinitionException(parser.problems);
    }
    return graph;
  }

  private void problem(String path, String message) {
    problems.add(new DefinitionProblem(path, message));
  }

  private StateGraph graph(JsonNode node, String path, QueryLanguage defaultQl, Integer timeout) {
    JsonNode startAt = node.get("StartAt");
    JsonNode states = node.get("States");
    if (startAt == null || !startAt.isTextual()) {
      problem(path + ".StartAt", "StartAt is required and must be a string");
    }
    if (states == null || !states.isObject() || states.isEmpty()) {
      problem(path + ".States", "States is required and must be a non-empty object");
      return new StateGraph(startAt == null ? "" : startAt.asText(), Map.of(), defaultQl, timeout);
    }
    Map<String, StateDef> parsed = new LinkedHashMap<>();
    for (Map.Entry<String, JsonNode> e : states.properties()) {
      StateDef s = state(e.getKey(), e.getValue(), path + ".States." + e.getKey(), defaultQl);
      if (s != null) {
        parsed.put(e.getKey(), s);
      }
    }
    if (startAt != null && startAt.isTextual() && !states.has(startAt.asText())) {
      problem(path + ".StartAt", "StartAt '" + startAt.asText() + "' is not a state");
    }
    for (StateDef s : parsed.values()) {
      checkTargets(s, states, path + ".States." + s.name());
    }
    return new StateGraph(startAt == null ? "" : startAt.asText(), parsed, defaultQl, timeout);
  }

  private void checkTargets(StateDef s, JsonNode states, String path) {
    if (s.common().next() != null && !states.has(s.common().next())) {
      problem(path + ".Next", "Next '" + s.common().next() + "' is not a state");
    }
    List<Catcher> catchers = switch (s) {
      case StateDef.TaskState t -> t.catchers();
      case StateDef.ParallelState p -> p.catchers();
      case StateDef.MapState m -> m.catchers();
      default -> List.of();
    };
    for (int i = 0; i < catchers.size(); i++) {
      if (!states.has(catchers.get(i).next())) {
        problem(path + ".Catch[" + i + "].Next", "Next '" + catchers.get(i).next() + "' is not a state");
      }
    }
    if (s instanceof StateDef.ChoiceState c) {
      for (int i = 0; i < c.choices().size(); i++) {
        String next = c.choices().get(i).next();
        if (next == null || !states.has(next)) {
          problem(path + ".Choices[" + i + "].Next", "Next '" + next + "' is not a state");
        }
      }
      if (c.defaultNext() != null && !states.has(c.defaultNext())) {
        problem(path + ".Default", "Default '" + c.defaultNext() + "' is not a state");
      }
    }
  }

  private StateDef state(String name, JsonNode node, String path, QueryLanguage defaultQl) {
    if (!node.isObject()) {
      problem(path, "A state must be a JSON object");
      return null;
    }
    String type = text(node, "Type");
    if (type == null || !TYPES.contains(type)) {
      problem(path + ".Type", "Type must be one of " + TYPES + " but was " + node.get("Type"));
      return null;
    }
    QueryLanguage ql = defaultQl;
    if (node.has("QueryLanguage")) {
      ql = QueryLanguage.fromAsl(node.get("QueryLanguage").asText());
      if (ql == null) {
        problem(path + ".QueryLanguage", "QueryLanguage must be JSONPath or JSONata");
        ql = defaultQl;
      }
    }
    String next = text(node, "Next");
    boolean end = node.path("End").asBoolean(false);
    boolean needsTransition = Set.of("Pass", "Task", "Wait", "Parallel", "Map").contains(type);
    if (needsTransition && next == null && !end) {
      problem(path, "State '" + name + "' needs Next or End");
    }
    StateDef.Common common = new StateDef.Common(
        name, type, ql, next, end, path(node, "InputPath"), path(node, "OutputPath"),
        node.get("Assign"), node.get("Output"));
    return switch (type) {
      case "Pass" -> new StateDef.PassState(common, node.get("Parameters"), node.get("Result"), path(node, "ResultPath"));
      case "Task" -> task(common, node, path);
      case "Choice" -> choice(common, node, path);
      case "Wait" -> new StateDef.WaitState(common, node.get("Seconds"), text(node, "SecondsPath"),
          node.get("Timestamp"), text(node, "TimestampPath"));
      case "Succeed" -> new StateDef.SucceedState(common);
      case "Fail" -> new StateDef.FailState(common, node.get("Error"), text(node, "ErrorPath"),
          node.get("Cause"), text(node, "CausePath"));
      case "Parallel" -> parallel(common, node, path, defaultQl);
      case "Map" -> map(common, node, path, defaultQl);
      default -> throw new IllegalStateException(type);
    };
  }

  private StateDef task(StateDef.Common common, JsonNode node, String path) {
    String resource = text(node, "Resource");
    if (resource == null) {
      problem(path + ".Resource", "A Task state needs a Resource");
      resource = "";
    }
    return new StateDef.TaskState(common, resource, node.get("Parameters"), node.get("Arguments"),
        node.get("ResultSelector"), path(node, "ResultPath"), node.get("TimeoutSeconds"),
        text(node, "TimeoutSecondsPath"), node.get("HeartbeatSeconds"), text(node, "HeartbeatSecondsPath"),
        retriers(node, path), catchers(node, path));
  }

  private StateDef choice(StateDef.Common common, JsonNode node, String path) {
    JsonNode choices = node.get("Choices");
    List<StateDef.ChoiceBranch> branches = new ArrayList<>();
    if (choices == null || !choices.isArray() || choices.isEmpty()) {
      problem(path + ".Choices", "A Choice state needs a non-empty Choices array");
    } else {
      for (int i = 0; i < choices.size(); i++) {
        JsonNode c = choices.get(i);
        String next = text(c, "Next");
        if (common.queryLanguage() == QueryLanguage.JSONATA) {
          if (!c.has("Condition")) {
            problem(path + ".Choices[" + i + "].Condition", "A JSONata choice rule needs a Condition");
          }
          branches.add(new StateDef.ChoiceBranch(null, c.get("Condition"), next, c.get("Assign"), c.get("Output")));
        } else {
          ObjectNode rule = ((ObjectNode) c).deepCopy();
          rule.remove(List.of("Next", "Assign", "Output"));
          branches.add(new StateDef.ChoiceBranch(ChoiceRule.parse(rule), null, next, c.get("Assign"), c.get("Output")));
        }
      }
    }
    return new StateDef.ChoiceState(common, branches, text(node, "Default"));
  }

  private StateDef parallel(StateDef.Common common, JsonNode node, String path, QueryLanguage defaultQl) {
    JsonNode branches = node.get("Branches");
    List<StateGraph> graphs = new ArrayList<>();
    if (branches == null || !branches.isArray() || branches.isEmpty()) {
      problem(path + ".Branches", "A Parallel state needs a non-empty Branches array");
    } else {
      for (int i = 0; i < branches.size(); i++) {
        graphs.add(graph(branches.get(i), path + ".Branches[" + i + "]", defaultQl, null));
      }
    }
    return new StateDef.ParallelState(common, graphs, node.get("Parameters"), node.get("Arguments"),
        node.get("ResultSelector"), path(node, "ResultPath"), retriers(node, path), catchers(node, path));
  }

  private StateDef map(StateDef.Common common, JsonNode node, String path, QueryLanguage defaultQl) {
    JsonNode processor = node.has("ItemProcessor") ? node.get("ItemProcessor") : node.get("Iterator");
    String field = node.has("ItemProcessor") ? "ItemProcessor" : "Iterator";
    StateGraph graph;
    boolean distributed = false;
    if (processor == null || !processor.isObject()) {
      problem(path + ".ItemProcessor", "A Map state needs an ItemProcessor");
      graph = new StateGraph("", Map.of(), defaultQl, null);
    } else {
      graph = graph(processor, path + "." + field, defaultQl, null);
      distributed = "DISTRIBUTED".equals(processor.path("ProcessorConfig").path("Mode").asText("INLINE"));
    }
    JsonNode selector = node.has("ItemSelector") ? node.get("ItemSelector") : node.get("Parameters");
    return new StateDef.MapState(common, graph, distributed, path(node, "ItemsPath"), node.get("Items"), selector,
        node.get("ItemReader"), node.get("ItemBatcher"), node.get("ResultWriter"), node.get("MaxConcurrency"),
        text(node, "MaxConcurrencyPath"), node.get("ToleratedFailurePercentage"),
        text(node, "ToleratedFailurePercentagePath"), node.get("ToleratedFailureCount"),
        text(node, "ToleratedFailureCountPath"), node.get("ResultSelector"), path(node, "ResultPath"),
        retriers(node, path), catchers(node, path));
  }

  private List<Retrier> retriers(JsonNode node, String path) {
    JsonNode retry = node.get("Retry");
    List<Retrier> out = new ArrayList<>();
    if (retry == null) {
      return out;
    }
    if (!retry.isArray()) {
      problem(path + ".Retry", "Retry must be an array");
      return out;
    }
    for (int i = 0; i < retry.size(); i++) {
      JsonNode r = retry.get(i);
      JsonNode jitter = r.get("JitterStrategy");
      out.add(new Retrier(
          errorEquals(r, path + ".Retry[" + i + "]"),
          r.path("IntervalSeconds").asDouble(1),
          r.path("MaxAttempts").asInt(3),
          r.path("BackoffRate").asDouble(2.0),
          r.has("MaxDelaySeconds") ? r.get("MaxDelaySeconds").asDouble() : null,
          jitter != null && "FULL".equals(jitter.asText())));
    }
    return out;
  }

  private List<Catcher> catchers(JsonNode node, String path) {
    JsonNode c = node.get("Catch");
    List<Catcher> out = new ArrayList<>();
    if (c == null) {
      return out;
    }
    if (!c.isArray()) {
      problem(path + ".Catch", "Catch must be an array");
      return out;
    }
    for (int i = 0; i < c.size(); i++) {
      JsonNode k = c.get(i);
      String next = text(k, "Next");
      if (next == null) {
        problem(path + ".Catch[" + i + "].Next", "A catcher needs a Next");
        next = "";
      }
      out.add(new Catcher(errorEquals(k, path + ".Catch[" + i + "]"), next, path(k, "ResultPath"),
          k.get("Assign"), k.get("Output")));
    }
    return out;
  }

  private List<String> errorEquals(JsonNode node, String path) {
    JsonNode e = node.get("ErrorEquals");
    List<String> out = new ArrayList<>();
    if (e == null || !e.isArray() || e.isEmpty()) {
      problem(path + ".ErrorEquals", "ErrorEquals must be a non-empty array of error names");
      return out;
    }
    e.forEach(n -> out.add(n.asText()));
    return out;
  }

  private static String text(JsonNode node, String field) {
    JsonNode v = node.get(field);
    return v == null || v.isNull() ? null : v.asText();
  }

  /** A path field: {@code "$"} when absent, null when JSON null, else its text. */
  private static String path(JsonNode node, String field) {
    JsonNode v = node.get(field);
    if (v == null) {
      return "$";
    }
    return v.isNull() ? null : v.asText();
  }
}
