package io.sluice.statemachine.tasks;

import io.sluice.statemachine.StatesError;
import io.sluice.statemachine.TaskInvoker;
import java.util.List;
import java.util.Map;

/** Composition of task invokers. */
public final class TaskInvokers {
  private TaskInvokers() {}

  /**
   * An invoker that hands each call to the first of {@code invokers} that {@link ResourceInvoker#knows}
   * its resource; a resource none knows fails the task with {@code States.Runtime}.
   */
  public static ResourceInvoker firstKnowing(List<? extends ResourceInvoker> invokers) {
    List<ResourceInvoker> list = List.copyOf(invokers);
    return new ResourceInvoker() {
      @Override
      public boolean knows(String resource) {
        return list.stream().anyMatch(i -> i.knows(resource));
      }

      @Override
      public com.fasterxml.jackson.databind.JsonNode invoke(io.sluice.statemachine.TaskInvocation invocation) {
        for (ResourceInvoker i : list) {
          if (i.knows(invocation.resource())) {
            return i.invoke(invocation);
          }
        }
        throw new StatesError("States.Runtime", "No task invoker knows the resource '" + invocation.resource() + "'");
      }
    };
  }

  /** {@link #firstKnowing(List)} over the given invokers. */
  public static ResourceInvoker firstKnowing(ResourceInvoker... invokers) {
    return firstKnowing(List.of(invokers));
  }

  /** An invoker that runs exactly the given resources, each with its own invoker. */
  public static ResourceInvoker forResources(Map<String, ? extends TaskInvoker> byResource) {
    Map<String, TaskInvoker> map = Map.copyOf(byResource);
    return new ResourceInvoker() {
      @Override
      public boolean knows(String resource) {
        return map.containsKey(resource);
      }

      @Override
      public com.fasterxml.jackson.databind.JsonNode invoke(io.sluice.statemachine.TaskInvocation invocation) {
        TaskInvoker i = map.get(invocation.resource());
        if (i == null) {
          throw new StatesError("States.Runtime", "No task invoker knows the resource '" + invocation.resource() + "'");
        }
        return i.invoke(invocation);
      }
    };
  }

  /** An invoker that runs one resource. */
  public static ResourceInvoker forResource(String resource, TaskInvoker invoker) {
    return forResources(Map.of(resource, invoker));
  }
}
