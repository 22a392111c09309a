package io.sluice.statemachine.internal.validation;

import com.dashjoin.jsonata.Jsonata;
import com.fasterxml.jackson.databind.JsonNode;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.HashSet;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/** Checks of single field values (types, ranges, paths, templates, JSONata) that record problems. */
final class Checks {
  private static final Pattern TIMESTAMP =
      Pattern.compile("\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}(\\.\\d+)?(Z|[+-]\\d{2}:\\d{2})");
  private static final Pattern VARIABLE_NAME = Pattern.compile("[\\p{L}_][\\p{L}\\p{N}_]*");
  /** Step Functions caps every seconds and counts field at this value. */
  static final long MAX_SECONDS = 99_999_999L;

  final Problems problems;

  Checks(Problems problems) {
    this.problems = problems;
  }

  // ---- JSON types -------------------------------------------------------------------------

  boolean string(JsonNode node, Location at) {
    if (node.isTextual()) {
      return true;
    }
    problems.add(at, "must be a string, not " + describe(node));
    return false;
  }

  boolean object(JsonNode node, Location at) {
    if (node.isObject()) {
      return true;
    }
    problems.add(at, "must be a JSON object, not " + describe(node));
    return false;
  }

  /** An integer in [min, max]; integral decimals such as {@code 3.0} are accepted. */
  boolean integer(JsonNode node, Location at, long min, long max) {
    if (!node.isNumber() || !node.canConvertToExactIntegral()) {
      problems.add(at, "must be an integer, not " + describe(node));
      return false;
    }
    long value = node.canConvertToLong() ? node.longValue() : Long.MAX_VALUE;
    if (value < min || value > max) {
      problems.add(at, "must be between " + min + " and " + max + ", not " + node.asText());
      return false;
    }
    return true;
  }

  boolean number(JsonNode node, Location at, double min, double max) {
    if (!node.isNumber()) {
      problems.add(at, "must be a number, not " + describe(node));
      return false;
    }
    if (node.doubleValue() < min || node.doubleValue() > max) {
      problems.add(at, "must be between " + min + " and " + max + ", not " + node.asText());
      return false;
    }
    return true;
  }

  void oneOf(JsonNode node, Location at, Set<String> allowed) {
    if (string(node, at) && !allowed.contains(node.textValue())) {
      problems.add(at, "must be one of " + allowed.stream().sorted().toList() + ", not '"
          + node.textValue() + "'");
    }
  }

  void timestamp(JsonNode node, Location at) {
    if (string(node, at) && !isTimestamp(node.textValue())) {
      problems.add(at, "'" + node.textValue()
          + "' is not an RFC 3339 timestamp such as 2016-03-14T01:59:00Z");
    }
  }

  static boolean isTimestamp(String text) {
    if (!TIMESTAMP.matcher(text).matches()) {
      return false;
    }
    try {
      OffsetDateTime.parse(text);
      return true;
    } catch (DateTimeParseException e) {
      return false;
    }
  }

  // ---- JSONPath ---------------------------------------------------------------------------

  /** InputPath, OutputPath: a path or null. */
  void pathOrNull(JsonNode node, Location at) {
    if (node.isNull()) {
      return;
    }
    if (string(node, at)) {
      report(at, PathSyntax.checkPath(node.textValue()));
    }
  }

  /** ResultPath: a reference path into the state's input, or null. */
  void resultPath(JsonNode node, Location at) {
    if (node.isNull()) {
      return;
    }
    if (!string(node, at)) {
      return;
    }
    String path = node.textValue();
    if (!path.equals("$") && !path.startsWith("$.") && !path.startsWith("$[")) {
      problems.add(at, "'" + path + "' is not a valid ResultPath: it must be '$' or start with "
          + "'$.' or '$[' (it cannot write into the context object or a variable)");
      return;
    }
    report(at, PathSyntax.checkReferencePath(path));
  }

  /** Fields such as ItemsPath, SecondsPath, Variable: a reference path. */
  void referencePath(JsonNode node, Location at) {
    if (string(node, at)) {
      report(at, PathSyntax.checkReferencePath(node.textValue()));
    }
  }

  /** ErrorPath and CausePath: a reference path or an intrinsic function call. */
  void referencePathOrIntrinsic(JsonNode node, Location at) {
    if (string(node, at)) {
      report(at, PathSyntax.checkPathOrIntrinsic(node.textValue(), true));
    }
  }

