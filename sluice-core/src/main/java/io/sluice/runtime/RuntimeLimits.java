package io.sluice.runtime;

import io.sluice.Job;
import io.sluice.JobDefinitionException;
import io.sluice.JobSettings;
import io.sluice.Stage;
import io.sluice.StageSettings;
import java.time.Duration;
import java.util.Objects;

/**
 * The numbers of the platform a job runs on: function memory and timeouts, vCPUs per MB, how many
 * executors one round runs by default and at most, and the state machine's history limit with what each state costs in
 * it. The programming model ({@code io.sluice}) holds only the user's choices; each runtime supplies
 * its limits, validates the job against them when it is built ({@link #validate}), and hands them to
 * the Driver, the Executor and the loop's generator.
 *
 * <pre>{@code
 * RuntimeLimits fargate = RuntimeLimits.LAMBDA_STEP_FUNCTIONS.toBuilder()
 *     .platform("Fargate tasks and Step Functions").maxMemoryMb(122_880).mbPerVcpu(8_192)
 *     .maxFunctionTimeout(Duration.ofHours(12)).build();
 * }</pre>
 *
 * @param platform what the numbers are of, named in error messages (e.g. "Lambda")
 * @param minMemoryMb the least memory a function may have
 * @param maxMemoryMb the most memory a function may have
 * @param maxFunctionTimeout the longest a function invocation may run
 * @param mbPerVcpu memory per vCPU (Lambda: 1,769 MB); decides an executor's workers
 * @param defaultExecutors the executors a round of the latency goal runs at most when its stage sets
 *     no cap (Step Functions: the inline Map's {@value #INLINE_MAP_LIMIT})
 * @param maxExecutors the most executors one round may run at once when a stage asks for more
 *     (Step Functions: a Distributed Map's 10,000)
 * @param historyEventLimit events one state machine execution may have (Step Functions: 25,000)
 * @param historyEvents what the loop's states cost in that history
 */
