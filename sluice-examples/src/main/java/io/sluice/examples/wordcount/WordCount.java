package io.sluice.examples.wordcount;

import static java.nio.charset.StandardCharsets.UTF_8;

import io.sluice.Job;
import io.sluice.JobFactory;
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

/** The README's example: counts the words of every object under {@code input/books/}. */
public final class WordCount implements JobFactory {
  @Override
  public String name() {
    return "word-count";
  }

  @Override
  public String description() {
    return "Count the words of each object under input/books/ (the README's example)";
  }

  @Override
  public Job create() {
    return Job.builder(name()).stage(new Count()).build();
  }

  static final class Count implements Stage {
    @Override
    public String name() {
      return "count";
    }

    // Driver side: one task per input object.
    @Override
    public Plan plan(PlanContext ctx) {
      List<TaskSpec> tasks = new ArrayList<>();
      ctx.store().listAll("input/books/").forEach(o -> tasks.add(TaskSpec.of(o.key())));
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
