package io.sluice.statemachine.internal.jsonata;

import com.dashjoin.jsonata.JException;
import com.dashjoin.jsonata.Jsonata;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.JsonNodeType;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sluice.statemachine.StatesError;
import java.util.Iterator;
import java.util.Map;

/**
 * Evaluates JSONata for states whose QueryLanguage is JSONata: {@code {% expr %}} strings anywhere
 * inside a field's value, with {@code $states} and the workflow variables bound.
 *
 * <p>Only a string that is entirely one {@code {% ... %}} is an expression; any other string
 * (including one with an expression embedded in other text) is copied as it is. Besides JSONata's
 * own functions, Step Functions' {@code $partition}, {@code $range}, {@code $hash}, {@code $random}
 * (optionally seeded), {@code $uuid} and {@code $parse} are available; {@code $eval} is not.
 *
 * <h2>For the engine</h2>
 *
 * <p>Call the overloads taking a {@link FieldContext} so that error causes carry AWS's header and
 * field name, e.g. {@code new FieldContext("State0", 2, "Output")} yields causes such as
 * <i>An error occurred while executing the state 'State0' (entered at the event id #2). The JSONata
 * expression '$doesNotExist' specified for the field 'Output/result' returned nothing
 * (undefined).</i> Nested fields are named by joining keys (and array indexes) with {@code /}.
 * Use {@link #evaluateCondition} for a Choice rule's {@code Condition} and {@link #requireType} for
 * fields whose result must have one JSON type (e.g. Map {@code Items} must be an array).
 *
 * <p>All failures are {@link StatesError}s named {@code States.QueryEvaluationError}. Compiled
 * expressions are cached (bounded LRU), so repeated evaluation is cheap; the class is thread-safe.
 */
public final class JsonataEvaluator {
  /** The error name of every JSONata failure. */
  public static final String QUERY_EVALUATION_ERROR = "States.QueryEvaluationError";

  private JsonataEvaluator() {}

  /**
   * Where an expression sits, so error causes can name it as AWS does.
   *
   * @param stateName the state being executed; null for no "An error occurred while executing..."
   *     header
   * @param enteredEventId the id of the history event that entered the state (AWS's "entered at the
   *     event id #N")
   * @param field the field's path, e.g. {@code Output}, {@code Arguments}, {@code Items},
   *     {@code Assign/total}; nested keys are appended with {@code /}
   */
  public record FieldContext(String stateName, long enteredEventId, String field) {
    /** The context of a key or index inside this field's value. */
    public FieldContext child(String key) {
      return new FieldContext(stateName, enteredEventId, field == null || field.isEmpty() ? key : field + "/" + key);
    }

    /** AWS's header for runtime errors, ending in a space; empty without a state name. */
    public String header() {
      return stateName == null ? ""
          : "An error occurred while executing the state '" + stateName + "' (entered at the event id #"
              + enteredEventId + "). ";
    }

    String describe(String expression) {
      return "The JSONata expression '" + expression + "'"
          + (field == null || field.isEmpty() ? "" : " specified for the field '" + field + "'");
    }
  }

