package io.sluice.statemachine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sluice.statemachine.testing.VirtualClock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The public API: parsing, starting, awaiting, aborting, history details and task invocations. */
class InterpreterTest {
  static final ObjectMapper JSON = new ObjectMapper();

  static JsonNode json(String s) {
    try {
      return JSON.readTree(s);
    } catch (Exception e) {
      throw new IllegalArgumentException(e);
    }
  }

  @Test
  void parseRejectsJsonThatIsNotJson() {
    assertThatThrownBy(() -> StateMachine.parse("{not json"))
        .isInstanceOfSatisfying(InvalidDefinitionException.class, e -> assertThat(e.problems()).hasSize(1));
  }

  @Test
  void parseListsEveryStructuralProblem() {
    assertThatThrownBy(() -> StateMachine.parse("""
        {"StartAt": "Nowhere", "States": {
          "A": {"Type": "Pass", "Next": "Missing"},
          "B": {"Type": "Bogus"},
          "C": {"Type": "Task", "Resource": "r", "End": true, "Catch": [{"ErrorEquals": ["States.ALL"], "Next": "Gone"}]}}}"""))
        .isInstanceOfSatisfying(InvalidDefinitionException.class, e -> assertThat(e.problems())
            .extracting(DefinitionProblem::path)
            .contains("$.StartAt", "$.States.A.Next", "$.States.B.Type", "$.States.C.Catch[0].Next"));
  }

  @Test
  void parseChecksNestedGraphs() {
    assertThatThrownBy(() -> StateMachine.parse("""
        {"StartAt": "P", "States": {"P": {"Type": "Parallel", "End": true, "Branches": [
          {"StartAt": "X", "States": {"Y": {"Type": "Pass", "End": true}}}]}}}"""))
        .isInstanceOfSatisfying(InvalidDefinitionException.class, e -> assertThat(e.problems())
            .extracting(DefinitionProblem::path).contains("$.States.P.Branches[0].StartAt"));
  }

  @Test
  void theDefinitionIsKeptAsGiven() {
    StateMachine sm = StateMachine.parse("{\"StartAt\":\"A\",\"States\":{\"A\":{\"Type\":\"Succeed\"}}}");
    assertThat(sm.definition().path("StartAt").asText()).isEqualTo("A");
    assertThat(sm.name()).isEqualTo("StateMachine");
    assertThat(sm.withName("Orders").name()).isEqualTo("Orders");
  }

  @Test
  void arnsUseTheStateMachineNameAndExecutionName() throws Exception {
    StateMachine sm = StateMachine.parse("""
        {"StartAt": "A", "States": {"A": {"Type": "Pass", "Parameters": {"id.$": "$$.Execution.Id", "name.$": "$$.Execution.Name", "sm.$": "$$.StateMachine.Id"}, "End": true}}}""")
        .withName("Orders");
    Interpreter interpreter = Interpreter.builder().clock(new VirtualClock()).region("eu-west-1").account("111122223333").build();
    Execution e = interpreter.start(sm, json("{}"), "run-1");
    ExecutionResult r = e.await();
    assertThat(e.executionArn()).isEqualTo("arn:aws:states:eu-west-1:111122223333:execution:Orders:run-1");
    assertThat(r.output()).isEqualTo(json("""
        {"id": "arn:aws:states:eu-west-1:111122223333:execution:Orders:run-1", "name": "run-1",
         "sm": "arn:aws:states:eu-west-1:111122223333:stateMachine:Orders"}"""));
    assertThat(e.status()).isEqualTo(ExecutionStatus.SUCCEEDED);
  }

  @Test
  void historyEventsCarryAwsDetails() {
    StateMachine sm = StateMachine.parse("""
        {"StartAt": "A", "States": {
          "A": {"Type": "Pass", "Result": {"r": 1}, "Assign": {"v": 1, "w.$": "$.r"}, "Next": "T"},
          "T": {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke", "End": true}}}""");
    ExecutionResult r = Interpreter.builder().clock(new VirtualClock()).taskInvoker(inv -> json("\"done\""))
        .build().run(sm, json("{\"in\": true}"));
    List<HistoryEvent> h = r.history();
    assertThat(h.get(0).type()).isEqualTo("ExecutionStarted");
    assertThat(h.get(0).details().get("input").asText()).isEqualTo("{\"in\":true}");
    assertThat(h.get(1).previousEventId()).isZero();
    assertThat(h.get(1).details().get("name").asText()).isEqualTo("A");
    assertThat(h.get(2).type()).isEqualTo("PassStateExited");
    assertThat(h.get(2).details().get("output").asText()).isEqualTo("{\"r\":1}");
    assertThat(h.get(2).details().get("assignedVariables")).isEqualTo(json("{\"v\":\"1\",\"w\":\"1\"}"));
    HistoryEvent scheduled = h.get(4);
    assertThat(scheduled.type()).isEqualTo("TaskScheduled");
    assertThat(scheduled.details().get("resourceType").asText()).isEqualTo("lambda");
    assertThat(scheduled.details().get("resource").asText()).isEqualTo("invoke");
    assertThat(scheduled.details().get("parameters").asText()).isEqualTo("{\"r\":1}");
    assertThat(h.get(h.size() - 1).details().get("output").asText()).isEqualTo("\"done\"");
    for (int i = 2; i < h.size(); i++) {
      assertThat(h.get(i).previousEventId()).isEqualTo(i);
    }
  }

