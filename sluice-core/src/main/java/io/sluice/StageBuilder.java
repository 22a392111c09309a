package io.sluice;

import java.util.Objects;

/**
 * Builds a {@link Stage} from lambdas, for stages small enough not to deserve a class of their own.
 *
 * <pre>{@code
 * Stage squares = Stage.named("squares")
 *     .plan(ctx -> Plan.tasks(IntStream.range(0, 10).mapToObj(TaskSpec::of).toList()))
 *     .run((task, ctx) -> TaskOutcome.done(task.input(Integer.class) * task.input(Integer.class)))
 *     .build();
 * }</pre>
 */
public final class StageBuilder {
  /** The driver side, as a lambda. */
  @FunctionalInterface
  public interface Planner {
    Plan plan(PlanContext context) throws Exception;
  }

  /** The executor side, as a lambda. */
  @FunctionalInterface
  public interface Runner {
    TaskOutcome run(Task task, TaskContext context) throws Exception;
  }

  /** The completion step, as a lambda. */
  @FunctionalInterface
  public interface Completer {
    Completion complete(CompletionContext context) throws Exception;
  }

  private final String name;
  private Planner planner;
  private Runner runner;
  private Completer completer = ctx -> Completion.next();
  private StageSettings settings = StageSettings.DEFAULTS;

  StageBuilder(String name) {
    this.name = name;
  }

  public StageBuilder plan(Planner planner) {
    this.planner = Objects.requireNonNull(planner, "planner");
    return this;
  }

  public StageBuilder run(Runner runner) {
    this.runner = Objects.requireNonNull(runner, "runner");
    return this;
  }

  public StageBuilder complete(Completer completer) {
    this.completer = Objects.requireNonNull(completer, "completer");
    return this;
  }

  public StageBuilder settings(StageSettings settings) {
    this.settings = Objects.requireNonNull(settings, "settings");
    return this;
  }

  /** @throws JobDefinitionException if the stage has no plan */
  public Stage build() {
    if (planner == null) {
      throw new JobDefinitionException("Stage '" + name + "' has no plan: call plan(ctx -> ...) before build()");
    }
    return new Built(name, planner, runner, completer, settings);
  }

  private record Built(String name, Planner planner, Runner runner, Completer completer, StageSettings settings)
      implements Stage {
    @Override
    public Plan plan(PlanContext context) throws Exception {
      return planner.plan(context);
    }

    @Override
    public TaskOutcome run(Task task, TaskContext context) throws Exception {
      if (runner == null) {
        return Stage.super.run(task, context);
      }
      return runner.run(task, context);
    }

    @Override
    public Completion complete(CompletionContext context) throws Exception {
      return completer.complete(context);
    }
  }
}
