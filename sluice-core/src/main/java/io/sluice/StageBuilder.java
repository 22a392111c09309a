package io.sluice;

import java.util.List;
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
  private List<Parameter<?>> parameters = List.of();

  StageBuilder(String name) {
    this.name = name;
  }

  /** The driver side: see {@link Stage#plan}. Required. */
  public StageBuilder plan(Planner planner) {
    this.planner = Objects.requireNonNull(planner, "planner");
    return this;
  }

  /** The executor side: see {@link Stage#run}. Required if the plan returns tasks. */
  public StageBuilder run(Runner runner) {
    this.runner = Objects.requireNonNull(runner, "runner");
    return this;
  }

  /** The completion step: see {@link Stage#complete}; by default it goes on to the next stage. */
  public StageBuilder complete(Completer completer) {
    this.completer = Objects.requireNonNull(completer, "completer");
    return this;
  }

  /** How the stage's tasks run: see {@link Stage#settings()}. */
  public StageBuilder settings(StageSettings settings) {
    this.settings = Objects.requireNonNull(settings, "settings");
    return this;
  }

  /** The run parameters the stage reads: see {@link Stage#parameters()}. */
  public StageBuilder parameters(Parameter<?>... parameters) {
    this.parameters = List.of(parameters);
    return this;
  }

  /** @throws JobDefinitionException if the stage has no plan */
  public Stage build() {
    if (planner == null) {
      throw new JobDefinitionException("Stage '" + name + "' has no plan: call plan(ctx -> ...) before build()");
    }
    return new Built(name, planner, runner, completer, settings, parameters);
  }

  private record Built(String name, Planner planner, Runner runner, Completer completer, StageSettings settings,
      List<Parameter<?>> parameters) implements Stage {
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