  @Test
  void parallelBranchesChainTheirOwnEvents() {
    StateMachine sm = StateMachine.parse("""
        {"StartAt": "P", "States": {"P": {"Type": "Parallel", "End": true, "Branches": [
          {"StartAt": "A1", "States": {"A1": {"Type": "Pass", "Next": "A2"}, "A2": {"Type": "Pass", "End": true}}},
          {"StartAt": "B1", "States": {"B1": {"Type": "Pass", "Next": "B2"}, "B2": {"Type": "Pass", "End": true}}}]}}}""");
    List<HistoryEvent> h = Interpreter.builder().clock(new VirtualClock()).build().run(sm, json("{}")).history();
    long started = h.stream().filter(e -> e.type().equals("ParallelStateStarted")).findFirst().orElseThrow().id();
    for (String first : List.of("A1", "B1")) {
      HistoryEvent entered = h.stream().filter(e -> e.type().equals("PassStateEntered")
          && e.details().get("name").asText().equals(first)).findFirst().orElseThrow();
      assertThat(entered.previousEventId()).isEqualTo(started);
      HistoryEvent exited = h.stream().filter(e -> e.previousEventId() == entered.id()).findFirst().orElseThrow();
      assertThat(exited.type()).isEqualTo("PassStateExited");
    }
    HistoryEvent succeeded = h.stream().filter(e -> e.type().equals("ParallelStateSucceeded")).findFirst().orElseThrow();
    assertThat(succeeded.previousEventId()).isEqualTo(succeeded.id() - 1);
  }

  @Test
  void taskInvocationsCarryNameArnDeadlineAndToken() {
    List<TaskInvocation> calls = new CopyOnWriteArrayList<>();
    StateMachine sm = StateMachine.parse("""
        {"StartAt": "T1", "States": {
          "T1": {"Type": "Task", "Resource": "arn:aws:states:::local:plain", "TimeoutSeconds": 30, "Next": "T2"},
          "T2": {"Type": "Task", "Resource": "arn:aws:states:::sqs:sendMessage.waitForTaskToken",
                 "Parameters": {"token.$": "$$.Task.Token"}, "End": true}}}""");
    VirtualClock clock = new VirtualClock();
    java.util.concurrent.atomic.AtomicReference<Interpreter> interpreter = new java.util.concurrent.atomic.AtomicReference<>();
    interpreter.set(Interpreter.builder().clock(clock).taskInvoker(inv -> {
      calls.add(inv);
      inv.taskToken().ifPresent(token -> interpreter.get().sendTaskSuccess(token, inv.input()));
      return inv.input();
    }).build());
    Execution e = interpreter.get().start(sm, json("{}"), "named");
    ExecutionResult r = await(e);
    assertThat(r.succeeded()).isTrue();
    assertThat(calls.get(0).stateName()).isEqualTo("T1");
    assertThat(calls.get(0).executionArn()).endsWith(":execution:StateMachine:named");
    assertThat(calls.get(0).deadline()).contains(VirtualClock.DEFAULT_START.plusSeconds(30));
    assertThat(calls.get(0).taskToken()).isEmpty();
    assertThat(calls.get(1).taskToken()).isPresent();
    assertThat(calls.get(1).input().get("token").asText()).isEqualTo(calls.get(1).taskToken().get());
    assertThat(calls.get(1).deadline()).isEmpty();
  }

