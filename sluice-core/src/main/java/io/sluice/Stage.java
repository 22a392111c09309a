package io.sluice;

import java.util.List;

/**
 * One step of a {@link Job}. The Driver calls {@link #plan} to decide what the stage does next; the
 * Executors call {@link #run} once per task; when every task has committed, the Driver calls {@link
 * #complete}.
 *
 * <p>A stage object is shared by every invocation of a function instance and may run tasks on several
 * threads at once: keep it stateless, or keep only immutable configuration in it. What a stage must
 * remember between calls goes in the store ({@link DriverContext#stageState(Class)}, task outputs).
 *
 * <pre>{@code
 * final class CountWords implements Stage {
 *   public String name() { return "count-words"; }
 *
 *   static final Parameter<String> INPUT = Parameter.ofString("input", "where the texts are").withDefault("input/");
 *
 *   public List<Parameter<?>> parameters() { return List.of(INPUT); }
 *
 *   public Plan plan(PlanContext ctx) {
 *     List<TaskSpec> tasks = new ArrayList<>();
 *     ctx.store().listAll(ctx.parameters().get(INPUT)).forEach(o -> tasks.add(TaskSpec.of(o.key())));
 *     return Plan.tasks(tasks);
 *   }
 *
 *   public TaskOutcome run(Task task, TaskContext ctx) throws IOException {
 *     String key = task.input(String.class);
 *     try (var out = ctx.output("counts.csv")) { ... }
 *     return TaskOutcome.done();
 *   }
 * }
 * }</pre>
 */
public interface Stage {
  /** A stage built from lambdas: {@code Stage.named("x").plan(...).run(...).build()}. */
  static StageBuilder named(String name) {
    return new StageBuilder(name);
  }

  /** The stage's name: lower case letters, digits and dashes; unique within its job. */
  String name();

  /**
   * The driver side: inspect inputs and earlier stages' committed results, then return what to do.
   * Runs on the Driver, which is small and sequential: emit tasks for bulk work instead of doing it
   * here. Called again after a {@link Plan#sleep} and after {@link Completion#again()}.
   */
  Plan plan(PlanContext context) throws Exception;

  /**
   * The executor side: process one task. Runs on an Executor, possibly beside other tasks of the same
   * stage. Write results through {@link TaskContext#output}; they become visible to the Driver only
   * when this task commits. May be called more than once for the same task (retries, duplicate
   * deliveries): only the first commit counts.
   */
  default TaskOutcome run(Task task, TaskContext context) throws Exception {
    throw new JobDefinitionException("Stage '" + name() + "' planned tasks but does not implement run(Task, TaskContext)");
  }

  /**
   * The fan-in: called once every task of the stage has committed. Merge or check the results here
   * (small work), or leave bulk merging to a following stage.
   */
  default Completion complete(CompletionContext context) throws Exception {
    return Completion.next();
  }

  /** How this stage's tasks are run. */
  default StageSettings settings() {
    return StageSettings.DEFAULTS;
  }

  /**
   * The run parameters this stage reads ({@link StageContext#parameters()}); none by default. The
   * job's parameters are the union of its stages' ({@link Job#parameters()}), and a run that gives a
   * parameter no stage declares, or a value that is not of its type, is refused before it starts.
   */
  default List<Parameter<?>> parameters() {
    return List.of();
  }
}
