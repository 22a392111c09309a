package io.sluice.statemachine.internal.exec;

import io.sluice.statemachine.StatesError;

/**
 * A task that went longer than its {@code HeartbeatSeconds} without a heartbeat. As AWS records it, the
 * error is {@code States.Timeout} (the {@code TaskTimedOut} event and the execution's failure say so);
 * Retry and Catch match it with {@code States.Timeout} and also with {@code States.HeartbeatTimeout}, the
 * name the ASL reserves for this case.
 */
final class HeartbeatTimedOut extends StatesError {
  static final String NAME = "States.HeartbeatTimeout";

  HeartbeatTimedOut() {
    super("States.Timeout", null);
  }
}
