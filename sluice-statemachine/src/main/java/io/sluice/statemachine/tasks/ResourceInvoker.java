package io.sluice.statemachine.tasks;

import io.sluice.statemachine.TaskInvoker;

/** A {@link TaskInvoker} that can say which resources it runs, so invokers can be composed. */
public interface ResourceInvoker extends TaskInvoker {
  /** Whether this invoker runs {@code resource} (a Task state's {@code Resource} string). */
  boolean knows(String resource);
}
