package io.sluice.statemachine.internal.intrinsics;

import com.fasterxml.jackson.databind.JsonNode;
import io.sluice.statemachine.StatesError;
import io.sluice.statemachine.internal.PathResolver;

/** Evaluates ASL intrinsic functions such as {@code States.Format('{} items', $.count)}. */
public final class IntrinsicFunctions {
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
    throw new UnsupportedOperationException("TODO: expressions helper implements this");
  }
}
