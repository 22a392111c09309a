package io.sluice.statemachine;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A TaskInvoker scripted from a conformance case's {@code tasks} block: resource name to behaviour.
 *
 * <ul>
 *   <li>{@code {"output": X}}: returns X; {@code {"echo": true}}: returns the task input
 *   <li>{@code {"error": E, "cause": C}}: fails with StatesError E/C; {@code {"exception": M}}: throws a
 *       RuntimeException (so the task fails as States.TaskFailed)
 *   <li>{@code {"sleepSeconds": n, ...}}: first sleeps n seconds on the clock, then does the rest
 *   <li>{@code {"failTimes": n, "failError": E, "failCause": C, "then": B}}: the first n calls fail (by
 *       default with {@code Task.Failure}), later ones behave as B
 *   <li>{@code {"sequence": [B1, B2, ...]}}: call i behaves as Bi (the last one repeats)
 * </ul>
 */
final class ScriptedTasks implements TaskInvoker {
  private final JsonNode script;
  private final Clock clock;
  private final Map<String, AtomicInteger> calls = new HashMap<>();

  ScriptedTasks(JsonNode script, Clock clock) {
    this.script = script;
    this.clock = clock;
  }

  int calls(String resource) {
    synchronized (calls) {
      AtomicInteger n = calls.get(resource);
      return n == null ? 0 : n.get();
    }
  }

  @Override
  public JsonNode invoke(TaskInvocation invocation) {
    JsonNode behaviour = script == null ? null : script.get(invocation.resource());
    if (behaviour == null) {
      throw new StatesError("States.Runtime", "No scripted behaviour for resource " + invocation.resource());
    }
    int call;
    synchronized (calls) {
      call = calls.computeIfAbsent(invocation.resource(), k -> new AtomicInteger()).getAndIncrement();
    }
    return behave(behaviour, call, invocation);
  }

  private JsonNode behave(JsonNode b, int call, TaskInvocation invocation) {
    if (b.has("sequence")) {
      JsonNode seq = b.get("sequence");
      return behave(seq.get(Math.min(call, seq.size() - 1)), 0, invocation);
    }
    if (b.has("sleepSeconds")) {
      try {
        clock.sleepUntil(clock.now().plusMillis(Math.round(b.get("sleepSeconds").asDouble() * 1000)));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted");
      }
    }
    if (b.has("failTimes")) {
      if (call < b.get("failTimes").asInt()) {
        throw new StatesError(b.path("failError").asText("Task.Failure"), b.path("failCause").asText("scripted failure"));
      }
      return behave(b.get("then"), call, invocation);
    }
    if (b.has("error")) {
      throw new StatesError(b.get("error").asText(), b.has("cause") ? b.get("cause").asText() : null);
    }
    if (b.has("exception")) {
      throw new IllegalStateException(b.get("exception").asText());
    }
    if (b.path("echo").asBoolean(false)) {
      return invocation.input();
    }
    return b.get("output");
  }
}
