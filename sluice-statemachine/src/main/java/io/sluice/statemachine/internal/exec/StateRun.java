package io.sluice.statemachine.internal.exec;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sluice.statemachine.StatesError;
import io.sluice.statemachine.internal.PathResolver;
import io.sluice.statemachine.internal.jsonata.JsonataEvaluator;
import io.sluice.statemachine.internal.model.StateDef;
import io.sluice.statemachine.internal.path.JsonPaths;
import io.sluice.statemachine.internal.path.PayloadTemplates;
import io.sluice.statemachine.internal.path.References;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One entry into a state: its input, entered event, retry count and the variables as they were on entry.
 * Evaluates the state's paths, payload templates and JSONata with the errors AWS reports, each cause
 * prefixed with the state's name and entered event id.
 */
final class StateRun {
  static final JsonNodeFactory JSON = JsonNodeFactory.instance;

  final StateDef def;
  final Frame frame;
  final JsonNode rawInput;
  final long enteredEventId;
  final Instant enteredTime;
  final Map<String, JsonNode> variables;
  int retryCount;
  String taskToken;
  /** Set while evaluating a Map's ItemSelector: {@code {"Index":..,"Value":..}}. */
  ObjectNode mapItem;

  StateRun(StateDef def, Frame frame, JsonNode rawInput, long enteredEventId, Instant enteredTime) {
    this.def = def;
    this.frame = frame;
    this.rawInput = rawInput;
    this.enteredEventId = enteredEventId;
    this.enteredTime = enteredTime;
    this.variables = frame.variables().visible();
  }

  ExecutionRun run() {
    return frame.run();
  }

  String name() {
    return def.name();
  }

  // ---- errors ----

  String prefix() {
    return "An error occurred while executing the state '" + name() + "' (entered at the event id #"
        + enteredEventId + "). ";
  }

  StatesError runtime(String message) {
    return new StatesError("States.Runtime", prefix() + message);
  }

  StatesError queryError(String message) {
    return new StatesError("States.QueryEvaluationError", prefix() + message);
  }

  /** Adds the state prefix to evaluator errors that lack it. */
  StatesError located(StatesError e) {
    String error = e.error();
    boolean locatable = "States.Runtime".equals(error) || "States.QueryEvaluationError".equals(error);
    if (!locatable || e.cause() == null || e.cause().startsWith("An error occurred while executing the state")) {
      return e;
    }
    return new StatesError(error, prefix() + e.cause(), e);
  }

  // ---- context object ----

  /** The context object ({@code $$} / {@code $states.context}) as this state sees it now. */
  ObjectNode context() {
    ExecutionRun r = run();
    ObjectNode ctx = JSON.objectNode();
    ObjectNode execution = ctx.putObject("Execution");
    execution.put("Id", r.executionArn);
    execution.set("Input", r.input);
    execution.put("StartTime", r.timestamp(r.startTime));
    execution.put("Name", r.name);
    execution.put("RoleArn", r.settings.roleArn());
    execution.put("RedriveCount", 0);
    ObjectNode state = ctx.putObject("State");
    state.put("EnteredTime", r.timestamp(enteredTime));
    state.put("Name", name());
    state.put("RetryCount", retryCount);
    ObjectNode sm = ctx.putObject("StateMachine");
    sm.put("Id", r.stateMachineArn);
    sm.put("Name", r.stateMachineName);
    if (taskToken != null) {
      ctx.putObject("Task").put("Token", taskToken);
    }
    if (mapItem != null) {
      ctx.putObject("Map").set("Item", mapItem);
    }
    return ctx;
  }

  // ---- JSONPath ----

  /** Applies an InputPath/OutputPath/ItemsPath-style path: null gives {}, a miss is States.Runtime. */
  JsonNode selectPath(JsonNode data, String path) {
    if (path == null) {
      return JSON.objectNode();
    }
    if ("$".equals(path)) {
      return data;
    }
    try {
      return References.resolve(path, data, path.startsWith("$$") ? context() : null, variables);
    } catch (JsonPaths.NoResult e) {
      throw runtime("Invalid path '" + path + "' : " + e.getMessage());
    } catch (IllegalArgumentException e) {
      throw runtime("Invalid path '" + path + "' : " + e.getMessage());
    }
  }

