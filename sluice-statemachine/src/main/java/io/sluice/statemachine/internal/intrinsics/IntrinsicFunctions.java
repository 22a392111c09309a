package io.sluice.statemachine.internal.intrinsics;

import com.fasterxml.jackson.databind.JsonNode;
import io.sluice.statemachine.StatesError;
import io.sluice.statemachine.internal.PathResolver;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Evaluates ASL intrinsic functions such as {@code States.Format('{} items', $.count)}.
 *
 * <p>Every intrinsic of the Amazon States Language is supported: {@code States.Format},
 * {@code States.StringToJson}, {@code States.JsonToString}, {@code States.Array},
 * {@code States.ArrayPartition}, {@code States.ArrayContains}, {@code States.ArrayRange},
 * {@code States.ArrayGetItem}, {@code States.ArrayLength}, {@code States.ArrayUnique},
 * {@code States.Base64Encode}, {@code States.Base64Decode}, {@code States.Hash},
 * {@code States.JsonMerge}, {@code States.MathRandom}, {@code States.MathAdd},
 * {@code States.StringSplit} and {@code States.UUID}. Arguments may be literals, paths or nested calls.
 *
 * <p>Errors: a bad argument, or an expression that does not parse, fails with
 * {@code States.IntrinsicFailure}; a path argument that matches nothing fails with whatever the
 * {@link PathResolver} throws (the engine's resolver throws {@code States.Runtime}). Causes are bare
 * sentences; the engine may prefix them with the state's "An error occurred while executing the
 * state ..." header as it does for other runtime errors.
 *
 * <p>Parsed expressions are cached (bounded), so evaluating the same expression repeatedly is cheap.
 * The class is thread-safe.
 */
public final class IntrinsicFunctions {
  /** AWS allows at most this many nested intrinsic calls in one field. */
  public static final int MAX_NESTING = 10;

  private static final int CACHE_SIZE = 512;

  private static final Map<String, IntrinsicNode.Call> CACHE = Collections.synchronizedMap(
      new LinkedHashMap<>(64, 0.75f, true) {
        private static final long serialVersionUID = 1L;

        @Override
        protected boolean removeEldestEntry(Map.Entry<String, IntrinsicNode.Call> eldest) {
          return size() > CACHE_SIZE;
        }
      });

  private IntrinsicFunctions() {}

  /** True when a {@code .$} field's value is an intrinsic function call rather than a path. */
  public static boolean isIntrinsic(String value) {
    return value.startsWith("States.");
  }

  /**
   * Evaluates one intrinsic call (arguments may nest calls and use paths).
   *
   * @throws StatesError {@code States.IntrinsicFailure} etc., with AWS's messages
   */
  public static JsonNode evaluate(String expression, PathResolver paths) throws StatesError {
    IntrinsicNode.Call call;
    try {
      call = parsed(expression);
    } catch (IntrinsicSyntaxException e) {
      throw IntrinsicLibrary.failure("Invalid intrinsic function expression: " + e.getMessage());
    }
    return evaluate(call, paths);
  }

  /**
   * What is wrong with an intrinsic expression before anything runs: it does not parse, calls a
   * function that does not exist, or nests calls more than {@link #MAX_NESTING} deep. Empty when it is
   * fine. For the definition validator; argument types are only known at run time.
   */
  public static Optional<String> problem(String expression) {
    IntrinsicNode.Call call;
    try {
      call = parsed(expression);
    } catch (IntrinsicSyntaxException e) {
      return Optional.of(e.getMessage());
    }
    return problem(call, 1);
  }

  /**
   * The paths an intrinsic expression reads (its path arguments, nested calls included), for the
   * validator to check their syntax. Empty if the expression does not parse (see {@link #problem}).
   */
  public static java.util.List<String> pathArguments(String expression) {
    java.util.List<String> paths = new java.util.ArrayList<>();
    try {
      collectPaths(parsed(expression), paths);
    } catch (IntrinsicSyntaxException e) {
      return java.util.List.of();
    }
    return paths;
  }

  private static void collectPaths(IntrinsicNode.Call call, java.util.List<String> out) {
    for (IntrinsicNode arg : call.args()) {
      if (arg instanceof IntrinsicNode.Call inner) {
        collectPaths(inner, out);
      } else if (arg instanceof IntrinsicNode.PathRef ref) {
        out.add(ref.path());
      }
    }
  }

  private static Optional<String> problem(IntrinsicNode.Call call, int depth) {
    if (depth > MAX_NESTING) {
      return Optional.of("intrinsic functions are nested more than " + MAX_NESTING + " deep");
    }
    if (!IntrinsicLibrary.isKnown(call.name())) {
      return Optional.of("unknown intrinsic function " + call.name());
    }
    for (IntrinsicNode arg : call.args()) {
      if (arg instanceof IntrinsicNode.Call inner) {
        Optional<String> p = problem(inner, depth + 1);
        if (p.isPresent()) {
          return p;
        }
      }
    }
    return Optional.empty();
  }

  private static IntrinsicNode.Call parsed(String expression) {
    IntrinsicNode.Call call = CACHE.get(expression);
    if (call == null) {
      call = IntrinsicParser.parse(expression);
      CACHE.put(expression, call);
    }
    return call;
  }

  private static JsonNode evaluate(IntrinsicNode.Call call, PathResolver paths) {
    List<JsonNode> values = new ArrayList<>(call.args().size());
    for (IntrinsicNode arg : call.args()) {
      values.add(value(arg, paths));
    }
    String template = null;
    if (call.name().equals("States.Format") && !call.args().isEmpty()
        && call.args().get(0) instanceof IntrinsicNode.StringLiteral s) {
      template = s.raw();
    }
    return IntrinsicLibrary.apply(new IntrinsicLibrary.Args(call.name(), values, template));
  }

  private static JsonNode value(IntrinsicNode arg, PathResolver paths) {
    return switch (arg) {
      case IntrinsicNode.Call c -> evaluate(c, paths);
      case IntrinsicNode.Literal l -> l.value();
      case IntrinsicNode.StringLiteral s -> com.fasterxml.jackson.databind.node.TextNode.valueOf(s.value());
      case IntrinsicNode.PathRef p -> {
        JsonNode v = paths.resolve(p.path());
        if (v == null || v.isMissingNode()) {
          throw new StatesError("States.Runtime",
              "Invalid path '" + p.path() + "' : No results for path: " + p.path());
        }
        yield v;
      }
    };
  }
}
