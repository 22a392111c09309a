/**
 * The execution engine: runs a {@link io.sluice.statemachine.internal.model.StateGraph} with Step
 * Functions semantics. {@link io.sluice.statemachine.internal.exec.ExecutionEngine} runs one execution
 * from start to its terminal event; {@link io.sluice.statemachine.internal.exec.GraphRunner} walks a
 * graph state by state; one runner per state type does the work, with {@link
 * io.sluice.statemachine.internal.exec.ErrorHandling} applying Retry and Catch. Parallel branches and Map
 * iterations run on virtual threads; Distributed Map items run as child executions with their own
 * history, streamed from the item reader with bounded concurrency.
 */
package io.sluice.statemachine.internal.exec;
