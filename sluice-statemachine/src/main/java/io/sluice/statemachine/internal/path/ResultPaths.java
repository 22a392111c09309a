package io.sluice.statemachine.internal.path;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;

/** Applies a {@code ResultPath}: places a result inside a copy of the state's input. */
public final class ResultPaths {
  private ResultPaths() {}

  /** Thrown when the input has no place for the result (a non-object where a field must go). */
  public static final class MatchFailure extends RuntimeException {
    public MatchFailure(String message) {
      super(message, null, false, false);
    }
  }

  /**
   * The state's output: {@code result} when the path is {@code $}, {@code input} unchanged when it is
   * null, else a copy of {@code input} with {@code result} at the path, creating missing objects.
   */
  public static JsonNode apply(JsonNode input, String resultPath, JsonNode result) {
    if (resultPath == null) {
      return input;
    }
    if ("$".equals(resultPath)) {
      return result;
    }
    List<Object> segments = parse(resultPath);
    if (input == null || !input.isContainerNode()) {
      throw new MatchFailure(failure(resultPath, input));
    }
    JsonNode root = input.deepCopy();
    JsonNode current = root;
    for (int i = 0; i < segments.size(); i++) {
      Object segment = segments.get(i);
      boolean last = i == segments.size() - 1;
      if (segment instanceof String field) {
        if (!(current instanceof ObjectNode obj)) {
          throw new MatchFailure(failure(resultPath, input));
        }
        if (last) {
          obj.set(field, result);
        } else {
          JsonNode child = obj.get(field);
          if (child == null || child.isNull()) {
            child = obj.putObject(field);
          } else if (!child.isContainerNode()) {
            throw new MatchFailure(failure(resultPath, input));
          }
          current = child;
        }
      } else {
        int index = (Integer) segment;
        if (!(current instanceof ArrayNode arr) || index >= arr.size()) {
          throw new MatchFailure(failure(resultPath, input));
        }
        if (last) {
          arr.set(index, result);
        } else {
          JsonNode child = arr.get(index);
          if (child == null || child.isNull()) {
            child = arr.objectNode();
            arr.set(index, child);
          } else if (!child.isContainerNode()) {
            throw new MatchFailure(failure(resultPath, input));
          }
          current = child;
        }
      }
    }
    return root;
  }

  private static String failure(String resultPath, JsonNode input) {
    return "Unable to apply ResultPath '" + resultPath + "' to input '" + input + "'";
  }

  /** Splits a reference path ({@code $.a.b}, {@code $['a'].b}, {@code $.a[0]}) into names and indexes. */
  public static List<Object> parse(String path) {
    if (!path.startsWith("$")) {
      throw new IllegalArgumentException("A reference path must start with '$': " + path);
    }
    List<Object> out = new ArrayList<>();
    int i = 1;
    while (i < path.length()) {
      char c = path.charAt(i);
      if (c == '.') {
        int j = i + 1;
        while (j < path.length() && path.charAt(j) != '.' && path.charAt(j) != '[') {
          j++;
        }
        if (j == i + 1) {
          throw new IllegalArgumentException("Invalid reference path: " + path);
        }
        out.add(path.substring(i + 1, j));
        i = j;
      } else if (c == '[') {
        int close = path.indexOf(']', i);
        if (close < 0) {
          throw new IllegalArgumentException("Invalid reference path: " + path);
        }
        String inner = path.substring(i + 1, close).strip();
        if (inner.length() >= 2 && (inner.startsWith("'") && inner.endsWith("'")
            || inner.startsWith("\"") && inner.endsWith("\""))) {
          out.add(inner.substring(1, inner.length() - 1));
        } else {
          try {
            out.add(Integer.parseInt(inner));
          } catch (NumberFormatException e) {
            throw new IllegalArgumentException("Invalid reference path: " + path);
          }
        }
        i = close + 1;
      } else {
        throw new IllegalArgumentException("Invalid reference path: " + path);
      }
    }
    return out;
  }
}
