package io.sluice.local.function;

/**
 * A snapshot of one {@link LocalFunction}'s counters, for progress displays and tests.
 *
 * @param invocations invocations that reached an instance (started), in total
 * @param coldStarts instances created, in total (each one called the handler factory once)
 * @param timeouts invocations that ran out of time, in total
 * @param errors invocations that failed for any reason (timeouts included), in total
 * @param instances instances alive now, busy or idle
 * @param busyInstances instances running an invocation now
 */
public record FunctionStats(
    long invocations, long coldStarts, long timeouts, long errors, int instances, int busyInstances) {}