public record RuntimeLimits(
    String platform,
    int minMemoryMb,
    int maxMemoryMb,
    Duration maxFunctionTimeout,
    int mbPerVcpu,
    int defaultExecutors,
    int maxExecutors,
    int historyEventLimit,
    HistoryEvents historyEvents) {

  /**
   * History events per state of the generated loop, by AWS's counting.
   *
   * @param taskState a Lambda Task state (scheduled, started, submitted, succeeded, exited)
   * @param choiceState a Choice state (entered, exited)
   * @param waitState a Wait state (entered, exited)
   * @param mapState the Map state's own events (entered, started, succeeded, exited)
   * @param mapIteration one iteration of an inline Map running one Executor Task state
   * @param mapRun a Distributed Map's run (MapRunStarted, MapRunSucceeded): its child executions
   *     have histories of their own, so the parent's counts no event per executor
   * @param margin events kept free below the limit, for retries the estimate does not see
   */
  public record HistoryEvents(int taskState, int choiceState, int waitState, int mapState, int mapIteration, int mapRun,
      int margin) {
    /** Step Functions' standard workflows. */
    public static final HistoryEvents STEP_FUNCTIONS = new HistoryEvents(5, 2, 2, 4, 7, 2, 60);

    public HistoryEvents {
      if (taskState < 0 || choiceState < 0 || waitState < 0 || mapState < 0 || mapIteration < 0 || mapRun < 0
          || margin < 0) {
        throw new IllegalArgumentException("History event costs must not be negative");
      }
    }
  }

  /**
   * The most executors an inline Map runs at once on Step Functions; a job whose executor cap is
   * above it runs its rounds as a Distributed Map ({@link #distributedMap}).
   */
  public static final int INLINE_MAP_LIMIT = 40;

  /** The most child executions a Distributed Map runs at once on Step Functions ({@code MaxConcurrency}). */
  public static final int DISTRIBUTED_MAP_LIMIT = 10_000;

  /** AWS Lambda functions in an AWS Step Functions standard workflow; the local runtime emulates them. */
  public static final RuntimeLimits LAMBDA_STEP_FUNCTIONS = new RuntimeLimits("Lambda and Step Functions", 128, 10_240,
      Duration.ofMinutes(15), 1_769, INLINE_MAP_LIMIT, DISTRIBUTED_MAP_LIMIT, 25_000, HistoryEvents.STEP_FUNCTIONS);

  public RuntimeLimits {
    Objects.requireNonNull(platform, "platform");
    Objects.requireNonNull(maxFunctionTimeout, "maxFunctionTimeout");
    Objects.requireNonNull(historyEvents, "historyEvents");
    if (minMemoryMb < 1 || maxMemoryMb < minMemoryMb) {
      throw new IllegalArgumentException("Memory range " + minMemoryMb + ".." + maxMemoryMb + " MB is empty");
    }
    if (mbPerVcpu < 1 || defaultExecutors < 1 || historyEventLimit < 100) {
      throw new IllegalArgumentException("mbPerVcpu and defaultExecutors must be positive and historyEventLimit at least 100,"
          + " got " + mbPerVcpu + ", " + defaultExecutors + ", " + historyEventLimit);
    }
    if (maxExecutors < defaultExecutors) {
      throw new IllegalArgumentException("maxExecutors (" + maxExecutors + ") must be at least defaultExecutors ("
          + defaultExecutors + ")");
    }
  }

  /** vCPUs of a function with {@code memoryMb}: at least 1. */
  public int vcpus(int memoryMb) {
    return Math.max(1, Math.round(memoryMb / (float) mbPerVcpu));
  }

  /** Workers an executor of {@code memoryMb} runs for a stage with {@code settings}. */
  public int workers(StageSettings settings, int memoryMb) {
    return settings.workersFor(vcpus(memoryMb));
  }

  /** Executors a round of {@code pendingTasks} runs for a stage with {@code settings}. */
  public int executors(StageSettings settings, int pendingTasks) {
    return settings.executorsFor(pendingTasks, defaultExecutors, maxExecutors);
  }

  /** The job's history limit: its own setting, or this platform's when it has none. */
  public int historyLimit(JobSettings settings) {
    return settings.historyLimit() == 0 ? historyEventLimit : settings.historyLimit();
  }

  /** The most executors any stage of {@code job} runs at once: the Map's MaxConcurrency. */
  public int maxExecutors(Job job) {
    return job.maxExecutors(defaultExecutors, maxExecutors);
  }

  /**
   * Whether {@code job}'s loop runs its executor rounds as a Distributed Map: when some stage may run
   * more executors at once than an inline Map's {@value #INLINE_MAP_LIMIT}. The loop's generator and
   * the Driver (which writes a distributed round's items to the store) decide by this one rule.
   */
  public boolean distributedMap(Job job) {
    return maxExecutors(job) > INLINE_MAP_LIMIT;
  }

  /**
   * Checks {@code job}'s settings against these limits.
   *
   * @throws JobDefinitionException naming the job, the setting, its value and the limit
   */
  public void validate(Job job) {
    JobSettings s = job.settings();
    memory(job, "driverMemoryMb", s.driverMemoryMb());
    memory(job, "executorMemoryMb", s.executorMemoryMb());
    timeout(job, "driverTimeout", s.driverTimeout());
    timeout(job, "executorTimeout", s.executorTimeout());
    if (s.historyLimit() > historyEventLimit) {
      throw new JobDefinitionException("Job '" + job.name() + "': historyLimit is " + s.historyLimit() + " events, above "
          + platform + "'s limit of " + historyEventLimit + ": lower it, or leave it unset (0) for the limit itself");
    }
    for (Stage stage : job.stages()) {
      int cap = stage.settings().maxExecutors();
      if (cap > maxExecutors) {
        throw new JobDefinitionException("Job '" + job.name() + "', stage '" + stage.name() + "': maxExecutors is " + cap
            + ", above " + platform + "'s limit of " + maxExecutors + " executors per round: lower it");
      }
    }
  }

  private void memory(Job job, String setting, int mb) {
    if (mb < minMemoryMb || mb > maxMemoryMb) {
      throw new JobDefinitionException("Job '" + job.name() + "': " + setting + " is " + mb + " MB, outside " + platform
          + "'s range of " + minMemoryMb + " to " + maxMemoryMb + " MB");
    }
  }

  private void timeout(Job job, String setting, Duration d) {
    if (d.compareTo(maxFunctionTimeout) > 0) {
      throw new JobDefinitionException("Job '" + job.name() + "': " + setting + " is " + d + ", above " + platform
          + "'s limit of " + maxFunctionTimeout);
    }
  }

  public static Builder builder() {
    return LAMBDA_STEP_FUNCTIONS.toBuilder();
  }

  public Builder toBuilder() {
    Builder b = new Builder();
    b.platform = platform;
    b.minMemoryMb = minMemoryMb;
    b.maxMemoryMb = maxMemoryMb;
    b.maxFunctionTimeout = maxFunctionTimeout;
    b.mbPerVcpu = mbPerVcpu;
    b.defaultExecutors = defaultExecutors;
    b.maxExecutors = maxExecutors;
    b.historyEventLimit = historyEventLimit;
    b.historyEvents = historyEvents;
    return b;
  }

  /** Builds {@link RuntimeLimits}, starting from {@link #LAMBDA_STEP_FUNCTIONS}'s; validated at {@link #build()}. */
  public static final class Builder {
    private String platform;
    private int minMemoryMb;
    private int maxMemoryMb;
    private Duration maxFunctionTimeout;
    private int mbPerVcpu;
    private int defaultExecutors;
    private int maxExecutors;
    private int historyEventLimit;
    private HistoryEvents historyEvents;

    private Builder() {}

    public Builder platform(String platform) {
      this.platform = platform;
      return this;
    }

    public Builder minMemoryMb(int mb) {
      this.minMemoryMb = mb;
      return this;
    }

    public Builder maxMemoryMb(int mb) {
      this.maxMemoryMb = mb;
      return this;
    }

    public Builder maxFunctionTimeout(Duration timeout) {
      this.maxFunctionTimeout = timeout;
      return this;
    }

    public Builder mbPerVcpu(int mb) {
      this.mbPerVcpu = mb;
      return this;
    }

    public Builder defaultExecutors(int executors) {
      this.defaultExecutors = executors;
      return this;
    }

    public Builder maxExecutors(int executors) {
      this.maxExecutors = executors;
      return this;
    }

    public Builder historyEventLimit(int events) {
      this.historyEventLimit = events;
      return this;
    }

    public Builder historyEvents(HistoryEvents events) {
      this.historyEvents = events;
      return this;
    }

    public RuntimeLimits build() {
      return new RuntimeLimits(platform, minMemoryMb, maxMemoryMb, maxFunctionTimeout, mbPerVcpu, defaultExecutors, maxExecutors,
          historyEventLimit, historyEvents);
    }
  }
}