  /**
   * A JSONPath payload template (Parameters, ItemSelector, ResultSelector, Assign ...): every field
   * whose name ends in {@code .$} holds a path or an intrinsic call; nested objects and arrays are
   * templates too.
   */
  void payloadTemplate(JsonNode node, Location at) {
    if (node.isObject()) {
      Set<String> names = new HashSet<>();
      for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> field = it.next();
        String name = field.getKey();
        Location fieldAt = at.field(name);
        boolean dynamic = name.endsWith(".$");
        String plain = dynamic ? name.substring(0, name.length() - 2) : name;
        if (!names.add(plain)) {
          problems.add(fieldAt, "field '" + plain + "' is given twice (with and without '.$')");
        }
        if (dynamic) {
          JsonNode value = field.getValue();
          if (!value.isTextual()) {
            problems.add(fieldAt, "a field whose name ends in '.$' must hold a path or an intrinsic"
                + " function as a string, not " + describe(value));
          } else {
            report(fieldAt, PathSyntax.checkPathOrIntrinsic(value.textValue(), false));
          }
        } else {
          payloadTemplate(field.getValue(), fieldAt);
        }
      }
    } else if (node.isArray()) {
      for (int i = 0; i < node.size(); i++) {
        payloadTemplate(node.get(i), at.index(i));
      }
    }
  }

  /** Payload templates that must be objects: Parameters, ItemSelector, ResultSelector... */
  void objectTemplate(JsonNode node, Location at) {
    if (object(node, at)) {
      payloadTemplate(node, at);
    }
  }

  /** Assign under JSONPath: an object of variable names, each value a payload template. */
  void jsonPathAssign(JsonNode node, Location at) {
    if (object(node, at)) {
      node.fieldNames().forEachRemaining(name -> variableName(
          name.endsWith(".$") ? name.substring(0, name.length() - 2) : name, at.field(name)));
      payloadTemplate(node, at);
    }
  }

  /** Assign under JSONata: an object of variable names, any values, strings may be expressions. */
  void jsonataAssign(JsonNode node, Location at) {
    if (object(node, at)) {
      node.fieldNames().forEachRemaining(name -> variableName(name, at.field(name)));
      jsonataTemplate(node, at);
    }
  }

  private void variableName(String name, Location at) {
    if (!VARIABLE_NAME.matcher(name).matches()) {
      problems.add(at, "'" + name + "' is not a valid variable name: use letters, digits and"
          + " '_', not starting with a digit");
    } else if (name.length() > 80) {
      problems.add(at, "variable name is longer than 80 characters");
    } else if (name.equals("states")) {
      problems.add(at, "'states' is reserved and cannot be assigned");
    }
  }

  // ---- JSONata ----------------------------------------------------------------------------

  static boolean isJsonata(JsonNode node) {
    return node.isTextual() && isJsonata(node.textValue());
  }

  static boolean isJsonata(String text) {
    return text.length() >= 4 && text.startsWith("{%") && text.endsWith("%}");
  }

  /** Compiles a {@code {% expression %}} string; reports it when it does not parse. */
  void jsonataExpression(String text, Location at) {
    String expression = text.substring(2, text.length() - 2);
    if (expression.isBlank()) {
      problems.add(at, "empty JSONata expression '" + text + "'");
      return;
    }
    try {
      Jsonata.jsonata(expression);
    } catch (RuntimeException e) {
      problems.add(at, "JSONata expression '" + text + "' does not compile: " + e.getMessage());
    }
  }

  /** Any JSON value; every string in it that is a {@code {% ... %}} expression must compile. */
  void jsonataTemplate(JsonNode node, Location at) {
    if (isJsonata(node)) {
      jsonataExpression(node.textValue(), at);
    } else if (node.isObject()) {
      node.fields().forEachRemaining(f -> jsonataTemplate(f.getValue(), at.field(f.getKey())));
    } else if (node.isArray()) {
      for (int i = 0; i < node.size(); i++) {
        jsonataTemplate(node.get(i), at.index(i));
      }
    }
  }

  /**
   * A field that under JSONata may hold an expression instead of a literal; under JSONPath (or when
   * it is not an expression) the {@code literal} check applies.
   */
  void jsonataOr(boolean jsonata, JsonNode node, Location at, Runnable literal) {
    if (jsonata && isJsonata(node)) {
      jsonataExpression(node.textValue(), at);
    } else {
      literal.run();
    }
  }

  // ---- helpers ----------------------------------------------------------------------------

  private void report(Location at, String problem) {
    if (problem != null) {
      problems.add(at, problem);
    }
  }

  static String describe(JsonNode node) {
    return switch (node.getNodeType()) {
      case STRING -> "the string '" + node.textValue() + "'";
      case NUMBER -> "the number " + node.asText();
      case BOOLEAN -> "the boolean " + node.asText();
      case NULL -> "null";
      case ARRAY -> "an array";
      case OBJECT -> "an object";
      default -> node.getNodeType().toString().toLowerCase();
    };
  }
}
