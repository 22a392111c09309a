package io.sluice.statemachine.internal.exec;

import io.sluice.statemachine.internal.history.EventChain;

/**
 * One line of execution: the main flow, a Parallel branch or a Map iteration.
 *
 * @param run the execution it belongs to
 * @param variables its variable scope
 * @param chain where its events link up
 * @param cancel cancelled when a sibling fails
 */
record Frame(ExecutionRun run, Variables variables, EventChain chain, CancelToken cancel) {
  /** Checks that this line may go on; throws {@link Terminated} or {@link Cancelled} if not. */
  void checkRunning() {
    run.checkRunning();
    if (cancel.cancelled()) {
      throw new Cancelled();
    }
  }

  /** A nested line of execution (branch or iteration) with its own scope and chain. */
  Frame nested(CancelToken token) {
    return new Frame(run, variables.child(), chain.fork(), token);
  }
}
