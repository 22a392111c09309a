package io.sluice.statemachine.internal.intrinsics;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.BooleanNode;
import com.fasterxml.jackson.databind.node.DecimalNode;
import com.fasterxml.jackson.databind.node.DoubleNode;
import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.LongNode;
import com.fasterxml.jackson.databind.node.NullNode;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;

/**
 * Parses the intrinsic call syntax: {@code States.Name(arg, ...)} where an argument is a nested call, a
 * single-quoted string (escapes {@code \'}, {@code \{}, {@code \}}, {@code \\}), a number, {@code true},
 * {@code false}, {@code null}, or a path ({@code $.x}, {@code $$.x}, {@code $var.x}, {@code $}).
 */
final class IntrinsicParser {
  private final String src;
  private int pos;

  private IntrinsicParser(String src) {
    this.src = src;
  }

  /** Parses a whole expression, which must be one call. */
  static IntrinsicNode.Call parse(String expression) {
    IntrinsicParser p = new IntrinsicParser(expression);
    p.skipSpace();
    IntrinsicNode node = p.argument();
    p.skipSpace();
    if (p.pos != p.src.length()) {
      throw p.error("unexpected text '" + p.src.substring(p.pos) + "'");
    }
    if (!(node instanceof IntrinsicNode.Call call)) {
      throw new IntrinsicSyntaxException("'" + expression + "' is not an intrinsic function call");
    }
    return call;
  }

  private IntrinsicNode argument() {
    if (pos >= src.length()) {
      throw error("expected an argument");
    }
    char c = src.charAt(pos);
    if (c == '\'') {
      return string();
    }
    if (c == '$') {
      return path();
    }
    if (c == '-' || Character.isDigit(c)) {
      return number();
    }
    if (src.startsWith("States.", pos)) {
      return call();
    }
    String word = word();
    switch (word) {
      case "true":
        return new IntrinsicNode.Literal(BooleanNode.TRUE);
      case "false":
        return new IntrinsicNode.Literal(BooleanNode.FALSE);
      case "null":
        return new IntrinsicNode.Literal(NullNode.getInstance());
      default:
        throw error("unexpected '" + (word.isEmpty() ? String.valueOf(c) : word) + "'");
    }
  }

  private IntrinsicNode.Call call() {
    int start = pos;
    pos += "States.".length();
    String fn = word();
    if (fn.isEmpty()) {
      throw error("expected a function name after 'States.'");
    }
    skipSpace();
    expect('(');
    List<IntrinsicNode> args = new ArrayList<>();
    skipSpace();
    if (peek() == ')') {
      pos++;
    } else {
      while (true) {
        skipSpace();
        args.add(argument());
        skipSpace();
        char c = peek();
        if (c == ',') {
          pos++;
        } else if (c == ')') {
          pos++;
          break;
        } else {
          throw error("expected ',' or ')'");
        }
      }
    }
    return new IntrinsicNode.Call("States." + fn, args, src.substring(start, pos));
  }

  private IntrinsicNode.StringLiteral string() {
    pos++; // opening quote
    StringBuilder value = new StringBuilder();
    int start = pos;
    while (pos < src.length()) {
      char c = src.charAt(pos);
      if (c == '\\' && pos + 1 < src.length()) {
        char n = src.charAt(pos + 1);
        if (n == '\'' || n == '{' || n == '}' || n == '\\') {
          value.append(n);
        } else {
          value.append(c).append(n);
        }
        pos += 2;
      } else if (c == '\'') {
        String raw = src.substring(start, pos);
        pos++;
        return new IntrinsicNode.StringLiteral(value.toString(), raw);
      } else {
        value.append(c);
        pos++;
      }
    }
    throw new IntrinsicSyntaxException("unterminated string literal in '" + src + "'");
  }

  private IntrinsicNode.PathRef path() {
    int start = pos;
    int brackets = 0;
    int parens = 0;
    char quote = 0;
    while (pos < src.length()) {
      char c = src.charAt(pos);
      if (quote != 0) {
        if (c == '\\' && pos + 1 < src.length()) {
          pos++; // the escaped character; a backslash that ends the text escapes nothing
        } else if (c == quote) {
          quote = 0;
        }
      } else if (c == '\'' || c == '"') {
        quote = c;
      } else if (c == '[') {
        brackets++;
      } else if (c == ']') {
        brackets--;
      } else if (c == '(') {
        parens++;
      } else if (c == ')') {
        if (parens == 0 && brackets == 0) {
          break;
        }
        parens--;
      } else if (c == ',' && brackets == 0 && parens == 0) {
        break;
      }
      pos++;
    }
    String path = src.substring(start, pos).strip();
    return new IntrinsicNode.PathRef(path);
  }

  private IntrinsicNode.Literal number() {
    int start = pos;
    if (peek() == '-') {
      pos++;
    }
    while (pos < src.length()) {
      char c = src.charAt(pos);
      if (Character.isDigit(c) || c == '.' || c == 'e' || c == 'E'
          || ((c == '+' || c == '-') && (src.charAt(pos - 1) == 'e' || src.charAt(pos - 1) == 'E'))) {
        pos++;
      } else {
        break;
      }
    }
    String text = src.substring(start, pos);
    try {
      return new IntrinsicNode.Literal(numberNode(text));
    } catch (NumberFormatException e) {
      throw new IntrinsicSyntaxException("invalid number '" + text + "' in '" + src + "'");
    }
  }

  static JsonNode numberNode(String text) {
    if (text.indexOf('.') < 0 && text.indexOf('e') < 0 && text.indexOf('E') < 0) {
      long v = Long.parseLong(text);
      return v == (int) v ? IntNode.valueOf((int) v) : LongNode.valueOf(v);
    }
    BigDecimal d = new BigDecimal(text);
    double dv = d.doubleValue();
    if (Double.isFinite(dv) && new BigDecimal(Double.toString(dv)).compareTo(d) == 0) {
      return DoubleNode.valueOf(dv);
    }
    return DecimalNode.valueOf(d);
  }

  private String word() {
    int start = pos;
    while (pos < src.length() && (Character.isLetterOrDigit(src.charAt(pos)) || src.charAt(pos) == '_')) {
      pos++;
    }
    return src.substring(start, pos);
  }

  private void skipSpace() {
    while (pos < src.length() && Character.isWhitespace(src.charAt(pos))) {
      pos++;
    }
  }

  private char peek() {
    return pos < src.length() ? src.charAt(pos) : '\0';
  }

  private void expect(char c) {
    if (peek() != c) {
      throw error("expected '" + c + "'");
    }
    pos++;
  }

  private IntrinsicSyntaxException error(String what) {
    return new IntrinsicSyntaxException(what + " at position " + pos + " in '" + src + "'");
  }
}
