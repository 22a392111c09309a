package io.sluice.statemachine.tasks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sluice.statemachine.ExecutionResult;
import io.sluice.statemachine.Interpreter;
import io.sluice.statemachine.StateMachine;
import io.sluice.statemachine.StatesError;
import io.sluice.statemachine.TaskInvocation;
import io.sluice.statemachine.testing.VirtualClock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CommandTaskInvokerTest {
  static final ObjectMapper JSON = new ObjectMapper();

  static TaskInvocation call(String resource, String input) throws Exception {
    return new TaskInvocation(resource, JSON.readTree(input), "State", "arn:exec", Optional.empty(), Optional.empty());
  }

  @Test
  void stdinIsTheInputAndStdoutTheResult() throws Exception {
    CommandTaskInvoker invoker = new CommandTaskInvoker(Map.of("echo", "cat"));
    assertThat(invoker.invoke(call("echo", "{\"a\":[1,2]}"))).isEqualTo(JSON.readTree("{\"a\":[1,2]}"));
  }

  @Test
  void emptyStdoutIsNull() throws Exception {
    JsonNode out = new CommandTaskInvoker(Map.of("quiet", "cat > /dev/null")).invoke(call("quiet", "{}"));
    assertThat(out.isNull()).isTrue();
  }

  @Test
  void aNonZeroExitWithAnErrorObjectUsesItsErrorAndCause() {
    CommandTaskInvoker invoker = new CommandTaskInvoker(
        Map.of("fail", "echo '{\"errorType\":\"ValueError\",\"errorMessage\":\"bad value\"}'; exit 3"));
    assertThatThrownBy(() -> invoker.invoke(call("fail", "{}")))
        .isInstanceOfSatisfying(StatesError.class, e -> {
          assertThat(e.error()).isEqualTo("ValueError");
          assertThat(e.cause()).isEqualTo("bad value");
        });
  }

  @Test
  void aNonZeroExitWithErrorAndCauseFieldsOnStderr() {
    CommandTaskInvoker invoker = new CommandTaskInvoker(
        Map.of("fail", "echo '{\"error\":\"My.Error\",\"cause\":\"why\"}' >&2; exit 1"));
    assertThatThrownBy(() -> invoker.invoke(call("fail", "{}")))
        .isInstanceOfSatisfying(StatesError.class, e -> {
          assertThat(e.error()).isEqualTo("My.Error");
          assertThat(e.cause()).isEqualTo("why");
        });
  }

  @Test
  void aNonZeroExitOtherwiseIsTaskFailedWithStderr() {
    CommandTaskInvoker invoker = new CommandTaskInvoker(Map.of("fail", "echo oops >&2; exit 2"));
    assertThatThrownBy(() -> invoker.invoke(call("fail", "{}")))
        .isInstanceOfSatisfying(StatesError.class, e -> {
          assertThat(e.error()).isEqualTo("States.TaskFailed");
          assertThat(e.cause()).isEqualTo("oops");
        });
  }

  @Test
  void aSilentFailureNamesTheExitCode() {
    CommandTaskInvoker invoker = new CommandTaskInvoker(Map.of("fail", "exit 7"));
    assertThatThrownBy(() -> invoker.invoke(call("fail", "{}")))
        .isInstanceOfSatisfying(StatesError.class, e -> assertThat(e.cause()).contains("7"));
  }

  @Test
  void outputThatIsNotJsonFailsTheTask() {
    CommandTaskInvoker invoker = new CommandTaskInvoker(Map.of("text", "echo 'not json {'"));
    assertThatThrownBy(() -> invoker.invoke(call("text", "{}")))
        .isInstanceOfSatisfying(StatesError.class, e -> assertThat(e.error()).isEqualTo("States.TaskFailed"));
  }

  @Test
  void theEnvironmentNamesTheCall(@TempDir Path dir) throws Exception {
    Files.writeString(dir.resolve("marker.txt"), "here");
    CommandTaskInvoker invoker = new CommandTaskInvoker(Map.of("env",
        "printf '{\"r\":\"%s\",\"s\":\"%s\",\"x\":\"%s\",\"extra\":\"%s\",\"file\":\"%s\"}' \"$SFN_RESOURCE\" \"$SFN_STATE_NAME\" "
            + "\"$SFN_EXECUTION_ARN\" \"$EXTRA\" \"$(cat marker.txt)\""))
        .withWorkingDirectory(dir)
        .withEnvironment(Map.of("EXTRA", "yes"));
    assertThat(invoker.invoke(call("env", "{}")))
        .isEqualTo(JSON.readTree("{\"r\":\"env\",\"s\":\"State\",\"x\":\"arn:exec\",\"extra\":\"yes\",\"file\":\"here\"}"));
  }

  @Test
  void knowsOnlyItsResources() {
    CommandTaskInvoker invoker = new CommandTaskInvoker(Map.of("a", "cat"));
    assertThat(invoker.knows("a")).isTrue();
    assertThat(invoker.knows("b")).isFalse();
  }

  @Test
  void compositionUsesTheFirstInvokerThatKnowsTheResource() throws Exception {
    ResourceInvoker first = TaskInvokers.forResource("x", inv -> JSON.getNodeFactory().textNode("first"));
    ResourceInvoker second = TaskInvokers.firstKnowing(
        TaskInvokers.forResource("x", inv -> JSON.getNodeFactory().textNode("shadowed")),
        new CommandTaskInvoker(Map.of("y", "echo '\"command\"'")));
    ResourceInvoker all = TaskInvokers.firstKnowing(first, second);
    assertThat(all.invoke(call("x", "{}")).asText()).isEqualTo("first");
    assertThat(all.invoke(call("y", "{}")).asText()).isEqualTo("command");
    assertThat(all.knows("z")).isFalse();
    assertThatThrownBy(() -> all.invoke(call("z", "{}")))
        .isInstanceOfSatisfying(StatesError.class, e -> assertThat(e.error()).isEqualTo("States.Runtime"));
  }

  @Test
  void runsTaskStatesInAnExecution() throws Exception {
    StateMachine sm = StateMachine.parse("""
        {"StartAt": "Double", "States": {
          "Double": {"Type": "Task", "Resource": "arn:aws:states:::local:double", "ResultPath": "$.doubled", "Next": "Boom"},
          "Boom": {"Type": "Task", "Resource": "arn:aws:states:::local:boom", "Catch": [{"ErrorEquals": ["Custom"], "ResultPath": "$.err", "Next": "Done"}], "End": true},
          "Done": {"Type": "Succeed"}}}""");
    CommandTaskInvoker invoker = new CommandTaskInvoker(Map.of(
        "arn:aws:states:::local:double", "sed 's/.*\"n\": *\\([0-9]*\\).*/{\"n2\": \\1\\1}/'",
        "arn:aws:states:::local:boom", "echo '{\"error\":\"Custom\",\"cause\":\"c\"}'; exit 1"));
    ExecutionResult r = Interpreter.builder().clock(new VirtualClock()).taskInvoker(invoker).build()
        .run(sm, JSON.readTree("{\"n\": 4}"));
    assertThat(r.output()).isEqualTo(JSON.readTree("{\"n\":4,\"doubled\":{\"n2\":44},\"err\":{\"Error\":\"Custom\",\"Cause\":\"c\"}}"));
  }

  @Test
  void aTimeoutKillsTheCommand() throws Exception {
    StateMachine sm = StateMachine.parse("""
        {"StartAt": "Slow", "States": {"Slow": {"Type": "Task", "Resource": "arn:aws:states:::local:slow", "TimeoutSeconds": 1, "End": true}}}""");
    long start = System.nanoTime();
    ExecutionResult r = Interpreter.builder().taskInvoker(new CommandTaskInvoker(Map.of("arn:aws:states:::local:slow", "sleep 30")))
        .build().run(sm, JSON.readTree("{}"));
    assertThat(r.error()).isEqualTo("States.Timeout");
    assertThat((System.nanoTime() - start) / 1_000_000_000).isLessThan(10);
  }
}
