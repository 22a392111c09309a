package io.sluice.statemachine.internal.validation;

import com.jayway.jsonpath.InvalidPathException;
import com.jayway.jsonpath.JsonPath;
import java.util.Set;
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

  static final Set<String> INTRINSIC_FUNCTIONS = Set.of(
      "States.Format", "States.StringToJson", "States.JsonToString", "States.Array",
      "States.ArrayPartition", "States.ArrayContains", "States.ArrayRange", "States.ArrayGetItem",
      "States.ArrayLength", "States.ArrayUnique", "States.Base64Encode", "States.Base64Decode",
      "States.Hash", "States.JsonMerge", "States.MathRandom", "States.MathAdd", "States.StringSplit",
      "States.UUID");

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

  /** Parses an intrinsic function call such as {@code States.Format('{} items', $.n)}. */
  static String checkIntrinsic(String text) {
    try {
      IntrinsicParser parser = new IntrinsicParser(text);
      parser.call();
      parser.skipSpace();
      if (parser.pos < text.length()) {
        throw parser.error("unexpected text after the closing ')'");
      }
      return null;
    } catch (SyntaxError e) {
      return "'" + text + "' is not a valid intrinsic function call: " + e.getMessage();
    }
  }

  private static final class SyntaxError extends Exception {
    SyntaxError(String message) {
      super(message, null, false, false);
    }
  }

  private static final class IntrinsicParser {
    private final String s;
    private int pos;

    IntrinsicParser(String s) {
      this.s = s;
    }

    SyntaxError error(String message) {
      return new SyntaxError(message + " at position " + pos);
    }

    void skipSpace() {
      while (pos < s.length() && Character.isWhitespace(s.charAt(pos))) {
        pos++;
      }
    }

    void call() throws SyntaxError {
      int start = pos;
      if (!s.startsWith("States.", pos)) {
        throw error("expected a function name starting with 'States.'");
      }
      pos += "States.".length();
      while (pos < s.length() && Character.isLetterOrDigit(s.charAt(pos))) {
        pos++;
      }
      String name = s.substring(start, pos);
      if (!INTRINSIC_FUNCTIONS.contains(name)) {
        throw new SyntaxError("unknown intrinsic function '" + name + "'");
      }
      skipSpace();
      if (pos >= s.length() || s.charAt(pos) != '(') {
        throw error("expected '(' after " + name);
      }
      pos++;
      skipSpace();
      if (pos < s.length() && s.charAt(pos) == ')') {
        pos++;
        return;
      }
      while (true) {
        argument();
        skipSpace();
        if (pos >= s.length()) {
          throw error("missing ')' to close " + name);
        }
        char c = s.charAt(pos++);
        if (c == ')') {
          return;
        }
        if (c != ',') {
          throw error("expected ',' or ')' but found '" + c + "'");
        }
        skipSpace();
      }
    }

    private void argument() throws SyntaxError {
      if (pos >= s.length()) {
        throw error("missing argument");
      }
      char c = s.charAt(pos);
      if (c == '\'') {
        stringLiteral();
      } else if (c == '$') {
        String path = pathArgument();
        String problem = PathSyntax.checkPath(path);
        if (problem != null) {
          throw new SyntaxError(problem);
        }
      } else if (s.startsWith("States.", pos)) {
        call();
      } else if (c == '-' || Character.isDigit(c)) {
        int start = pos++;
        while (pos < s.length() && (Character.isDigit(s.charAt(pos)) || ".eE+-".indexOf(s.charAt(pos)) >= 0)) {
          pos++;
        }
        try {
          Double.parseDouble(s.substring(start, pos));
        } catch (NumberFormatException e) {
          throw error("'" + s.substring(start, pos) + "' is not a number");
        }
      } else if (!literal("true") && !literal("false") && !literal("null")) {
        throw error("expected a string, number, boolean, null, path or function call");
      }
    }

    private boolean literal(String word) {
      if (s.startsWith(word, pos)) {
        pos += word.length();
        return true;
      }
      return false;
    }

    private void stringLiteral() throws SyntaxError {
      int start = pos++;
      while (pos < s.length()) {
        char c = s.charAt(pos++);
        if (c == '\\') {
          pos++;
        } else if (c == '\'') {
          return;
        }
      }
      pos = start;
      throw error("unterminated string literal");
    }

    /** A path argument runs to the next ',' or ')' outside brackets and quotes. */
    private String pathArgument() throws SyntaxError {
      int start = pos;
      int depth = 0;
      char quote = 0;
      for (; pos < s.length(); pos++) {
        char c = s.charAt(pos);
        if (quote != 0) {
          if (c == '\\') {
            pos++;
          } else if (c == quote) {
            quote = 0;
          }
        } else if (c == '\'' || c == '"') {
          quote = c;
        } else if (c == '[' || c == '(') {
          depth++;
        } else if (c == ']' || (c == ')' && depth > 0)) {
          depth--;
        } else if (depth == 0 && (c == ',' || c == ')')) {
          break;
        }
      }
      if (quote != 0 || depth != 0) {
        throw error("unbalanced brackets or quotes in path argument");
      }
      return s.substring(start, pos).strip();
    }
  }
}
