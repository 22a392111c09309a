package io.sluice.statemachine.internal.exec;

import com.fasterxml.jackson.databind.JsonNode;
import io.sluice.statemachine.StatesError;
import io.sluice.statemachine.internal.PathResolver;
import io.sluice.statemachine.internal.intrinsics.IntrinsicFunctions;
import io.sluice.statemachine.internal.model.StateDef;
import io.sluice.statemachine.internal.path.ResultPaths;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Map;

/** The states that do no outside work: Pass, Choice, Wait, Succeed and Fail. */
final class FlowStates {
  private FlowStates() {}

  static String next(StateDef def) {
    return def.common().end() ? null : def.common().next();
  }

  /** Applies a ResultPath to the state's raw input, failing as AWS does when there is no place for it. */
  static JsonNode applyResultPath(StateRun s, String resultPath, JsonNode result) {
    try {
      return ResultPaths.apply(s.rawInput, resultPath, result);
    } catch (ResultPaths.MatchFailure e) {
      throw new StatesError("States.ResultPathMatchFailure", e.getMessage());
    } catch (IllegalArgumentException e) {
      throw s.runtime(e.getMessage());
    }
  }

  static Step pass(StateDef.PassState p, StateRun s) {
    int limit = s.run().settings.payloadLimit();
    if (p.jsonata()) {
      JsonNode states = s.states(null, null);
      Map<String, JsonNode> assigned = s.assign(p.common().assign(), null, states);
      JsonNode out = p.common().output() == null ? s.rawInput : s.jsonata("Output", p.common().output(), states);
      return new Step(out, next(p), assigned);
    }
    JsonNode effective = s.selectPath(s.rawInput, p.common().inputPath());
    JsonNode result = p.result() != null ? p.result()
        : p.parameters() != null ? s.template(p.parameters(), effective) : effective;
    Payloads.check(result, limit, p.name());
    Map<String, JsonNode> assigned = s.assign(p.common().assign(), result, null);
    JsonNode out = applyResultPath(s, p.resultPath(), result);
    return new Step(s.selectPath(out, p.common().outputPath()), next(p), assigned);
  }

  static Step choice(StateDef.ChoiceState c, StateRun s) {
    if (c.jsonata()) {
      JsonNode states = s.states(null, null);
      for (StateDef.ChoiceBranch b : c.choices()) {
        if (s.condition(b.condition(), states)) {
          Map<String, JsonNode> assigned = s.assign(b.assign(), null, states);
          JsonNode out = b.output() == null ? s.rawInput : s.jsonata("Output", b.output(), states);
          return new Step(out, b.next(), assigned);
        }
      }
      String next = defaultOrFail(c, s);
      Map<String, JsonNode> assigned = s.assign(c.common().assign(), null, states);
      JsonNode out = c.common().output() == null ? s.rawInput : s.jsonata("Output", c.common().output(), states);
      return new Step(out, next, assigned);
    }
    JsonNode effective = s.selectPath(s.rawInput, c.common().inputPath());
    PathResolver paths = s.resolver(effective, (path, message) -> s.runtime("Invalid path '" + path
        + "': The choice state's condition path references an invalid value."));
    for (StateDef.ChoiceBranch b : c.choices()) {
      boolean matched;
      try {
        matched = b.rule().matches(paths);
      } catch (StatesError e) {
        throw s.located(e);
      }
      if (matched) {
        Map<String, JsonNode> assigned = s.assign(b.assign(), effective, null);
        return new Step(s.selectPath(effective, c.common().outputPath()), b.next(), assigned);
      }
    }
    String next = defaultOrFail(c, s);
    Map<String, JsonNode> assigned = s.assign(c.common().assign(), effective, null);
    return new Step(s.selectPath(effective, c.common().outputPath()), next, assigned);
  }

  private static String defaultOrFail(StateDef.ChoiceState c, StateRun s) {
    if (c.defaultNext() == null) {
      throw new StatesError("States.NoChoiceMatched", s.prefix()
          + "No choice rule matched the input and the Choice state has no Default.");
    }
    return c.defaultNext();
  }

