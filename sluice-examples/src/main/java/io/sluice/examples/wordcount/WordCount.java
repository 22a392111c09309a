package io.sluice.examples.wordcount;

import static java.nio.charset.StandardCharsets.UTF_8;

import io.sluice.Job;
import io.sluice.JobFactory;
import io.sluice.Parameter;
import io.sluice.Plan;
import io.sluice.PlanContext;
import io.sluice.Stage;
import io.sluice.Task;
import io.sluice.TaskContext;
import io.sluice.TaskOutcome;
import io.sluice.TaskSpec;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;

/**
 * The README's example: counts the words of every object under {@code input/books/} (or under
 * parameter {@code input}: {@code ./sluice run word-count -p input=texts/}).
 */
public final class WordCount implements JobFactory {
  @Override
  public String name() {
    return "word-count";
  }

  @Override
  public String description() {
    return "Count the words of each object under input/books/ (or -p input=PREFIX; the README's example)";
  }

  @Override
  public Job create() {
    return Job.builder(name()).stage(new Count()).build();
  }

  static final class Count implements Stage {
    static final Parameter<String> INPUT = Parameter.ofString("input", "the key prefix of the texts to count")
        .withDefault("input/books/");

    @Override
    public String name() {
      return "count";
    }

    // The run parameters it reads: `-p input=...`; any other name is refused.
    @Override
    public List<Parameter<?>> parameters() {
      return List.of(INPUT);
    }

    // Driver side: one task per input object.
    @Override
    public Plan plan(PlanContext ctx) {
      List<TaskSpec> tasks = new ArrayList<>();
      ctx.store().listAll(ctx.parameters().get(INPUT)).forEach(o -> tasks.add(TaskSpec.of(o.key())));
      return Plan.tasks(tasks);
    }

    // Executor side: one task. Outputs commit only if this attempt is the first to finish.
    @Override
    public TaskOutcome run(Task task, TaskContext ctx) throws IOException {
      String text;
      try (InputStream in = ctx.open(task.input(String.class))) {
        text = new String(in.readAllBytes(), UTF_8);
      }
      int words = text.isBlank() ? 0 : text.strip().split("\\s+").length;
      try (OutputStream out = ctx.output("words.txt")) {
        out.write(Integer.toString(words).getBytes(UTF_8));
      }
      return TaskOutcome.done(words);
    }
  }
}
