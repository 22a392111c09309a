package io.sluice.statemachine.internal.intrinsics;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.BooleanNode;
import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.LongNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.sluice.statemachine.StatesError;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.StringTokenizer;
import java.util.UUID;

/** The intrinsic functions themselves, each taking evaluated arguments. */
final class IntrinsicLibrary {
  static final String INTRINSIC_FAILURE = "States.IntrinsicFailure";

  /** AWS's limit on the size of an array produced by {@code States.ArrayRange}. */
  static final int MAX_RANGE_ITEMS = 1000;

  /** AWS's limit on the input of the encoding and hashing intrinsics, in characters. */
  static final int MAX_INPUT_CHARS = 10_000;

  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
  private static final ObjectMapper JSON =
      new ObjectMapper().enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

  private IntrinsicLibrary() {}

  /** The evaluated arguments of one call, with the raw literal template for {@code States.Format}. */
  record Args(String function, List<JsonNode> values, String formatTemplateRaw) {
    int size() {
      return values.size();
    }

    JsonNode get(int i) {
      return values.get(i);
    }
  }

  static JsonNode apply(Args a) {
    return switch (a.function()) {
      case "States.Format" -> format(a);
      case "States.StringToJson" -> stringToJson(a);
      case "States.JsonToString" -> jsonToString(a);
      case "States.Array" -> array(a);
      case "States.ArrayPartition" -> arrayPartition(a);
      case "States.ArrayContains" -> arrayContains(a);
      case "States.ArrayRange" -> arrayRange(a);
      case "States.ArrayGetItem" -> arrayGetItem(a);
      case "States.ArrayLength" -> arrayLength(a);
      case "States.ArrayUnique" -> arrayUnique(a);
      case "States.Base64Encode" -> base64Encode(a);
      case "States.Base64Decode" -> base64Decode(a);
      case "States.Hash" -> hash(a);
      case "States.JsonMerge" -> jsonMerge(a);
      case "States.MathRandom" -> mathRandom(a);
      case "States.MathAdd" -> mathAdd(a);
      case "States.StringSplit" -> stringSplit(a);
      case "States.UUID" -> uuid(a);
      default -> throw failure("The intrinsic function '" + a.function() + "' is not supported.");
    };
  }

  static boolean isKnown(String function) {
    return switch (function) {
      case "States.Format", "States.StringToJson", "States.JsonToString", "States.Array",
          "States.ArrayPartition", "States.ArrayContains", "States.ArrayRange", "States.ArrayGetItem",
          "States.ArrayLength", "States.ArrayUnique", "States.Base64Encode", "States.Base64Decode",
          "States.Hash", "States.JsonMerge", "States.MathRandom", "States.MathAdd", "States.StringSplit",
          "States.UUID" -> true;
      default -> false;
    };
  }

  // ---- generic

  private static JsonNode format(Args a) {
    atLeast(a, 1);
    JsonNode template = a.get(0);
    if (!template.isTextual()) {
      throw failure(a.function() + " expects a string as its first argument, but was given " + typeName(template) + ".");
    }
    List<String> pieces = a.formatTemplateRaw() != null
        ? splitRawTemplate(a.formatTemplateRaw())
        : splitTemplate(template.textValue());
    int placeholders = pieces.size() - 1;
    int given = a.size() - 1;
    if (placeholders != given) {
      throw failure("The number of arguments (" + given + ") of " + a.function()
          + " does not match the number of placeholders {} (" + placeholders + ") in its format string.");
    }
    StringBuilder out = new StringBuilder(pieces.get(0));
    for (int i = 1; i < pieces.size(); i++) {
      out.append(render(a.get(i))).append(pieces.get(i));
    }
    return TextNode.valueOf(out.toString());
  }

  /** Splits a template at its {@code {}} placeholders; no escapes (the text came from a path). */
  static List<String> splitTemplate(String template) {
    List<String> pieces = new ArrayList<>();
    int from = 0;
    int at;
    while ((at = template.indexOf("{}", from)) >= 0) {
      pieces.add(template.substring(from, at));
      from = at + 2;
    }
    pieces.add(template.substring(from));
    return pieces;
  }

