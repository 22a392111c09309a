package io.sluice.statemachine.internal.exec;

import io.sluice.statemachine.Clock;
import io.sluice.statemachine.ObjectSource;
import io.sluice.statemachine.TaskInvoker;

/**
 * An interpreter's settings, shared by all its executions.
 *
 * @param region used in generated ARNs
 * @param account used in generated ARNs
 */
public record Settings(
    TaskInvoker taskInvoker,
    Clock clock,
    ObjectSource objectSource,
    int historyLimit,
    int payloadLimit,
    String roleArn,
    String region,
    String account) {}
