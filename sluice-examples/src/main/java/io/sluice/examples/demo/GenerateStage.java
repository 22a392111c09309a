package io.sluice.examples.demo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sluice.Completion;
import io.sluice.CompletionContext;
import io.sluice.Plan;
import io.sluice.PlanContext;
import io.sluice.Stage;
import io.sluice.Task;
import io.sluice.TaskContext;
import io.sluice.TaskOutcome;
import io.sluice.TaskSpec;
import io.sluice.store.ObjectNotFoundException;
import io.sluice.store.ObjectStore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;

/**
 * Stage 0 of the demo: writes the sample input when the run asks for one ({@code -p size=MB}, as
 * {@code sluice demo} does) and it is not there yet. Without {@code size} it does nothing: the input
 * is the user's.
 *
 * <p>The sample is written once per size and seed: a marker beside the input ({@value #MARKER})
 * records what was generated, and a run whose size and seed match it generates nothing. The stage
 * never deletes anything: it writes the seven {@code orders-DATE.csv} objects {@link DemoData} names,
 * overwriting earlier samples of those names, and leaves every other object under the prefix alone.
 * Its one task writes to the input prefix directly rather than through task outputs: the sample is
 * shared by every run, and writing it again (a retried task) writes the same bytes.
 */
public final class GenerateStage implements Stage {
  /** Beside the input, not under its prefix, so the job never reads it as input. */
  public static final String MARKER = "input/demo.generated.json";
  /** Bump when the generator's output changes, so older samples are regenerated. */
  static final int FORMAT = 1;

  private static final ObjectMapper JSON = new ObjectMapper();

  /** What a sample is: its size, its seed and the generator's format. */
  public record Sample(long sizeMb, long seed, int format) {}

  private final String inputPrefix;

  public GenerateStage(String inputPrefix) {
    this.inputPrefix = inputPrefix;
  }

  @Override
  public String name() {
    return "generate";
  }

  @Override
  public Plan plan(PlanContext ctx) {
    JsonNode size = ctx.parameters().get("size");
    if (size == null) {
      return Plan.done();
    }
    long sizeMb = number(size, "size");
    long seed = ctx.parameters().has("seed") ? number(ctx.parameters().get("seed"), "seed") : 42;
    if (sizeMb < 1 || sizeMb > 100_000) {
      return Plan.fail("Demo.InvalidParameter", "Parameter 'size' must be between 1 and 100000 MB, got " + sizeMb);
    }
    Sample wanted = new Sample(sizeMb, seed, FORMAT);
    if (wanted.equals(existing(ctx.store()))) {
      return Plan.done();
    }
    return Plan.tasks(List.of(TaskSpec.of(wanted)));
  }

  @Override
  public TaskOutcome run(Task task, TaskContext ctx) {
    Sample sample = task.input(Sample.class);
    long lines = DemoData.generate(ctx.store(), inputPrefix, sample.sizeMb() * 1024L * 1024L, sample.seed());
    return TaskOutcome.done(lines);
  }

  @Override
  public Completion complete(CompletionContext ctx) {
    if (!ctx.results().isEmpty()) {
      Sample sample;
      try {
        sample = JSON.treeToValue(ctx.results().get(0).input(), Sample.class);
        ctx.store().put(MARKER, JSON.writeValueAsBytes(sample));
      } catch (IOException e) {
        throw new UncheckedIOException("Cannot write the demo's marker " + MARKER, e);
      }
    }
    return Completion.next();
  }

  /** The sample the marker describes, or null if there is none or it cannot be read. */
  static Sample existing(ObjectStore store) {
    try {
      return JSON.readValue(store.get(MARKER), Sample.class);
    } catch (ObjectNotFoundException | IOException e) {
      return null; // no sample yet, or a marker of another shape: generate again
    }
  }

  private static long number(JsonNode value, String name) {
    String text = value.asText();
    try {
      return Long.parseLong(text.strip());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("Parameter '" + name + "' must be a whole number, got '" + text + "'");
    }
  }
}