  /** Splits a template written as a literal, where {@code \{}, {@code \}} are not placeholders. */
  static List<String> splitRawTemplate(String raw) {
    List<String> pieces = new ArrayList<>();
    StringBuilder cur = new StringBuilder();
    for (int i = 0; i < raw.length(); i++) {
      char c = raw.charAt(i);
      if (c == '\\' && i + 1 < raw.length()) {
        char n = raw.charAt(i + 1);
        if (n == '\'' || n == '{' || n == '}' || n == '\\') {
          cur.append(n);
        } else {
          cur.append(c).append(n);
        }
        i++;
      } else if (c == '{' && i + 1 < raw.length() && raw.charAt(i + 1) == '}') {
        pieces.add(cur.toString());
        cur.setLength(0);
        i++;
      } else {
        cur.append(c);
      }
    }
    pieces.add(cur.toString());
    return pieces;
  }

  private static String render(JsonNode v) {
    if (v.isTextual()) {
      return v.textValue();
    }
    return toJson(v);
  }

  private static JsonNode uuid(Args a) {
    exactly(a, 0);
    return TextNode.valueOf(UUID.randomUUID().toString());
  }

  // ---- JSON

  private static JsonNode stringToJson(Args a) {
    exactly(a, 1);
    String s = string(a, 0);
    if (s.isBlank()) {
      return NullNode.getInstance();
    }
    try {
      JsonNode parsed = JSON.readTree(s);
      return parsed == null || parsed.isMissingNode() ? NullNode.getInstance() : parsed;
    } catch (JsonProcessingException e) {
      throw failure("The argument of " + a.function() + " is not a valid JSON string: " + s);
    }
  }

  private static JsonNode jsonToString(Args a) {
    exactly(a, 1);
    return TextNode.valueOf(toJson(a.get(0)));
  }

  private static JsonNode jsonMerge(Args a) {
    exactly(a, 3);
    ObjectNode left = object(a, 0);
    ObjectNode right = object(a, 1);
    JsonNode deep = a.get(2);
    if (!deep.isBoolean()) {
      throw failure(a.function() + " expects a boolean as its third argument, but was given " + typeName(deep) + ".");
    }
    if (deep.booleanValue()) {
      throw failure(a.function() + " does not support deep merging; its third argument must be false.");
    }
    ObjectNode merged = left.deepCopy();
    Iterator<Map.Entry<String, JsonNode>> it = right.fields();
    while (it.hasNext()) {
      Map.Entry<String, JsonNode> e = it.next();
      merged.set(e.getKey(), e.getValue().deepCopy());
    }
    return merged;
  }

  // ---- arrays

  private static JsonNode array(Args a) {
    ArrayNode out = NODES.arrayNode();
    a.values().forEach(out::add);
    return out;
  }

  private static JsonNode arrayPartition(Args a) {
    exactly(a, 2);
    ArrayNode arr = array(a, 0);
    long size = integer(a, 1);
    if (size <= 0) {
      throw failure("The chunk size of " + a.function() + " must be greater than 0, but was " + size + ".");
    }
    ArrayNode out = NODES.arrayNode();
    ArrayNode chunk = null;
    for (JsonNode item : arr) {
      if (chunk == null || chunk.size() == size) {
        chunk = out.addArray();
      }
      chunk.add(item);
    }
    return out;
  }

  private static JsonNode arrayContains(Args a) {
    exactly(a, 2);
    ArrayNode arr = array(a, 0);
    JsonNode needle = a.get(1);
    for (JsonNode item : arr) {
      if (JsonValues.equal(item, needle)) {
        return BooleanNode.TRUE;
      }
    }
    return BooleanNode.FALSE;
  }

