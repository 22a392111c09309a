package io.sluice.statemachine.internal.exec;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sluice.statemachine.StatesError;
import io.sluice.statemachine.internal.model.Catcher;
import io.sluice.statemachine.internal.model.Retrier;
import io.sluice.statemachine.internal.path.ResultPaths;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Retry and Catch for Task, Parallel and Map states, as the ASL specification and AWS define them.
 *
 * <ul>
 *   <li>The first retrier whose {@code ErrorEquals} matches applies; once its {@code MaxAttempts} are
 *       used up the error goes to the catchers (later retriers are not tried).
 *   <li>The n-th retry (0-based) of a retrier waits {@code IntervalSeconds * BackoffRate^n} seconds,
 *       capped by {@code MaxDelaySeconds}; with {@code JitterStrategy: FULL} a random part of it.
 *   <li>{@code States.ALL} matches every error except {@code States.Runtime} and {@code
 *       States.DataLimitExceeded}; {@code States.TaskFailed} matches every error except those and {@code
 *       States.Timeout}/{@code States.HeartbeatTimeout}. {@code States.Runtime} is never retried or caught.
 *   <li>A missed heartbeat fails with {@code States.Timeout}, as AWS records it, and is matched by {@code
 *       States.Timeout} and by {@code States.HeartbeatTimeout}.
 * </ul>
 */
final class ErrorHandling {
  private ErrorHandling() {}

  /** One attempt of the state's work; throws a StatesError when it fails. */
  @FunctionalInterface
  interface Attempt {
    Step run();
  }

  static Step run(StateRun s, List<Retrier> retriers, List<Catcher> catchers, Attempt attempt) {
    return run(s, retriers, catchers, attempt, e -> {});
  }

  /**
   * As {@link #run(StateRun, List, List, Attempt)}; {@code onFinalFailure} is told of an error that will
   * not be retried, before a catcher handles it or it propagates (Parallel and Map states record their
   * {@code ...StateFailed} event there).
   */
  static Step run(StateRun s, List<Retrier> retriers, List<Catcher> catchers, Attempt attempt,
      java.util.function.Consumer<StatesError> onFinalFailure) {
    int[] counts = new int[retriers.size()];
    while (true) {
      try {
        return attempt.run();
      } catch (StatesError e) {
        if ("States.Runtime".equals(e.error())) {
          onFinalFailure.accept(e);
          throw e;
        }
        int index = -1;
        for (int i = 0; i < retriers.size(); i++) {
          if (matches(retriers.get(i).errorEquals(), e)) {
            index = i;
            break;
          }
        }
        if (index >= 0 && counts[index] < retriers.get(index).maxAttempts()) {
          Retrier r = retriers.get(index);
          double delay = r.intervalSeconds() * Math.pow(r.backoffRate(), counts[index]);
          if (r.maxDelaySeconds() != null) {
            delay = Math.min(delay, r.maxDelaySeconds());
          }
          if (r.fullJitter()) {
            delay = ThreadLocalRandom.current().nextDouble() * delay;
          }
          counts[index]++;
          s.retryCount++;
          Instant now = s.run().settings.clock().now();
          s.run().sleepUntil(now.plusMillis(Math.round(delay * 1000)), s.frame.cancel());
          continue;
        }
        onFinalFailure.accept(e);
        for (Catcher c : catchers) {
          if (matches(c.errorEquals(), e)) {
            return caught(s, c, e);
          }
        }
        throw e;
      }
    }
  }

  /** As {@link #matches(List, String)}; a heartbeat timeout also matches {@code States.HeartbeatTimeout}. */
  static boolean matches(List<String> errorEquals, StatesError e) {
    if (e instanceof HeartbeatTimedOut && errorEquals.contains(HeartbeatTimedOut.NAME)) {
      return true;
    }
    return matches(errorEquals, e.error());
  }

  static boolean matches(List<String> errorEquals, String error) {
    for (String name : errorEquals) {
      if (name.equals(error)) {
        return true;
      }
      boolean terminal = "States.Runtime".equals(error) || "States.DataLimitExceeded".equals(error);
      if ("States.ALL".equals(name) && !terminal) {
        return true;
      }
      if ("States.TaskFailed".equals(name) && !terminal && !"States.Timeout".equals(error)
          && !"States.HeartbeatTimeout".equals(error)) {
        return true;
      }
    }
    return false;
  }

  /** The error output a catcher sees: {@code {"Error": ..., "Cause": ...}}. */
  static ObjectNode errorOutput(StatesError e) {
    ObjectNode out = StateRun.JSON.objectNode();
    out.put("Error", e.error() == null ? "" : e.error());
    out.put("Cause", e.cause() == null ? "" : e.cause());
    return out;
  }

  private static Step caught(StateRun s, Catcher c, StatesError e) {
    ObjectNode errorOutput = errorOutput(e);
    if (s.def.jsonata()) {
      JsonNode states = s.states(null, errorOutput);
      Map<String, JsonNode> assigned = s.assign(c.assign(), null, states);
      JsonNode out = c.output() == null ? errorOutput : s.jsonata("Output", c.output(), states);
      return new Step(out, c.next(), assigned);
    }
    Map<String, JsonNode> assigned = s.assign(c.assign(), errorOutput, null);
    JsonNode out;
    try {
      out = ResultPaths.apply(s.rawInput, c.resultPath(), errorOutput);
    } catch (ResultPaths.MatchFailure f) {
      throw new StatesError("States.ResultPathMatchFailure", f.getMessage());
    }
    return new Step(out, c.next(), assigned);
  }
}
