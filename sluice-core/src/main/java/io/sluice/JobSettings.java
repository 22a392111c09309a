package io.sluice;

import java.time.Duration;

/**
 * How a job's functions are sized and timed: the user's choices only. The defaults are the AWS ones
 * (driver 2 GB, executor 10 GB, 15-minute timeouts, executors working to a 10-minute budget); tests
 * shrink them to seconds. Whether the platform allows them (Lambda's memory range, its 15-minute
 * timeout, Step Functions' history limit) is checked by the runtime, against its {@code
 * io.sluice.runtime.RuntimeLimits}, when it is built.
 *
 * @param driverMemoryMb the Driver function's memory
 * @param driverTimeout the Driver function's timeout
 * @param executorMemoryMb the Executor function's memory; with the stage's workload it decides workers
 * @param executorTimeout the Executor function's timeout (Lambda's limit is 15 minutes)
 * @param executorBudget how long an executor works before it hands the rest back to the driver;
 *     must leave room below the timeout for the last task to finish and commit
 * @param historyLimit events in one state machine execution before the driver chains a new one; 0 =
 *     the runtime's limit (Step Functions: 25,000)
 */
public record JobSettings(
    int driverMemoryMb,
    Duration driverTimeout,
    int executorMemoryMb,
    Duration executorTimeout,
    Duration executorBudget,
    int historyLimit) {

  public static final JobSettings DEFAULTS = builder().build();

  public JobSettings {
    requireMemory("driverMemoryMb", driverMemoryMb);
    requireMemory("executorMemoryMb", executorMemoryMb);
    requirePositive("driverTimeout", driverTimeout);
    requirePositive("executorTimeout", executorTimeout);
    requirePositive("executorBudget", executorBudget);
    if (executorBudget.compareTo(executorTimeout) >= 0) {
      throw new JobDefinitionException("executorBudget (" + executorBudget + ") must be below executorTimeout ("
          + executorTimeout + "): the budget is when an executor stops starting work, the timeout is when it is killed");
    }
    if (historyLimit != 0 && historyLimit < 100) {
      throw new JobDefinitionException("historyLimit must be at least 100 events (or 0 for the runtime's), got "
          + historyLimit);
    }
  }

  private static void requireMemory(String name, int mb) {
    if (mb < 1) {
      throw new JobDefinitionException(name + " must be positive, got " + mb + " MB");
    }
  }

  private static void requirePositive(String name, Duration d) {
    if (d == null || d.isNegative() || d.isZero()) {
      throw new JobDefinitionException(name + " must be a positive duration, got " + d);
    }
  }

  public static Builder builder() {
    return new Builder();
  }

  public Builder toBuilder() {
    return new Builder()
        .driverMemoryMb(driverMemoryMb)
        .driverTimeout(driverTimeout)
        .executorMemoryMb(executorMemoryMb)
        .executorTimeout(executorTimeout)
        .executorBudget(executorBudget)
        .historyLimit(historyLimit);
  }

  /** Builds {@link JobSettings}; validated at {@link #build()}. */
  public static final class Builder {
    private int driverMemoryMb = 2048;
    private Duration driverTimeout = Duration.ofMinutes(15);
    private int executorMemoryMb = 10240;
    private Duration executorTimeout = Duration.ofMinutes(15);
    private Duration executorBudget = Duration.ofMinutes(10);
    private int historyLimit;

    public Builder driverMemoryMb(int mb) {
      this.driverMemoryMb = mb;
      return this;
    }

    public Builder driverTimeout(Duration timeout) {
      this.driverTimeout = timeout;
      return this;
    }

    public Builder executorMemoryMb(int mb) {
      this.executorMemoryMb = mb;
      return this;
    }

    public Builder executorTimeout(Duration timeout) {
      this.executorTimeout = timeout;
      return this;
    }

    public Builder executorBudget(Duration budget) {
      this.executorBudget = budget;
      return this;
    }

    /** Events before the driver chains a new execution; 0 (the default) = the runtime's limit. */
    public Builder historyLimit(int events) {
      this.historyLimit = events;
      return this;
    }

    public JobSettings build() {
      return new JobSettings(driverMemoryMb, driverTimeout, executorMemoryMb, executorTimeout, executorBudget, historyLimit);
    }
  }
}
