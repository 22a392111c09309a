package io.sluice.statemachine.internal.exec;

import io.sluice.statemachine.ExecutionClock;
import io.sluice.statemachine.ExecutionResult;
import io.sluice.statemachine.ObjectSource;
import io.sluice.statemachine.TaskInvoker;

/**
 * An interpreter's settings, shared by all its executions.
 *
 * @param region used in generated ARNs
 * @param account used in generated ARNs
 * @param childListener told of each Distributed Map child execution as it ends (ARN, result with its
 *     history), or null
 * @param taskTokens the interpreter's task tokens, shared by all its executions
 */
public record Settings(
    TaskInvoker taskInvoker,
    ExecutionClock clock,
    ObjectSource objectSource,
    int historyLimit,
    int payloadLimit,
    String roleArn,
    String region,
    String account,
    java.util.function.BiConsumer<String, ExecutionResult> childListener,
    TaskTokens taskTokens) {}
