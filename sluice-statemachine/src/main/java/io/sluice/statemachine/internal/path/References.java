package io.sluice.statemachine.internal.path;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;

/**
 * Resolves the three kinds of reference a JSONPath state may use: {@code $...} against the state's data,
 * {@code $$...} against the context object and {@code $name...} against workflow variables.
 */
public final class References {
  private References() {}

  /** Whether {@code path} starts with a variable reference ({@code $name}). */
  public static boolean isVariable(String path) {
    return path.length() > 1 && path.charAt(0) == '$' && isNameStart(path.charAt(1));
  }

  /** The variable name of a {@code $name...} reference. */
  public static String variableName(String path) {
    int i = 1;
    while (i < path.length() && isNamePart(path.charAt(i))) {
      i++;
    }
    return path.substring(1, i);
  }

  /**
   * Resolves {@code path}.
   *
   * @throws JsonPaths.NoResult when it selects nothing (or names an undefined variable)
   */
  public static JsonNode resolve(String path, JsonNode data, JsonNode context, Map<String, JsonNode> variables) {
    if (path.startsWith("$$")) {
      return JsonPaths.read(context, "$" + path.substring(2));
    }
    if (isVariable(path)) {
      String name = variableName(path);
      JsonNode value = variables == null ? null : variables.get(name);
      if (value == null) {
        throw new JsonPaths.NoResult("Variable '$" + name + "' is not defined");
      }
      String rest = path.substring(name.length() + 1);
      return rest.isEmpty() ? value : JsonPaths.read(value, "$" + rest);
    }
    return JsonPaths.read(data, path);
  }

  private static boolean isNameStart(char c) {
    return Character.isLetter(c) || c == '_';
  }

  private static boolean isNamePart(char c) {
    return Character.isLetterOrDigit(c) || c == '_';
  }
}
