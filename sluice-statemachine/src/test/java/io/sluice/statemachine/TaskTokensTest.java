package io.sluice.statemachine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sluice.statemachine.testing.VirtualClock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * The callback pattern through the public API: {@code .waitForTaskToken} tasks completed, failed or kept
 * alive by {@link Interpreter#sendTaskSuccess}, {@link Interpreter#sendTaskFailure} and {@link
 * Interpreter#sendTaskHeartbeat}; timeouts; heartbeats from an invoker through {@link
 * TaskInvocation#sendHeartbeat()}; refused tokens; history. Everything runs on a {@link VirtualClock}: the
 * test thread registers itself busy and sleeps on the clock to act at a given virtual time.
 */
class TaskTokensTest {
  static final ObjectMapper JSON = new ObjectMapper();
  static final String QUEUE = "arn:aws:states:::sqs:sendMessage.waitForTaskToken";

  static JsonNode json(String s) {
    try {
      return JSON.readTree(s);
    } catch (Exception e) {
      throw new IllegalArgumentException(e);
    }
  }

  /** An interpreter whose token tasks hand their token to {@link #tokens} and return {@code submitted}. */
  static final class Harness {
    final VirtualClock clock = new VirtualClock();
    final BlockingQueue<String> tokens = new LinkedBlockingQueue<>();
    final List<TaskInvocation> invocations = new java.util.concurrent.CopyOnWriteArrayList<>();
    final Interpreter interpreter;

    Harness() {
      this(inv -> json("null"));
    }

    Harness(TaskInvoker others) {
      interpreter = Interpreter.builder().clock(clock).taskInvoker(inv -> {
        invocations.add(inv);
        if (inv.taskToken().isPresent()) {
          tokens.add(inv.taskToken().get());
          return json("{\"MessageId\": \"m-1\"}");
        }
        return others.invoke(inv);
      }).build();
    }

    /** Starts an execution with the test thread taking part in virtual time (busy until {@link #await}). */
    Execution start(String definition, String input) {
      clock.busy();
      return interpreter.start(StateMachine.parse(definition), json(input), null);
    }

    String token() throws InterruptedException {
      String t = tokens.poll(10, TimeUnit.SECONDS);
      assertThat(t).as("a token task was invoked").isNotNull();
      return t;
    }

    /** Sleeps the test thread until {@code seconds} after the clock's start. */
    void at(double seconds) throws InterruptedException {
      clock.sleepUntil(VirtualClock.DEFAULT_START.plusMillis(Math.round(seconds * 1000)));
    }

    ExecutionResult await(Execution e) throws InterruptedException {
      clock.idle();
      return e.await();
    }

    List<String> types(ExecutionResult r) {
      return r.history().stream().map(HistoryEvent::type).toList();
    }

    HistoryEvent event(ExecutionResult r, String type) {
      return r.history().stream().filter(e -> e.type().equals(type)).findFirst().orElseThrow();
    }
  }

  static String tokenTask(String extra) {
    return """
        {"StartAt": "Approve", "States": {
          "Approve": {"Type": "Task", "Resource": "%s",
                      "Parameters": {"QueueUrl": "q", "MessageBody": {"token.$": "$$.Task.Token", "order.$": "$.order"}},
                      %s "End": true}}}""".formatted(QUEUE, extra);
  }

  @Test
  void sendTaskSuccessGivesTheTaskItsResult() throws Exception {
    Harness h = new Harness();
    Execution e = h.start(tokenTask("\"ResultPath\": \"$.approval\","), "{\"order\": 42}");
    String token = h.token();
    assertThat(h.invocations.get(0).input().at("/MessageBody/token").asText()).isEqualTo(token);
    h.at(7);
    assertThat(e.status()).isEqualTo(ExecutionStatus.RUNNING);
    h.interpreter.sendTaskSuccess(token, json("{\"approved\": true}"));
    ExecutionResult r = h.await(e);

    assertThat(r.status()).isEqualTo(ExecutionStatus.SUCCEEDED);
    assertThat(r.output()).isEqualTo(json("{\"order\": 42, \"approval\": {\"approved\": true}}"));
    assertThat(h.clock.elapsed()).isEqualTo(Duration.ofSeconds(7));
    assertThat(h.types(r)).containsExactly("ExecutionStarted", "TaskStateEntered", "TaskScheduled", "TaskStarted",
        "TaskSubmitted", "TaskSucceeded", "TaskStateExited", "ExecutionSucceeded");
    HistoryEvent submitted = h.event(r, "TaskSubmitted");
    assertThat(submitted.details().get("resourceType").asText()).isEqualTo("sqs");
    assertThat(submitted.details().get("resource").asText()).isEqualTo("sendMessage.waitForTaskToken");
    assertThat(submitted.details().get("output").asText()).isEqualTo("{\"MessageId\":\"m-1\"}");
    assertThat(submitted.timestamp()).isEqualTo(VirtualClock.DEFAULT_START);
    HistoryEvent succeeded = h.event(r, "TaskSucceeded");
    assertThat(succeeded.details().get("output").asText()).isEqualTo("{\"approved\":true}");
    assertThat(succeeded.timestamp()).isEqualTo(VirtualClock.DEFAULT_START.plusSeconds(7));
    assertThat(h.event(r, "TaskScheduled").details().get("parameters").asText()).contains(token);
  }

  @Test
  void sendTaskFailureFailsTheTaskAndCatchHandlesIt() throws Exception {
    Harness h = new Harness();
    Execution e = h.start("""
        {"StartAt": "Approve", "States": {
          "Approve": {"Type": "Task", "Resource": "%s", "Parameters": {"token.$": "$$.Task.Token"},
                      "Catch": [{"ErrorEquals": ["Approval.Rejected"], "ResultPath": "$.why", "Next": "Rejected"}],
                      "End": true},
          "Rejected": {"Type": "Pass", "End": true}}}""".formatted(QUEUE), "{\"order\": 42}");
    String token = h.token();
    h.at(3);
    h.interpreter.sendTaskFailure(token, "Approval.Rejected", "over budget");
    ExecutionResult r = h.await(e);

    assertThat(r.status()).isEqualTo(ExecutionStatus.SUCCEEDED);
    assertThat(r.output()).isEqualTo(json(
        "{\"order\": 42, \"why\": {\"Error\": \"Approval.Rejected\", \"Cause\": \"over budget\"}}"));
    HistoryEvent failed = h.event(r, "TaskFailed");
    assertThat(failed.details().get("error").asText()).isEqualTo("Approval.Rejected");
    assertThat(failed.details().get("cause").asText()).isEqualTo("over budget");
    assertThat(h.types(r)).containsSubsequence("TaskSubmitted", "TaskFailed", "TaskStateExited", "PassStateEntered");
  }

  @Test
  void aRetriedTokenTaskGetsANewTokenAndTheOldOneIsClosed() throws Exception {
    Harness h = new Harness();
    Execution e = h.start(tokenTask(
        "\"Retry\": [{\"ErrorEquals\": [\"Busy\"], \"IntervalSeconds\": 2, \"MaxAttempts\": 1}],"), "{\"order\": 1}");
    String first = h.token();
    h.interpreter.sendTaskFailure(first, "Busy", null);
    h.at(2.5); // after the retry interval of 2 s (a tie with the retry would have no fixed order)
    String second = h.token();
    assertThat(second).isNotEqualTo(first);
    assertThatThrownBy(() -> h.interpreter.sendTaskSuccess(first, json("1")))
        .isInstanceOfSatisfying(TaskTokenException.class, x -> assertThat(x.errorCode()).isEqualTo("TaskTimedOut"));
    h.interpreter.sendTaskSuccess(second, json("\"ok\""));
    ExecutionResult r = h.await(e);
    assertThat(r.output()).isEqualTo(json("\"ok\""));
    assertThat(h.clock.elapsed()).isEqualTo(Duration.ofMillis(2500));
  }

  @Test
  void timeoutSecondsEndsTheWaitWithStatesTimeout() throws Exception {
    Harness h = new Harness();
    Execution e = h.start(tokenTask("\"TimeoutSeconds\": 30,"), "{\"order\": 1}");
    String token = h.token();
    ExecutionResult r = h.await(e);

    assertThat(r.status()).isEqualTo(ExecutionStatus.FAILED);
    assertThat(r.error()).isEqualTo("States.Timeout");
    assertThat(h.clock.elapsed()).isEqualTo(Duration.ofSeconds(30));
    assertThat(h.types(r)).containsExactly("ExecutionStarted", "TaskStateEntered", "TaskScheduled", "TaskStarted",
        "TaskSubmitted", "TaskTimedOut", "ExecutionFailed");
    HistoryEvent timedOut = h.event(r, "TaskTimedOut");
    assertThat(timedOut.details().get("error").asText()).isEqualTo("States.Timeout");
    assertThat(timedOut.details().has("cause")).isFalse();
    assertThat(timedOut.timestamp()).isEqualTo(VirtualClock.DEFAULT_START.plusSeconds(30));
    assertThatThrownBy(() -> h.interpreter.sendTaskSuccess(token, json("1")))
        .isInstanceOfSatisfying(TaskTokenException.class,
            x -> assertThat(x.reason()).isEqualTo(TaskTokenException.Reason.TASK_TIMED_OUT));
    assertThatThrownBy(() -> h.interpreter.sendTaskHeartbeat(token)).isInstanceOf(TaskTokenException.class);
  }

  @Test
  void heartbeatsKeepTheTaskAliveUntilTheyStop() throws Exception {
    Harness h = new Harness();
    Execution e = h.start(tokenTask("\"HeartbeatSeconds\": 10, \"TimeoutSeconds\": 100,"), "{\"order\": 1}");
    String token = h.token();
    for (int t = 8; t <= 40; t += 8) {
      h.at(t);
      h.interpreter.sendTaskHeartbeat(token);
    }
    h.at(45);
    assertThat(e.status()).isEqualTo(ExecutionStatus.RUNNING);
    ExecutionResult r = h.await(e);

    // The last heartbeat came at 40 s: the task fails 10 s later.
    assertThat(r.error()).isEqualTo("States.Timeout");
    assertThat(h.clock.elapsed()).isEqualTo(Duration.ofSeconds(50));
    assertThat(h.event(r, "TaskScheduled").details().get("heartbeatInSeconds").asLong()).isEqualTo(10);
    assertThat(h.event(r, "TaskTimedOut").timestamp()).isEqualTo(VirtualClock.DEFAULT_START.plusSeconds(50));
    assertThat(r.history()).noneMatch(ev -> ev.type().contains("Heartbeat"));
  }

  @Test
  void heartbeatsThenSuccess() throws Exception {
    Harness h = new Harness();
    Execution e = h.start(tokenTask("\"HeartbeatSeconds\": 10,"), "{\"order\": 1}");
    String token = h.token();
    h.at(9);
    h.interpreter.sendTaskHeartbeat(token);
    h.at(18);
    h.interpreter.sendTaskSuccess(token, json("{\"done\": true}"));
    ExecutionResult r = h.await(e);
    assertThat(r.status()).isEqualTo(ExecutionStatus.SUCCEEDED);
    assertThat(r.output()).isEqualTo(json("{\"done\": true}"));
    assertThat(h.clock.elapsed()).isEqualTo(Duration.ofSeconds(18));
  }

  @Test
  void aMissedHeartbeatFailsWithStatesTimeoutAndIsCaughtAsStatesHeartbeatTimeout() throws Exception {
    Harness h = new Harness();
    Execution e = h.start("""
        {"StartAt": "Approve", "States": {
          "Approve": {"Type": "Task", "Resource": "%s", "HeartbeatSeconds": 5,
                      "Parameters": {"token.$": "$$.Task.Token"},
                      "Catch": [{"ErrorEquals": ["States.HeartbeatTimeout"], "Next": "Escalate"}], "End": true},
          "Escalate": {"Type": "Pass", "End": true}}}""".formatted(QUEUE), "{}");
    String token = h.token();
    ExecutionResult r = h.await(e);
    assertThat(r.status()).isEqualTo(ExecutionStatus.SUCCEEDED);
    assertThat(r.output()).isEqualTo(json("{\"Error\": \"States.Timeout\", \"Cause\": \"\"}"));
    assertThat(h.clock.elapsed()).isEqualTo(Duration.ofSeconds(5));
    assertThat(h.event(r, "TaskTimedOut").details().get("error").asText()).isEqualTo("States.Timeout");
    assertThatThrownBy(() -> h.interpreter.sendTaskHeartbeat(token))
        .isInstanceOfSatisfying(TaskTokenException.class, x -> assertThat(x.errorCode()).isEqualTo("TaskTimedOut"));
  }

  @Test
  void anInvokerKeepsAnOrdinaryTaskAliveThroughTheInvocationsHeartbeat() throws Exception {
    VirtualClock[] clock = new VirtualClock[1];
    Harness h = new Harness(inv -> {
      try {
        for (int i = 0; i < 6; i++) {
          clock[0].sleepUntil(clock[0].now().plusSeconds(4));
          inv.sendHeartbeat();
        }
      } catch (InterruptedException ex) {
        throw new IllegalStateException(ex);
      }
      return json("\"worked 24 s\"");
    });
    clock[0] = h.clock;
    Execution e = h.start("""
        {"StartAt": "Work", "States": {"Work": {"Type": "Task", "Resource": "arn:aws:states:::local:work",
          "HeartbeatSeconds": 5, "End": true}}}""", "{}");
    ExecutionResult r = h.await(e);
    assertThat(r.status()).as(r.error() + " " + r.cause()).isEqualTo(ExecutionStatus.SUCCEEDED);
    assertThat(r.output()).isEqualTo(json("\"worked 24 s\""));
    assertThat(h.clock.elapsed()).isEqualTo(Duration.ofSeconds(24));
    assertThat(h.invocations.get(0).taskToken()).isEmpty();
  }

  @Test
  void anOrdinaryTaskWithoutHeartbeatsFailsAfterHeartbeatSecondsAndItsInvokerIsInterrupted() throws Exception {
    VirtualClock[] clock = new VirtualClock[1];
    AtomicInteger interrupted = new AtomicInteger();
    Harness h = new Harness(inv -> {
      try {
        clock[0].sleepUntil(clock[0].now().plusSeconds(60));
      } catch (InterruptedException ex) {
        interrupted.incrementAndGet();
        throw new IllegalStateException(ex);
      }
      return json("1");
    });
    clock[0] = h.clock;
    Execution e = h.start("""
        {"StartAt": "Work", "States": {"Work": {"Type": "Task", "Resource": "arn:aws:states:::local:work",
          "HeartbeatSeconds": 5, "TimeoutSeconds": 30, "End": true}}}""", "{}");
    ExecutionResult r = h.await(e);
    assertThat(r.error()).isEqualTo("States.Timeout");
    assertThat(h.clock.elapsed()).isEqualTo(Duration.ofSeconds(5));
    assertThat(interrupted.get()).isEqualTo(1);
    assertThat(h.types(r)).containsExactly("ExecutionStarted", "TaskStateEntered", "TaskScheduled", "TaskStarted",
        "TaskTimedOut", "ExecutionFailed");
    // The hook of an ended task does nothing.
    h.invocations.get(0).sendHeartbeat();
  }

  @Test
  void refusedTokensCarryAwsErrorCodes() throws Exception {
    Harness h = new Harness();
    assertThatThrownBy(() -> h.interpreter.sendTaskSuccess("not a token", json("1")))
        .isInstanceOfSatisfying(TaskTokenException.class, x -> assertThat(x.errorCode()).isEqualTo("InvalidToken"));
    assertThatThrownBy(() -> h.interpreter.sendTaskHeartbeat(null))
        .isInstanceOfSatisfying(TaskTokenException.class, x -> assertThat(x.errorCode()).isEqualTo("InvalidToken"));

    Harness other = new Harness();
    Execution e = other.start(tokenTask(""), "{\"order\": 1}");
    String foreign = other.token();
    assertThatThrownBy(() -> h.interpreter.sendTaskFailure(foreign, "E", "C"))
        .isInstanceOfSatisfying(TaskTokenException.class,
            x -> assertThat(x.reason()).isEqualTo(TaskTokenException.Reason.TASK_DOES_NOT_EXIST));
    other.interpreter.sendTaskSuccess(foreign, json("1"));
    assertThat(other.await(e).succeeded()).isTrue();
    assertThatThrownBy(() -> other.interpreter.sendTaskSuccess(foreign, json("2")))
        .isInstanceOfSatisfying(TaskTokenException.class, x -> assertThat(x.errorCode()).isEqualTo("TaskTimedOut"));
  }

  @Test
  void abortingAnExecutionClosesItsTokens() throws Exception {
    Harness h = new Harness();
    Execution e = h.start(tokenTask(""), "{\"order\": 1}");
    String token = h.token();
    e.abort("Stop", "no longer needed");
    ExecutionResult r = h.await(e);
    assertThat(r.status()).isEqualTo(ExecutionStatus.ABORTED);
    assertThatThrownBy(() -> h.interpreter.sendTaskSuccess(token, json("1")))
        .isInstanceOfSatisfying(TaskTokenException.class, x -> assertThat(x.errorCode()).isEqualTo("TaskTimedOut"));
  }

  @Test
  void theInvokerMayAnswerItsOwnTokenBeforeReturning() {
    VirtualClock clock = new VirtualClock();
    Interpreter[] self = new Interpreter[1];
    self[0] = Interpreter.builder().clock(clock).taskInvoker(inv -> {
      self[0].sendTaskSuccess(inv.taskToken().orElseThrow(), json("\"answered\""));
      return json("\"submitted\"");
    }).build();
    ExecutionResult r = self[0].run(StateMachine.parse(tokenTask("")), json("{\"order\": 1}"));
    assertThat(r.output()).isEqualTo(json("\"answered\""));
    assertThat(r.history().stream().map(HistoryEvent::type).toList())
        .containsSubsequence("TaskStarted", "TaskSubmitted", "TaskSucceeded");
  }

  @Test
  void manyTasksWaitAndAreAnsweredConcurrently() throws Exception {
    Harness h = new Harness();
    int n = 40;
    StringBuilder items = new StringBuilder("[");
    for (int i = 0; i < n; i++) {
      items.append(i == 0 ? "" : ",").append("{\"order\": ").append(i).append('}');
    }
    Execution e = h.start("""
        {"StartAt": "Each", "States": {"Each": {"Type": "Map", "End": true,
          "ItemProcessor": {"StartAt": "Approve", "States": {
            "Approve": {"Type": "Task", "Resource": "%s", "HeartbeatSeconds": 60,
                        "Parameters": {"token.$": "$$.Task.Token", "order.$": "$.order"}, "End": true}}}}}}"""
        .formatted(QUEUE), items.append(']').toString());
    List<String> tokens = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      tokens.add(h.token());
    }
    ExecutorService pool = Executors.newFixedThreadPool(8);
    try {
      List<Future<?>> sent = new ArrayList<>();
      for (String token : tokens) {
        sent.add(pool.submit(() -> {
          int order = h.invocations.stream().filter(inv -> inv.taskToken().orElse("").equals(token))
              .findFirst().orElseThrow().input().get("order").asInt();
          h.interpreter.sendTaskHeartbeat(token);
          h.interpreter.sendTaskSuccess(token, json("{\"approved\": " + order + "}"));
        }));
      }
      for (Future<?> f : sent) {
        f.get(10, TimeUnit.SECONDS);
      }
    } finally {
      pool.shutdown();
    }
    ExecutionResult r = h.await(e);
    assertThat(r.status()).isEqualTo(ExecutionStatus.SUCCEEDED);
    for (int i = 0; i < n; i++) {
      assertThat(r.output().get(i).get("approved").asInt()).isEqualTo(i);
    }
    assertThat(h.clock.elapsed()).isEqualTo(Duration.ZERO);
  }
}
