package io.sluice.statemachine.internal.validation;

import com.jayway.jsonpath.InvalidPathException;
import com.jayway.jsonpath.JsonPath;
import io.sluice.statemachine.internal.intrinsics.IntrinsicFunctions;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Parse-level checks of the JSONPath strings of a definition: paths, reference paths and intrinsic
 * function calls. Each check returns {@code null} when the text is valid, else what is wrong.
 *
 * <p>A path starts with {@code $} (the state's input), {@code $$} (the context object) or
 * {@code $name} (a workflow variable); what follows is checked with Jayway's JSONPath compiler.
 */
final class PathSyntax {
  private PathSyntax() {}

  private static final Pattern VARIABLE_PREFIX = Pattern.compile("\\$[\\p{L}_][\\p{L}\\p{N}_]*");

  /** A Path: may select several nodes (wildcards, filters, slices are allowed). */
  static String checkPath(String path) {
    return check(path, false);
  }

  /** A Reference Path: must identify a single node, so no {@code * .. ? @ , :} operators. */
  static String checkReferencePath(String path) {
    return check(path, true);
  }

  /** The value of a {@code .$} field or of ErrorPath/CausePath: a path or an intrinsic call. */
  static String checkPathOrIntrinsic(String text, boolean reference) {
    if (text.startsWith("States.")) {
      return checkIntrinsic(text);
    }
    return check(text, reference);
  }

  private static String check(String path, boolean reference) {
    if (path.isEmpty() || path.charAt(0) != '$') {
      return "'" + path + "' is not a JSONPath: it must start with '$'";
    }
    String rest;
    if (path.startsWith("$$")) {
      rest = path.substring(2);
    } else {
      Matcher variable = VARIABLE_PREFIX.matcher(path);
      rest = variable.lookingAt() ? path.substring(variable.end()) : path.substring(1);
    }
    if (!rest.isEmpty() && rest.charAt(0) != '.' && rest.charAt(0) != '[') {
      return "'" + path + "' is not a valid JSONPath: expected '.' or '[' after '$'";
    }
    String unbalanced = unbalanced(rest);
    if (unbalanced != null) {
      return "'" + path + "' is not a valid JSONPath: " + unbalanced;
    }
    try {
      JsonPath.compile("$" + rest);
    } catch (InvalidPathException | IllegalArgumentException | IndexOutOfBoundsException e) {
      return "'" + path + "' is not a valid JSONPath: " + e.getMessage();
    }
    if (reference) {
      String operator = ambiguousOperator(rest);
      if (operator != null) {
        return "'" + path + "' is not a reference path: '" + operator
            + "' may select several values; a reference path must identify a single value";
      }
    }
    return null;
  }

  /** Jayway accepts some unclosed brackets and quotes ({@code $.a[}); Step Functions does not. */
  private static String unbalanced(String rest) {
    char quote = 0;
    int depth = 0;
    for (int i = 0; i < rest.length(); i++) {
      char c = rest.charAt(i);
      if (quote != 0) {
        if (c == '\\') {
          i++;
        } else if (c == quote) {
          quote = 0;
        }
      } else if (c == '\'' || c == '"') {
        quote = c;
      } else if (c == '[' || c == '(') {
        depth++;
      } else if (c == ']' || c == ')') {
        if (--depth < 0) {
          return "'" + c + "' closes nothing";
        }
      }
    }
    if (quote != 0) {
      return "unterminated quoted name";
    }
    return depth > 0 ? "missing a closing ']' or ')'" : null;
  }

  /** The first operator outside quotes that makes a path select more than one node, if any. */
  private static String ambiguousOperator(String rest) {
    char quote = 0;
    for (int i = 0; i < rest.length(); i++) {
      char c = rest.charAt(i);
      if (quote != 0) {
        if (c == '\\') {
          i++;
        } else if (c == quote) {
          quote = 0;
        }
        continue;
      }
      switch (c) {
        case '\'', '"' -> quote = c;
        case '*', '?', '@', ',', ':', '(' -> {
          return String.valueOf(c);
        }
        case '.' -> {
          if (i + 1 < rest.length() && rest.charAt(i + 1) == '.') {
            return "..";
          }
        }
        default -> { }
      }
    }
    return null;
  }

  /**
   * Checks an intrinsic function call such as {@code States.Format('{} items', $.n)} with the parser
   * the interpreter runs it with, then the syntax of each path it reads.
   */
  static String checkIntrinsic(String text) {
    Optional<String> problem = IntrinsicFunctions.problem(text);
    if (problem.isPresent()) {
      return "'" + text + "' is not a valid intrinsic function call: " + problem.get();
    }
    for (String path : IntrinsicFunctions.pathArguments(text)) {
      String pathProblem = checkPath(path);
      if (pathProblem != null) {
        return "'" + text + "' is not a valid intrinsic function call: " + pathProblem;
      }
    }
    return null;
  }
}