  private static JsonNode arrayRange(Args a) {
    exactly(a, 3);
    long start = integer(a, 0);
    long end = integer(a, 1);
    long step = integer(a, 2);
    if (step == 0) {
      throw failure("The step of " + a.function() + " must not be 0.");
    }
    long count = (step > 0 ? end >= start : end <= start) ? (end - start) / step + 1 : 0;
    if (count > MAX_RANGE_ITEMS) {
      throw failure(a.function() + " would produce " + count + " items, more than the maximum of "
          + MAX_RANGE_ITEMS + ".");
    }
    ArrayNode out = NODES.arrayNode();
    for (long i = 0, v = start; i < count; i++, v += step) {
      out.add(integerNode(v));
    }
    return out;
  }

  private static JsonNode arrayGetItem(Args a) {
    exactly(a, 2);
    ArrayNode arr = array(a, 0);
    long index = integer(a, 1);
    if (index < 0 || index >= arr.size()) {
      throw failure("The index " + index + " given to " + a.function()
          + " is out of bounds for an array of length " + arr.size() + ".");
    }
    return arr.get((int) index);
  }

  private static JsonNode arrayLength(Args a) {
    exactly(a, 1);
    return IntNode.valueOf(array(a, 0).size());
  }

  private static JsonNode arrayUnique(Args a) {
    exactly(a, 1);
    ArrayNode out = NODES.arrayNode();
    for (JsonNode item : array(a, 0)) {
      boolean seen = false;
      for (JsonNode kept : out) {
        if (JsonValues.equal(kept, item)) {
          seen = true;
          break;
        }
      }
      if (!seen) {
        out.add(item);
      }
    }
    return out;
  }

  // ---- encoding, hashing

