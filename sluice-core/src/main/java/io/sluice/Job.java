package io.sluice;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A job: a name, an ordered list of stages, and the settings of its functions. Immutable; validated
 * when built.
 *
 * <pre>{@code
 * Job job = Job.builder("orders")
 *     .stage(new SplitAndTransform())
 *     .stage(new RevenuePerTenantPerDay())
 *     .settings(JobSettings.builder().executorMemoryMb(4096).build())
 *     .build();
 * }</pre>
 */
public final class Job {
  private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9-]{0,62}");

  private final String name;
  private final List<Stage> stages;
  private final JobSettings settings;
  private final JobParameters parameters;

  private Job(String name, List<Stage> stages, JobSettings settings) {
    this.name = name;
    this.stages = List.copyOf(stages);
    this.settings = settings;
    this.parameters = JobParameters.of(name, this.stages);
  }

  public static Builder builder(String name) {
    return new Builder(name);
  }

  public String name() {
    return name;
  }

  public List<Stage> stages() {
    return stages;
  }

  public JobSettings settings() {
    return settings;
  }

  /** The run parameters the job's stages declare; a runtime checks a run's against them. */
  public JobParameters parameters() {
    return parameters;
  }

  /** The stage named {@code stageName}, if the job has one. */
  public Optional<Stage> stage(String stageName) {
    return stages.stream().filter(s -> s.name().equals(stageName)).findFirst();
  }

  /**
   * The most executors any stage may run at once on a runtime that runs {@code runtimeDefault} per
   * round unless a stage asks for another number, and at most {@code runtimeMax}: the loop's Map
   * MaxConcurrency ({@link StageSettings#maxExecutors(int, int)}).
   */
  public int maxExecutors(int runtimeDefault, int runtimeMax) {
    return stages.stream().mapToInt(s -> s.settings().maxExecutors(runtimeDefault, runtimeMax)).max().orElse(1);
  }

  @Override
  public String toString() {
    return "Job[" + name + ", stages=" + stages.stream().map(Stage::name).toList() + "]";
  }

  /** Builds a {@link Job}. */
  public static final class Builder {
    private final String name;
    private final List<Stage> stages = new ArrayList<>();
    private JobSettings settings = JobSettings.DEFAULTS;

    private Builder(String name) {
      this.name = name;
    }

    public Builder stage(Stage stage) {
      stages.add(Objects.requireNonNull(stage, "stage"));
      return this;
    }

    public Builder settings(JobSettings settings) {
      this.settings = Objects.requireNonNull(settings, "settings");
      return this;
    }

    /** @throws JobDefinitionException naming the job and what is wrong */
    public Job build() {
      if (name == null || !NAME.matcher(name).matches()) {
        throw new JobDefinitionException("Job name '" + name
            + "' is invalid: use 1-63 lower-case letters, digits and dashes, starting with a letter or digit");
      }
      if (stages.isEmpty()) {
        throw new JobDefinitionException("Job '" + name + "' has no stages: add at least one with stage(...)");
      }
      Set<String> seen = new HashSet<>();
      for (Stage stage : stages) {
        String s = stage.name();
        if (s == null || !NAME.matcher(s).matches()) {
          throw new JobDefinitionException("Job '" + name + "': stage name '" + s
              + "' is invalid: use 1-63 lower-case letters, digits and dashes");
        }
        if (!seen.add(s)) {
          throw new JobDefinitionException("Job '" + name + "' has two stages named '" + s + "'");
        }
        Objects.requireNonNull(stage.settings(), "settings of stage " + s);
      }
      return new Job(name, stages, settings);
    }
  }
}