  @Test
  void abortEndsARunningExecution() throws Exception {
    CountDownLatch entered = new CountDownLatch(1);
    CountDownLatch never = new CountDownLatch(1);
    StateMachine sm = StateMachine.parse("""
        {"StartAt": "T", "States": {"T": {"Type": "Task", "Resource": "arn:aws:states:::local:block", "End": true}}}""");
    Execution e = Interpreter.builder().clock(new VirtualClock()).taskInvoker(inv -> {
      entered.countDown();
      try {
        never.await();
      } catch (InterruptedException ex) {
        throw new IllegalStateException("interrupted", ex);
      }
      return inv.input();
    }).build().start(sm, json("{}"), null);
    assertThat(entered.await(10, TimeUnit.SECONDS)).isTrue();
    assertThat(e.status()).isEqualTo(ExecutionStatus.RUNNING);
    e.abort("Stopped", "by the test");
    ExecutionResult r = await(e);
    assertThat(r.status()).isEqualTo(ExecutionStatus.ABORTED);
    assertThat(r.error()).isEqualTo("Stopped");
    assertThat(r.cause()).isEqualTo("by the test");
    assertThat(r.history().get(r.history().size() - 1).type()).isEqualTo("ExecutionAborted");
  }

  @Test
  void abortStopsParallelBranchesSleepingOnTheSystemClock() throws Exception {
    StateMachine sm = StateMachine.parse("""
        {"StartAt": "P", "States": {"P": {"Type": "Parallel", "End": true, "Branches": [
          {"StartAt": "W", "States": {"W": {"Type": "Wait", "Seconds": 3600, "End": true}}},
          {"StartAt": "W2", "States": {"W2": {"Type": "Wait", "Seconds": 3600, "End": true}}}]}}}""");
    Execution e = Interpreter.builder().build().start(sm, json("{}"), null);
    while (e.history().stream().filter(ev -> ev.type().equals("WaitStateEntered")).count() < 2) {
      Thread.sleep(5);
    }
    e.abort("Abort", null);
    ExecutionResult r = await(e);
    assertThat(r.status()).isEqualTo(ExecutionStatus.ABORTED);
  }

  @Test
  void theSystemClockEnforcesTheExecutionTimeout() throws Exception {
    StateMachine sm = StateMachine.parse("""
        {"TimeoutSeconds": 1, "StartAt": "W", "States": {"W": {"Type": "Wait", "Seconds": 3600, "End": true}}}""");
    long start = System.nanoTime();
    ExecutionResult r = Interpreter.builder().build().run(sm, json("{}"));
    assertThat(r.status()).isEqualTo(ExecutionStatus.TIMED_OUT);
    assertThat(r.error()).isEqualTo("States.Timeout");
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(10));
  }

  @Test
  void fullJitterWaitsAtMostTheComputedDelay() {
    StateMachine sm = StateMachine.parse("""
        {"StartAt": "T", "States": {"T": {"Type": "Task", "Resource": "arn:aws:states:::local:r", "End": true,
          "Retry": [{"ErrorEquals": ["States.ALL"], "IntervalSeconds": 10, "MaxAttempts": 3, "BackoffRate": 2, "JitterStrategy": "FULL"}]}}}""");
    for (int i = 0; i < 5; i++) {
      VirtualClock clock = new VirtualClock();
      ExecutionResult r = Interpreter.builder().clock(clock).taskInvoker(inv -> {
        throw new StatesError("E", "c");
      }).build().run(sm, json("{}"));
      assertThat(r.error()).isEqualTo("E");
      assertThat(clock.elapsed()).isLessThanOrEqualTo(Duration.ofSeconds(70));
    }
  }

  @Test
  void withoutATaskInvokerTasksFailWithStatesRuntime() {
    StateMachine sm = StateMachine.parse("""
        {"StartAt": "T", "States": {"T": {"Type": "Task", "Resource": "arn:aws:states:::local:anything", "End": true}}}""");
    ExecutionResult r = Interpreter.builder().clock(new VirtualClock()).build().run(sm, json("{}"));
    assertThat(r.error()).isEqualTo("States.Runtime");
  }

  @Test
  void manyExecutionsRunAtOnce() throws Exception {
    StateMachine sm = StateMachine.parse("""
        {"StartAt": "M", "States": {"M": {"Type": "Map", "End": true, "ItemProcessor": {"StartAt": "W", "States": {
          "W": {"Type": "Wait", "Seconds": 5, "Next": "P"}, "P": {"Type": "Pass", "End": true}}}}}}""");
    Interpreter interpreter = Interpreter.builder().clock(new VirtualClock()).build();
    List<Execution> running = new java.util.ArrayList<>();
    for (int i = 0; i < 20; i++) {
      running.add(interpreter.start(sm, json("[1,2,3]"), null));
    }
    for (Execution e : running) {
      assertThat(await(e).output()).isEqualTo(json("[1,2,3]"));
    }
  }

  static ExecutionResult await(Execution e) {
    try {
      return e.await();
    } catch (InterruptedException ex) {
      throw new IllegalStateException(ex);
    }
  }
}