  /** A resolver for one field's reference path, failing with the given message maker. */
  PathResolver resolver(JsonNode data, java.util.function.BiFunction<String, String, StatesError> onMiss) {
    ObjectNode ctx = context();
    return path -> {
      try {
        return References.resolve(path, data, ctx, variables);
      } catch (JsonPaths.NoResult | IllegalArgumentException e) {
        throw onMiss.apply(path, e.getMessage());
      }
    };
  }

  /** Expands a JSONPath payload template against {@code data}. */
  JsonNode template(JsonNode template, JsonNode data) {
    ObjectNode ctx = context();
    try {
      return PayloadTemplates.expand(template, (field, path) -> {
        try {
          return References.resolve(path, data, ctx, variables);
        } catch (JsonPaths.NoResult | IllegalArgumentException e) {
          throw runtime("The JSONPath '" + path + "' specified for the field '" + field
              + "' could not be found in the input '" + Payloads.compact(data) + "'");
        }
      });
    } catch (StatesError e) {
      throw located(e);
    }
  }

  // ---- JSONata ----

  /** The {@code $states} object. */
  ObjectNode states(JsonNode result, JsonNode errorOutput) {
    ObjectNode states = JSON.objectNode();
    states.set("input", rawInput);
    states.set("context", context());
    if (result != null) {
      states.set("result", result);
    }
    if (errorOutput != null) {
      states.set("errorOutput", errorOutput);
    }
    return states;
  }

  /**
   * Evaluates a JSONata field ({@code {% %}} strings anywhere inside {@code raw}). Values without
   * expressions are returned as they are.
   */
  JsonNode jsonata(String field, JsonNode raw, JsonNode states) {
    if (raw == null || !containsExpression(raw)) {
      return raw;
    }
    ObjectNode wrapper = JSON.objectNode();
    wrapper.set(field, raw);
    try {
      JsonNode out = JsonataEvaluator.evaluateTemplate(wrapper, states, variables);
      return out.get(field);
    } catch (StatesError e) {
      throw located(e);
    }
  }

  /**
   * Evaluates a Choice rule's {@code Condition}: a non-boolean result fails as AWS reports other
   * fields' type mismatches ("returned an unexpected result type. Expected 'boolean', ...").
   */
  boolean condition(JsonNode condition, JsonNode states) {
    if (condition != null && condition.isTextual() && JsonataEvaluator.isExpression(condition.textValue())) {
      try {
        return JsonataEvaluator.evaluateCondition(condition.textValue(), states, variables,
            new JsonataEvaluator.FieldContext(name(), enteredEventId, "Condition"));
      } catch (StatesError e) {
        throw located(e);
      }
    }
    if (condition == null || !condition.isBoolean()) {
      throw queryError("The Condition field must evaluate to a boolean but was: " + condition);
    }
    return condition.booleanValue();
  }

  static boolean containsExpression(JsonNode node) {
    if (node.isTextual()) {
      return JsonataEvaluator.isExpression(node.asText());
    }
    if (node.isContainerNode()) {
      for (JsonNode child : node) {
        if (containsExpression(child)) {
          return true;
        }
      }
      if (node.isObject()) {
        for (var it = node.fieldNames(); it.hasNext(); ) {
          if (JsonataEvaluator.isExpression(it.next())) {
            return true;
          }
        }
      }
    }
    return false;
  }

  /** The expression inside {@code {% %}}, for error messages. */
  static String expressionText(JsonNode raw) {
    String t = raw.asText().strip();
    return t.substring(2, t.length() - 2).strip();
  }

  // ---- variables ----

  /**
   * Evaluates an {@code Assign} block. JSONPath: a payload template over {@code data}; JSONata: every
   * value an expression over {@code states}. All assignments see the variables as they were on entry.
   */
  Map<String, JsonNode> assign(JsonNode block, JsonNode data, JsonNode states) {
    if (block == null || !block.isObject() || block.isEmpty()) {
      return Map.of();
    }
    JsonNode values;
    if (def.jsonata()) {
      values = jsonata("Assign", block, states);
    } else {
      values = template(block, data);
    }
    Map<String, JsonNode> out = new LinkedHashMap<>();
    values.properties().forEach(e -> out.put(e.getKey(), e.getValue()));
    return out;
  }
}