  private static JsonNode base64Encode(Args a) {
    exactly(a, 1);
    String s = limited(a, 0);
    return TextNode.valueOf(Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.UTF_8)));
  }

  private static JsonNode base64Decode(Args a) {
    exactly(a, 1);
    String s = limited(a, 0);
    try {
      return TextNode.valueOf(new String(Base64.getDecoder().decode(s), StandardCharsets.UTF_8));
    } catch (IllegalArgumentException e) {
      throw failure("The argument of " + a.function() + " is not a valid Base64 string: " + s);
    }
  }

  private static JsonNode hash(Args a) {
    exactly(a, 2);
    String data = limited(a, 0);
    String algorithm = string(a, 1);
    if (!List.of("MD5", "SHA-1", "SHA-256", "SHA-384", "SHA-512").contains(algorithm)) {
      throw failure("The hashing algorithm '" + algorithm + "' of " + a.function()
          + " is not supported; use one of MD5, SHA-1, SHA-256, SHA-384, SHA-512.");
    }
    return TextNode.valueOf(hashHex(data, algorithm));
  }

  /** Hex digest of the UTF-8 bytes of {@code data}; {@code algorithm} is a JCA name such as SHA-256. */
  static String hashHex(String data, String algorithm) {
    try {
      MessageDigest md = MessageDigest.getInstance(algorithm);
      return HexFormat.of().formatHex(md.digest(data.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  // ---- math

  private static JsonNode mathRandom(Args a) {
    if (a.size() != 2 && a.size() != 3) {
      throw failure(a.function() + " takes 2 or 3 arguments, but was given " + a.size() + ".");
    }
    long start = integer(a, 0);
    long end = integer(a, 1);
    if (start >= end) {
      throw failure("The start (" + start + ") of " + a.function() + " must be less than its end (" + end + ").");
    }
    Random random = a.size() == 3 ? new Random(integer(a, 2)) : new Random();
    long span = end - start;
    long value = span <= Integer.MAX_VALUE
        ? start + random.nextInt((int) span)
        : start + (long) (random.nextDouble() * span);
    return integerNode(value);
  }

  private static JsonNode mathAdd(Args a) {
    exactly(a, 2);
    long sum = 0;
    for (int i = 0; i < 2; i++) {
      JsonNode v = a.get(i);
      if (!v.isNumber()) {
        throw failure(a.function() + " expects numbers, but argument " + (i + 1) + " was " + typeName(v) + ".");
      }
      // AWS rounds each argument half up (towards positive infinity), as Java's Math.round does.
      BigDecimal rounded = v.decimalValue().add(new BigDecimal("0.5")).setScale(0, RoundingMode.FLOOR);
      if (rounded.compareTo(BigDecimal.valueOf(Integer.MIN_VALUE)) < 0
          || rounded.compareTo(BigDecimal.valueOf(Integer.MAX_VALUE)) > 0) {
        throw failure("The argument " + v + " of " + a.function() + " is outside the integer range "
            + Integer.MIN_VALUE + " to " + Integer.MAX_VALUE + ".");
      }
      sum += rounded.longValue();
    }
    return integerNode(sum);
  }

  // ---- strings

  private static JsonNode stringSplit(Args a) {
    exactly(a, 2);
    String s = string(a, 0);
    String delimiters = string(a, 1);
    ArrayNode out = NODES.arrayNode();
    StringTokenizer tokens = new StringTokenizer(s, delimiters);
    while (tokens.hasMoreTokens()) {
      out.add(tokens.nextToken());
    }
    return out;
  }

  // ---- argument helpers

  private static void exactly(Args a, int n) {
    if (a.size() != n) {
      throw failure(a.function() + " takes " + n + (n == 1 ? " argument" : " arguments") + ", but was given "
          + a.size() + ".");
    }
  }

  private static void atLeast(Args a, int n) {
    if (a.size() < n) {
      throw failure(a.function() + " takes at least " + n + (n == 1 ? " argument" : " arguments")
          + ", but was given " + a.size() + ".");
    }
  }

  private static String string(Args a, int i) {
    JsonNode v = a.get(i);
    if (!v.isTextual()) {
      throw failure(a.function() + " expects a string as argument " + (i + 1) + ", but was given "
          + typeName(v) + ".");
    }
    return v.textValue();
  }

  private static String limited(Args a, int i) {
    String s = string(a, i);
    if (s.length() > MAX_INPUT_CHARS) {
      throw failure("The input of " + a.function() + " is " + s.length() + " characters long, more than the maximum of "
          + MAX_INPUT_CHARS + ".");
    }
    return s;
  }

  private static ArrayNode array(Args a, int i) {
    JsonNode v = a.get(i);
    if (!v.isArray()) {
      throw failure(a.function() + " expects an array as argument " + (i + 1) + ", but was given "
          + typeName(v) + ".");
    }
    return (ArrayNode) v;
  }

  private static ObjectNode object(Args a, int i) {
    JsonNode v = a.get(i);
    if (!v.isObject()) {
      throw failure(a.function() + " expects an object as argument " + (i + 1) + ", but was given "
          + typeName(v) + ".");
    }
    return (ObjectNode) v;
  }

  private static long integer(Args a, int i) {
    JsonNode v = a.get(i);
    if (v.isNumber()) {
      BigDecimal d = v.decimalValue();
      if (d.signum() == 0 || d.stripTrailingZeros().scale() <= 0) {
        try {
          return d.longValueExact();
        } catch (ArithmeticException ignored) {
          // falls through to the failure below
        }
      }
    }
    throw failure(a.function() + " expects an integer as argument " + (i + 1) + ", but was given "
        + (v.isNumber() ? v.toString() : typeName(v)) + ".");
  }

  static JsonNode integerNode(long v) {
    return v == (int) v ? IntNode.valueOf((int) v) : LongNode.valueOf(v);
  }

  static String typeName(JsonNode v) {
    if (v == null || v.isMissingNode()) {
      return "nothing";
    }
    return switch (v.getNodeType()) {
      case ARRAY -> "an array";
      case BOOLEAN -> "a boolean";
      case NULL -> "null";
      case NUMBER -> "a number";
      case OBJECT -> "an object";
      case STRING -> "a string";
      default -> v.getNodeType().name().toLowerCase(java.util.Locale.ROOT);
    };
  }

  static String toJson(JsonNode v) {
    try {
      return JSON.writeValueAsString(v);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  static StatesError failure(String cause) {
    return new StatesError(INTRINSIC_FAILURE, cause);
  }
}
