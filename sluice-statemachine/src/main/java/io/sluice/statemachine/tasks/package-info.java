/**
 * Ready-made {@link io.sluice.statemachine.TaskInvoker}s: {@link
 * io.sluice.statemachine.tasks.CommandTaskInvoker} runs a local shell command per resource name, and
 * {@link io.sluice.statemachine.tasks.TaskInvokers} composes invokers (the first that knows a resource
 * runs it).
 */
package io.sluice.statemachine.tasks;
