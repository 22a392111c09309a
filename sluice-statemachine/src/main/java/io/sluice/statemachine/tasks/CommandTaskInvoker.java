package io.sluice.statemachine.tasks;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.NullNode;
import io.sluice.statemachine.StatesError;
import io.sluice.statemachine.TaskInvocation;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;

/**
 * Runs a Task state as a local shell command ({@code sh -c}). Resources are names mapped to commands. The
 * task input goes to the command's stdin as JSON; stdout, parsed as JSON, is the task result (empty stdout
 * gives {@code null}).
 *
 * <p>A non-zero exit fails the task. When stdout (or else stderr) is a JSON object with {@code error} or
 * {@code errorType}, that is the error name and {@code cause} or {@code errorMessage} the cause (as a
 * Lambda function reports errors); otherwise the error is {@code States.TaskFailed} and the cause is
 * stderr (or the exit code when stderr is empty). Output that is not JSON also fails as {@code
 * States.TaskFailed}. If the calling thread is interrupted (the state timed out, a sibling branch failed,
 * the execution was aborted), the process is destroyed.
 *
 * <p>The environment of each command also holds {@code SFN_RESOURCE}, {@code SFN_STATE_NAME}, {@code
 * SFN_EXECUTION_ARN} and, for {@code .waitForTaskToken} resources, {@code SFN_TASK_TOKEN}.
 *
 * <p>With a {@code .waitForTaskToken} resource the command only hands the token on: its stdout is not the
 * task result (it is recorded as the {@code TaskSubmitted} event's output, and must still be JSON or
 * empty), and a zero exit does not end the task. The result must come back through {@link
 * io.sluice.statemachine.Interpreter#sendTaskSuccess} (or {@code sendTaskFailure}, {@code
 * sendTaskHeartbeat}) with the token from {@code SFN_TASK_TOKEN}, from whatever the command started.
 */
public final class CommandTaskInvoker implements ResourceInvoker {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final Map<String, String> commands;
  private final Path workingDirectory;
  private final Map<String, String> environment;

  /** Commands by resource name, run in the current directory. */
  public CommandTaskInvoker(Map<String, String> commands) {
    this(commands, null, Map.of());
  }

  private CommandTaskInvoker(Map<String, String> commands, Path workingDirectory, Map<String, String> environment) {
    this.commands = Map.copyOf(commands);
    this.workingDirectory = workingDirectory;
    this.environment = Map.copyOf(environment);
  }

  /** A copy that runs commands in {@code directory}. */
  public CommandTaskInvoker withWorkingDirectory(Path directory) {
    return new CommandTaskInvoker(commands, Objects.requireNonNull(directory), environment);
  }

  /** A copy that adds these variables to each command's environment. */
  public CommandTaskInvoker withEnvironment(Map<String, String> variables) {
    Map<String, String> env = new HashMap<>(environment);
    env.putAll(variables);
    return new CommandTaskInvoker(commands, workingDirectory, env);
  }

  @Override
  public boolean knows(String resource) {
    return commands.containsKey(resource);
  }

  @Override
  public JsonNode invoke(TaskInvocation invocation) {
    String command = commands.get(invocation.resource());
    if (command == null) {
      throw new StatesError("States.Runtime", "No command is configured for resource '" + invocation.resource() + "'");
    }
    ProcessBuilder pb = new ProcessBuilder("sh", "-c", command);
    if (workingDirectory != null) {
      pb.directory(workingDirectory.toFile());
    }
    Map<String, String> env = pb.environment();
    env.putAll(environment);
    env.put("SFN_RESOURCE", invocation.resource());
    env.put("SFN_STATE_NAME", invocation.stateName());
    env.put("SFN_EXECUTION_ARN", invocation.executionArn());
    invocation.taskToken().ifPresent(t -> env.put("SFN_TASK_TOKEN", t));
    Process process;
    try {
      process = pb.start();
    } catch (IOException e) {
      throw new StatesError("States.TaskFailed", "Could not start '" + command + "': " + e.getMessage(), e);
    }
    try {
      FutureTask<byte[]> stdout = drain(process.getInputStream());
      FutureTask<byte[]> stderr = drain(process.getErrorStream());
      byte[] input = JSON.writeValueAsBytes(invocation.input());
      try (OutputStream in = process.getOutputStream()) {
        in.write(input);
      } catch (IOException ignored) {
        // The command need not read its input.
      }
      int exit = process.waitFor();
      String out = new String(stdout.get(), StandardCharsets.UTF_8);
      String err = new String(stderr.get(), StandardCharsets.UTF_8);
      if (exit == 0) {
        if (out.isBlank()) {
          return NullNode.instance;
        }
        try {
          return JSON.readTree(out);
        } catch (JsonProcessingException e) {
          throw new StatesError("States.TaskFailed", "The output of '" + command + "' is not JSON: " + abbreviate(out));
        }
      }
      throw failure(out, err, exit);
    } catch (InterruptedException e) {
      process.descendants().forEach(ProcessHandle::destroyForcibly);
      process.destroyForcibly();
      Thread.currentThread().interrupt();
      throw new StatesError("States.TaskFailed", "Interrupted while running '" + command + "'", e);
    } catch (ExecutionException | IOException e) {
      process.destroyForcibly();
      throw new StatesError("States.TaskFailed", "Failed running '" + command + "': " + e.getMessage(), e);
    }
  }

  private static StatesError failure(String out, String err, int exit) {
    for (String text : new String[] {out, err}) {
      try {
        JsonNode node = text.isBlank() ? null : JSON.readTree(text);
        if (node != null && node.isObject() && (node.has("error") || node.has("errorType"))) {
          String error = node.has("error") ? node.get("error").asText() : node.get("errorType").asText();
          JsonNode cause = node.has("cause") ? node.get("cause") : node.get("errorMessage");
          return new StatesError(error, cause == null ? null : cause.isTextual() ? cause.asText() : cause.toString());
        }
      } catch (JsonProcessingException notJson) {
        // fall through to the generic failure
      }
    }
    String cause = err.isBlank() ? "The command exited with code " + exit : err.strip();
    return new StatesError("States.TaskFailed", cause);
  }

  private static FutureTask<byte[]> drain(InputStream stream) {
    FutureTask<byte[]> task = new FutureTask<>(() -> {
      try (InputStream in = stream) {
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        in.transferTo(buffer);
        return buffer.toByteArray();
      }
    });
    Thread.ofVirtual().start(task);
    return task;
  }

  private static String abbreviate(String s) {
    String t = s.strip();
    return t.length() > 200 ? t.substring(0, 200) + "..." : t;
  }
}
