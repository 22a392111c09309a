package io.sluice.statemachine.internal.model;

import java.util.List;

/**
 * One element of a state's {@code Retry} array.
 *
 * @param errorEquals error names this retrier matches
 * @param intervalSeconds seconds before the first retry (default 1)
 * @param maxAttempts retries allowed (default 3; 0 means never retry)
 * @param backoffRate multiplier applied to the interval on each attempt (default 2.0)
 * @param maxDelaySeconds cap on the computed interval, or null for none
 * @param fullJitter whether {@code JitterStrategy} is {@code FULL}
 */
public record Retrier(
    List<String> errorEquals,
    double intervalSeconds,
    int maxAttempts,
    double backoffRate,
    Double maxDelaySeconds,
    boolean fullJitter) {
  public Retrier {
    errorEquals = List.copyOf(errorEquals);
  }
}
