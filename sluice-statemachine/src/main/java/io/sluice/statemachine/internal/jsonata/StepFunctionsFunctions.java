package io.sluice.statemachine.internal.jsonata;

import com.dashjoin.jsonata.Jsonata;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.UUID;

/**
 * The functions Step Functions adds to JSONata: {@code $partition}, {@code $range}, {@code $hash},
 * {@code $random} (with an optional seed), {@code $uuid} and {@code $parse}. {@code $eval} is not
 * available in Step Functions and fails when called.
 */
final class StepFunctionsFunctions {
  static final int MAX_RANGE_ITEMS = 1000;
  private static final List<String> ALGORITHMS = List.of("MD5", "SHA-1", "SHA-256", "SHA-384", "SHA-512");
  private static final ObjectMapper JSON =
      new ObjectMapper().enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

  private StepFunctionsFunctions() {}

  /** A failure inside one of these functions; the evaluator turns it into its cause text. */
  static final class FunctionFailure extends RuntimeException {
    private static final long serialVersionUID = 1L;

    FunctionFailure(String message) {
      super(message, null, false, false);
    }
  }

  static void bindAll(Jsonata.Frame frame) {
    frame.bind("partition", fn("partition", StepFunctionsFunctions::partition));
    frame.bind("range", fn("range", StepFunctionsFunctions::range));
    frame.bind("hash", fn("hash", StepFunctionsFunctions::hash));
    frame.bind("random", fn("random", StepFunctionsFunctions::random));
    frame.bind("uuid", fn("uuid", StepFunctionsFunctions::uuid));
    frame.bind("parse", fn("parse", StepFunctionsFunctions::parse));
    frame.bind("eval", fn("eval", (name, args) -> {
      throw new FunctionFailure("The function $eval is not supported in Step Functions; use $parse.");
    }));
  }

  private interface Body {
    Object apply(String name, List<?> args);
  }

  private static Jsonata.JFunction fn(String name, Body body) {
    return new Jsonata.JFunction((input, args) -> body.apply(name, args == null ? List.of() : args), null);
  }

  private static Object partition(String name, List<?> args) {
    arity(name, args, 2, 2);
    List<?> array = array(name, args.get(0));
    long size = integer(name, args.get(1), "chunk size");
    if (size <= 0) {
      throw new FunctionFailure("The chunk size of $" + name + " must be greater than 0, but was " + size + ".");
    }
    List<Object> out = new ArrayList<>();
    List<Object> chunk = null;
    for (Object item : array) {
      if (chunk == null || chunk.size() == size) {
        chunk = new ArrayList<>();
        out.add(chunk);
      }
      chunk.add(item);
    }
    return out;
  }

  private static Object range(String name, List<?> args) {
    arity(name, args, 3, 3);
    long start = integer(name, args.get(0), "start");
    long end = integer(name, args.get(1), "end");
    long step = integer(name, args.get(2), "step");
    if (step == 0) {
      throw new FunctionFailure("The step of $" + name + " must not be 0.");
    }
    long count = (step > 0 ? end >= start : end <= start) ? (end - start) / step + 1 : 0;
    if (count > MAX_RANGE_ITEMS) {
      throw new FunctionFailure("$" + name + " would produce " + count + " items, more than the maximum of "
          + MAX_RANGE_ITEMS + ".");
    }
    List<Object> out = new ArrayList<>();
    for (long i = 0, v = start; i < count; i++, v += step) {
      out.add(v);
    }
    return out;
  }

  private static Object hash(String name, List<?> args) {
    arity(name, args, 2, 2);
    if (!(args.get(0) instanceof String data)) {
      throw new FunctionFailure("The first argument of $" + name + " must be a string.");
    }
    if (!(args.get(1) instanceof String algorithm) || !ALGORITHMS.contains(algorithm)) {
      throw new FunctionFailure("The hashing algorithm of $" + name
          + " must be one of MD5, SHA-1, SHA-256, SHA-384, SHA-512, but was " + args.get(1) + ".");
    }
    try {
      return HexFormat.of().formatHex(
          MessageDigest.getInstance(algorithm).digest(data.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static Object random(String name, List<?> args) {
    arity(name, args, 0, 1);
    Random r = args.isEmpty() || args.get(0) == null ? new Random() : new Random(integer(name, args.get(0), "seed"));
    return r.nextDouble();
  }

  private static Object uuid(String name, List<?> args) {
    arity(name, args, 0, 0);
    return UUID.randomUUID().toString();
  }

  private static Object parse(String name, List<?> args) {
    arity(name, args, 1, 1);
    if (!(args.get(0) instanceof String text)) {
      throw new FunctionFailure("The argument of $" + name + " must be a string.");
    }
    try {
      JsonNode node = JSON.readTree(text);
      if (node == null || node.isMissingNode()) {
        throw new FunctionFailure("The argument of $" + name + " is not valid JSON: " + text);
      }
      return JsonConversion.toJava(node);
    } catch (JsonProcessingException e) {
      throw new FunctionFailure("The argument of $" + name + " is not valid JSON: " + text);
    }
  }

  private static void arity(String name, List<?> args, int min, int max) {
    if (args.size() < min || args.size() > max) {
      throw new FunctionFailure("$" + name + " takes " + (min == max ? String.valueOf(min) : min + " to " + max)
          + (max == 1 ? " argument" : " arguments") + ", but was given " + args.size() + ".");
    }
  }

  private static List<?> array(String name, Object v) {
    if (v instanceof List<?> list) {
      return list;
    }
    if (v == null || v == Jsonata.NULL_VALUE) {
      throw new FunctionFailure("The first argument of $" + name + " must be an array.");
    }
    return List.of(v);
  }

  private static long integer(String name, Object v, String what) {
    if (v instanceof Number n) {
      double d = n.doubleValue();
      if (d == Math.rint(d) && !Double.isInfinite(d)) {
        return n.longValue();
      }
    }
    throw new FunctionFailure("The " + what + " of $" + name + " must be an integer, but was " + v + ".");
  }
}
