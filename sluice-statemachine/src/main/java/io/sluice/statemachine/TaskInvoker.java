package io.sluice.statemachine;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Runs the work of a Task state. The interpreter calls it with the state's effective input (after
 * InputPath and Parameters, or Arguments for JSONata) and uses what it returns as the task result; for a
 * {@code .waitForTaskToken} resource the result comes later through {@link Interpreter#sendTaskSuccess}
 * instead (see {@link TaskInvocation}).
 *
 * <p>Implementations decide what a {@code Resource} means: a local function, a local command, an HTTP
 * call. Failing with a {@link StatesError} fails the task with that error name and cause; any other
 * exception fails it as {@code States.TaskFailed}.
 */
@FunctionalInterface
public interface TaskInvoker {
  JsonNode invoke(TaskInvocation invocation) throws StatesError;

  /** A TaskInvoker that knows no resource: every Task state fails with {@code States.Runtime}. */
  static TaskInvoker none() {
    return inv -> {
      throw new StatesError("States.Runtime", "No task invoker is configured for resource '" + inv.resource() + "'");
    };
  }
}
