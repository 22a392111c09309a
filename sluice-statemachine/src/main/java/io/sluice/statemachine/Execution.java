package io.sluice.statemachine;

import java.util.List;

/** A running (or ended) execution. */
public interface Execution {
  String executionArn();

  ExecutionStatus status();

  /** The events so far. */
  List<HistoryEvent> history();

  /** Blocks until the execution ends. */
  ExecutionResult await() throws InterruptedException;

  /** Stops the execution: it ends ABORTED. */
  void abort(String error, String cause);
}
