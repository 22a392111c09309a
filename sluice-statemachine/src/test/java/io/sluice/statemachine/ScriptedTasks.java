package io.sluice.statemachine;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A TaskInvoker scripted from a conformance case's {@code tasks} block: resource name to behaviour.
 *
 * <ul>
 *   <li>{@code {"output": X}}: returns X; {@code {"echo": true}}: returns the task input
 *   <li>{@code {"error": E, "cause": C}}: fails with StatesError E/C; {@code {"exception": M}}: throws a
 *       RuntimeException (so the task fails as States.TaskFailed)
 *   <li>{@code {"sleepSeconds": n, ...}}: first sleeps n seconds on the clock, then does the rest; with
 *       {@code "heartbeatEvery": h} it sends a heartbeat through {@link TaskInvocation#sendHeartbeat()}
 *       every h seconds while it sleeps
 *   <li>{@code {"failTimes": n, "failError": E, "failCause": C, "then": B}}: the first n calls fail (by
 *       default with {@code Task.Failure}), later ones behave as B
 *   <li>{@code {"sequence": [B1, B2, ...]}}: call i behaves as Bi (the last one repeats)
 *   <li>{@code {"callback": {...}, ...}}: for {@code .waitForTaskToken} resources, answers the task token
 *       through the interpreter's API, then does the rest (whose return value is the TaskSubmitted output):
 *       {@code "after": n} seconds later (0, the default: before the invoker returns) it sends {@code
 *       "success": X} (SendTaskSuccess), {@code "echo": true} (SendTaskSuccess with the task input) or {@code
 *       "failure": {"error": E, "cause": C}} (SendTaskFailure), or nothing if none is given; with {@code
 *       "heartbeatEvery": h} it sends SendTaskHeartbeat every h seconds until then (with neither an
 *       answer nor {@code "after"}: until a heartbeat is refused). Callbacks the interpreter refuses are kept in {@link
 *       #refusals()} by error code.
 * </ul>
 */
final class ScriptedTasks implements TaskInvoker {
  private final JsonNode script;
  private final ExecutionClock clock;
  private final Map<String, AtomicInteger> calls = new HashMap<>();
  private final List<String> refusals = new CopyOnWriteArrayList<>();
  private final List<Thread> callbackThreads = new CopyOnWriteArrayList<>();
  private volatile Interpreter interpreter;

  ScriptedTasks(JsonNode script, ExecutionClock clock) {
    this.script = script;
    this.clock = clock;
  }

  /** The interpreter that callbacks go to. */
  void bind(Interpreter interpreter) {
    this.interpreter = interpreter;
  }

  /** Error codes of callbacks the interpreter refused, in order. */
  List<String> refusals() {
    return refusals;
  }

  /** Waits (up to 10 s each) for the threads sending delayed callbacks to end. */
  void awaitCallbacks() throws InterruptedException {
    for (Thread t : callbackThreads) {
      t.join(Duration.ofSeconds(10));
    }
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
    if (b.has("callback")) {
      callback(b.get("callback"), invocation);
    }
    if (b.has("sleepSeconds")) {
      try {
        Instant end = clock.now().plusMillis(millis(b.get("sleepSeconds")));
        long every = millis(b.path("heartbeatEvery"));
        while (every > 0 && clock.now().plusMillis(every).isBefore(end)) {
          clock.sleepUntil(clock.now().plusMillis(every));
          invocation.sendHeartbeat();
        }
        clock.sleepUntil(end);
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

  private static long millis(JsonNode seconds) {
    return Math.round(seconds.asDouble(0) * 1000);
  }

  private void callback(JsonNode cb, TaskInvocation invocation) {
    String token = invocation.taskToken()
        .orElseThrow(() -> new StatesError("States.Runtime", "A callback is scripted for a task without a token"));
    long after = millis(cb.path("after"));
    long every = millis(cb.path("heartbeatEvery"));
    boolean answers = cb.has("success") || cb.has("echo") || cb.has("failure");
    boolean bounded = answers || cb.has("after");
    Runnable answer = () -> {
      if (cb.has("failure")) {
        JsonNode f = cb.get("failure");
        interpreter.sendTaskFailure(token, f.path("error").asText(null), f.path("cause").asText(null));
      } else if (cb.path("echo").asBoolean(false)) {
        interpreter.sendTaskSuccess(token, invocation.input());
      } else if (cb.has("success")) {
        interpreter.sendTaskSuccess(token, cb.get("success"));
      }
    };
    if (after == 0 && every == 0) {
      refusing(answer);
      return;
    }
    clock.busy();
    Thread t = Thread.ofVirtual().name("scripted-callback").unstarted(() -> {
      try {
        Instant end = clock.now().plusMillis(after);
        while (every > 0 && (!bounded || clock.now().plusMillis(every).isBefore(end))) {
          clock.sleepUntil(clock.now().plusMillis(every));
          if (!refusing(() -> interpreter.sendTaskHeartbeat(token))) {
            return;
          }
        }
        if (answers) {
          clock.sleepUntil(end);
          refusing(answer);
        }
      } catch (InterruptedException e) {
        // the test is over
      } finally {
        clock.idle();
      }
    });
    callbackThreads.add(t);
    t.start();
  }

  /** Runs a callback; false (and the error code kept) if the interpreter refuses it. */
  private boolean refusing(Runnable callback) {
    try {
      callback.run();
      return true;
    } catch (TaskTokenException e) {
      refusals.add(e.errorCode());
      return false;
    }
  }
}