  private static final FieldContext NO_CONTEXT = new FieldContext(null, 0, "");

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
    return evaluateTemplate(template, states, variables, NO_CONTEXT);
  }

  /**
   * As {@link #evaluateTemplate(JsonNode, JsonNode, Map)}, naming the state and field in error causes.
   *
   * @param context the state name, the id of its entered event, and the field (e.g. {@code Output})
   *     whose value {@code template} is
   */
  public static JsonNode evaluateTemplate(
      JsonNode template, JsonNode states, Map<String, JsonNode> variables, FieldContext context) throws StatesError {
    if (!containsExpression(template)) {
      return template == null ? null : template.deepCopy();
    }
    Bindings bindings = new Bindings(states, variables);
    return walk(template, bindings, context);
  }

  /**
   * Evaluates one expression, given with or without its {@code {% %}} delimiters.
   *
   * @throws StatesError {@code States.QueryEvaluationError} when it fails or returns nothing
   */
  public static JsonNode evaluateExpression(
      String expression, JsonNode states, Map<String, JsonNode> variables, FieldContext context) throws StatesError {
    return evaluate(body(expression), new Bindings(states, variables), context);
  }

  /**
   * Evaluates a Choice rule's {@code Condition}, which must return a boolean.
   *
   * @throws StatesError {@code States.QueryEvaluationError} when it fails or returns a non-boolean
   */
  public static boolean evaluateCondition(
      String condition, JsonNode states, Map<String, JsonNode> variables, FieldContext context) throws StatesError {
    String body = body(condition);
    JsonNode result = evaluate(body, new Bindings(states, variables), context);
    requireType(result, body, context, JsonNodeType.BOOLEAN);
    return result.booleanValue();
  }

  /**
   * Checks that an expression's result has the type a field needs, failing as AWS does:
   * <i>The JSONata expression 'true' specified for the field 'Items' returned an unexpected result
   * type. Expected 'array', but was 'boolean' for value: true</i>.
   *
   * @param expression the expression, with or without {@code {% %}}
   * @return {@code result}, for chaining
   */
  public static JsonNode requireType(JsonNode result, String expression, FieldContext context, JsonNodeType expected)
      throws StatesError {
    if (result.getNodeType() != expected) {
      throw new StatesError(QUERY_EVALUATION_ERROR, context.header() + context.describe(body(expression))
          + " returned an unexpected result type. Expected '" + typeName(expected) + "', but was '"
          + typeName(result.getNodeType()) + "' for value: " + result);
    }
    return result;
  }

  /** Whether a string is a whole JSONata expression {@code {% ... %}}. */
  public static boolean isExpression(String value) {
    String t = value.strip();
    return t.startsWith("{%") && t.endsWith("%}");
  }

  /** The expression inside {@code {% ... %}}, trimmed; a string without delimiters is returned trimmed. */
  public static String body(String expression) {
    String t = expression.strip();
    if (t.startsWith("{%") && t.endsWith("%}") && t.length() >= 4) {
      return t.substring(2, t.length() - 2).strip();
    }
    return t;
  }

  /** JSONata's name for a JSON type, as AWS prints it in causes. */
  static String typeName(JsonNodeType type) {
    return switch (type) {
      case ARRAY -> "array";
      case BOOLEAN -> "boolean";
      case NULL, MISSING -> "null";
      case NUMBER -> "number";
      case OBJECT, POJO -> "object";
      case STRING -> "string";
      case BINARY -> "string";
    };
  }

  // ---- internals

  private static boolean containsExpression(JsonNode node) {
    if (node == null) {
      return false;
    }
    if (node.isTextual()) {
      return isExpression(node.textValue());
    }
    if (node.isContainerNode()) {
      for (JsonNode child : node) {
        if (containsExpression(child)) {
          return true;
        }
      }
    }
    return false;
  }

  private static JsonNode walk(JsonNode node, Bindings bindings, FieldContext context) {
    if (node.isTextual() && isExpression(node.textValue())) {
      return evaluate(body(node.textValue()), bindings, context);
    }
    if (node.isObject()) {
      ObjectNode out = JsonNodeFactory.instance.objectNode();
      Iterator<Map.Entry<String, JsonNode>> it = node.fields();
      while (it.hasNext()) {
        Map.Entry<String, JsonNode> e = it.next();
        out.set(e.getKey(), walk(e.getValue(), bindings, context.child(e.getKey())));
      }
      return out;
    }
    if (node.isArray()) {
      ArrayNode out = JsonNodeFactory.instance.arrayNode(node.size());
      for (int i = 0; i < node.size(); i++) {
        out.add(walk(node.get(i), bindings, context.child(Integer.toString(i))));
      }
      return out;
    }
    return node.deepCopy();
  }

  private static JsonNode evaluate(String expression, Bindings bindings, FieldContext context) {
    CompiledExpression compiled;
    try {
      compiled = CompiledExpression.of(expression);
    } catch (JException e) {
      throw failure(context, expression, "could not be parsed: " + describe(e));
    } catch (RuntimeException e) {
      throw failure(context, expression, "could not be parsed: " + e.getMessage());
    }
    Object result;
    try {
      result = compiled.evaluate(bindings.frame());
    } catch (RuntimeException e) {
      throw evaluationFailure(context, expression, e);
    }
    if (result == null) {
      boolean exists;
      try {
        exists = compiled.existsCheck().evaluate(bindings.frame());
      } catch (RuntimeException e) {
        throw evaluationFailure(context, expression, e);
      }
      if (!exists) {
        throw new StatesError(QUERY_EVALUATION_ERROR,
            context.header() + context.describe(expression) + " returned nothing (undefined).");
      }
    }
    try {
      return JsonConversion.toJson(result);
    } catch (JsonConversion.UnsupportedValueException e) {
      throw new StatesError(QUERY_EVALUATION_ERROR,
          context.header() + context.describe(expression) + " returned an unsupported result type.");
    }
  }

  private static StatesError evaluationFailure(FieldContext context, String expression, RuntimeException e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof StepFunctionsFunctions.FunctionFailure f) {
        return failure(context, expression, "threw an error: " + f.getMessage());
      }
      if (t instanceof StatesError se) {
        return se;
      }
    }
    if (e instanceof JException je) {
      return failure(context, expression, "threw an error: " + describe(je));
    }
    return failure(context, expression, "threw an error: " + e);
  }

  private static String describe(JException e) {
    String code = e.getError();
    String message = e.getMessage();
    return code == null || message == null || message.startsWith(code) ? String.valueOf(message) : code + ": " + message;
  }

  private static StatesError failure(FieldContext context, String expression, String what) {
    return new StatesError(QUERY_EVALUATION_ERROR, context.header() + context.describe(expression) + " " + what);
  }

  /** {@code $states} and the variables, converted once per template and bound into a frame. */
  private static final class Bindings {
    private final JsonNode states;
    private final Map<String, JsonNode> variables;
    private Jsonata.Frame frame;

    Bindings(JsonNode states, Map<String, JsonNode> variables) {
      this.states = states;
      this.variables = variables == null ? Map.of() : variables;
    }

    Jsonata.Frame frame() {
      if (frame == null) {
        Jsonata.Frame f = new Jsonata.Frame(null);
        StepFunctionsFunctions.bindAll(f);
        for (Map.Entry<String, JsonNode> e : variables.entrySet()) {
          String name = e.getKey().startsWith("$") ? e.getKey().substring(1) : e.getKey();
          if (!name.equals("states")) {
            f.bind(name, JsonConversion.toJava(e.getValue()));
          }
        }
        f.bind("states", states == null ? Jsonata.NULL_VALUE : JsonConversion.toJava(states));
        frame = f;
      }
      return frame;
    }
  }

}
