/**
 * The Amazon States Language: parse and validate a definition ({@link io.sluice.statemachine.StateMachine}),
 * then run it with an {@link io.sluice.statemachine.Interpreter}. Task states call out through a
 * {@link io.sluice.statemachine.TaskInvoker} ({@code .waitForTaskToken} tasks then wait for {@link
 * io.sluice.statemachine.Interpreter#sendTaskSuccess} or {@link
 * io.sluice.statemachine.Interpreter#sendTaskFailure}); time passes through a {@link
 * io.sluice.statemachine.ExecutionClock};
 * Distributed Map item readers and result writers use an {@link io.sluice.statemachine.ObjectSource}.
 *
 * <p>This package knows nothing of Sluice: it runs any state machine.
 */
package io.sluice.statemachine;