  static Step waitState(StateDef.WaitState w, StateRun s) {
    ExecutionRun run = s.run();
    Instant now = run.settings.clock().now();
    Instant until;
    JsonNode effective;
    JsonNode states = null;
    if (w.jsonata()) {
      effective = s.rawInput;
      states = s.states(null, null);
      if (w.seconds() != null) {
        JsonNode v = s.jsonata("Seconds", w.seconds(), states);
        if (v == null || !v.isIntegralNumber() || v.asLong() < 0) {
          throw s.queryError("The Seconds field must be a non-negative integer but was: " + v);
        }
        until = now.plusSeconds(v.asLong());
      } else {
        JsonNode v = s.jsonata("Timestamp", w.timestamp(), states);
        Instant t = v != null && v.isTextual() ? parseTimestamp(v.asText()) : null;
        if (t == null) {
          throw s.queryError("The Timestamp field cannot be parsed as an ISO-8601 extended offset date-time "
              + "format string: " + (v != null && v.isTextual() ? v.asText() : v));
        }
        until = t;
      }
    } else {
      effective = s.selectPath(s.rawInput, w.common().inputPath());
      if (w.seconds() != null) {
        until = now.plusSeconds(w.seconds().asLong());
      } else if (w.secondsPath() != null) {
        JsonNode v = s.selectPath(effective, w.secondsPath());
        if (!v.isIntegralNumber() && !(v.isNumber() && v.asDouble() == Math.rint(v.asDouble()))) {
          throw s.runtime("The SecondsPath parameter cannot be parsed as a long value: " + w.secondsPath()
              + " == " + Payloads.compact(v));
        }
        if (v.asLong() < 0) {
          throw s.runtime("The SecondsPath parameter references a negative value: " + w.secondsPath()
              + " == " + Payloads.compact(v));
        }
        until = now.plusSeconds(v.asLong());
      } else if (w.timestamp() != null) {
        until = parseTimestamp(w.timestamp().asText());
        if (until == null) {
          throw s.runtime("The Timestamp field cannot be parsed as an ISO-8601 extended offset date-time "
              + "format string: " + w.timestamp().asText());
        }
      } else {
        JsonNode v = s.selectPath(effective, w.timestampPath());
        Instant t = v.isTextual() ? parseTimestamp(v.asText()) : null;
        if (t == null) {
          throw s.runtime("The TimestampPath parameter does not reference a valid ISO-8601 extended offset "
              + "date-time format string: " + w.timestampPath() + " == "
              + (v.isTextual() ? v.asText() : Payloads.compact(v)));
        }
        until = t;
      }
    }
    run.sleepUntil(until, s.frame.cancel());
    Map<String, JsonNode> assigned = s.assign(w.common().assign(), effective, states);
    JsonNode out = w.jsonata()
        ? (w.common().output() == null ? s.rawInput : s.jsonata("Output", w.common().output(), states))
        : s.selectPath(effective, w.common().outputPath());
    return new Step(out, next(w), assigned);
  }

  /** Parses an ISO-8601 extended offset date-time (with Z or an offset); null if it is not one. */
  static Instant parseTimestamp(String text) {
    try {
      return OffsetDateTime.parse(text, DateTimeFormatter.ISO_OFFSET_DATE_TIME).toInstant();
    } catch (DateTimeParseException e) {
      return null;
    }
  }

  static Step succeed(StateDef.SucceedState x, StateRun s) {
    if (x.jsonata()) {
      JsonNode out = x.common().output() == null ? s.rawInput
          : s.jsonata("Output", x.common().output(), s.states(null, null));
      return new Step(out, null, null);
    }
    JsonNode effective = s.selectPath(s.rawInput, x.common().inputPath());
    return new Step(s.selectPath(effective, x.common().outputPath()), null, null);
  }

  /** The error a Fail state raises. */
  static StatesError fail(StateDef.FailState f, StateRun s) {
    String error;
    String cause;
    if (f.jsonata()) {
      JsonNode states = s.states(null, null);
      error = text(s, "Error", f.error() == null ? null : s.jsonata("Error", f.error(), states));
      cause = text(s, "Cause", f.cause() == null ? null : s.jsonata("Cause", f.cause(), states));
    } else {
      error = f.errorPath() != null ? text(s, "ErrorPath", dynamic(s, f.errorPath()))
          : f.error() == null ? null : f.error().asText();
      cause = f.causePath() != null ? text(s, "CausePath", dynamic(s, f.causePath()))
          : f.cause() == null ? null : f.cause().asText();
    }
    return new StatesError(error, cause);
  }

  private static JsonNode dynamic(StateRun s, String expression) {
    if (IntrinsicFunctions.isIntrinsic(expression)) {
      try {
        return IntrinsicFunctions.evaluate(expression, s.resolver(s.rawInput,
            (path, message) -> s.runtime("Invalid path '" + path + "' : " + message)));
      } catch (StatesError e) {
        throw s.located(e);
      }
    }
    return s.selectPath(s.rawInput, expression);
  }

  private static String text(StateRun s, String field, JsonNode v) {
    if (v == null || v.isNull()) {
      return null;
    }
    if (!v.isTextual()) {
      throw s.runtime("The " + field + " field must resolve to a string but was: " + Payloads.compact(v));
    }
    return v.asText();
  }
}
