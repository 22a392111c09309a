package io.sluice.examples.demo;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.sluice.Parameter;
import io.sluice.Plan;
import io.sluice.PlanContext;
import io.sluice.Stage;
import io.sluice.store.ObjectNotFoundException;
import io.sluice.store.ObjectStore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;

/**
 * Stage 0 of the demo: writes the sample input when the run asks for one ({@code -p size=MB}, as
 * {@code sluice demo} does) and it is not there yet. With {@code size} 0 (the default) it does
 * nothing: the input is the user's.
 *
 * <p>The sample is written once per size and seed: a marker beside the input ({@value #MARKER})
 * records what was generated, and a run whose size and seed match it generates nothing. The stage
 * never deletes anything: it writes the seven {@code orders-DATE.csv} objects {@link DemoData} names,
 * overwriting earlier samples of those names, and leaves every other object under the prefix alone.
 *
 * <p>This stage does its work in {@code plan}, on the Driver, through the raw store: a shortcut a
 * real job should not take (bulk work belongs in tasks), taken here because the sample is shared by
 * every run rather than being one run's output, and generating it is a second or two of work that
 * writes the same bytes however often a retried driver step repeats it.
 */
public final class GenerateStage implements Stage {
  /** Beside the input, not under its prefix, so the job never reads it as input. */
  public static final String MARKER = "input/demo.generated.json";
  /** Bump when the generator's output changes, so older samples are regenerated. */
  static final int FORMAT = 1;

  static final Parameter<Long> SIZE = Parameter.ofLong("size",
      "megabytes of sample input to generate first, once per size and seed (0: use the input as it is)").withDefault(0L);
  static final Parameter<Long> SEED = Parameter.ofLong("seed", "the seed of the generated sample").withDefault(42L);

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
  public List<Parameter<?>> parameters() {
    return List.of(SIZE, SEED);
  }

  @Override
  public Plan plan(PlanContext ctx) {
    long sizeMb = ctx.parameters().get(SIZE);
    if (sizeMb == 0) {
      return Plan.done();
    }
    if (sizeMb < 0 || sizeMb > 100_000) {
      return Plan.fail("Demo.InvalidParameter", "Parameter 'size' must be between 1 and 100000 MB, got " + sizeMb);
    }
    Sample wanted = new Sample(sizeMb, ctx.parameters().get(SEED), FORMAT);
    if (!wanted.equals(existing(ctx.store()))) {
      DemoData.generate(ctx.store(), inputPrefix, wanted.sizeMb() * 1024L * 1024L, wanted.seed());
      try {
        ctx.store().put(MARKER, JSON.writeValueAsBytes(wanted));
      } catch (IOException e) {
        throw new UncheckedIOException("Cannot write the demo's marker " + MARKER, e);
      }
    }
    return Plan.done();
  }

  /** The sample the marker describes, or null if there is none or it cannot be read. */
  static Sample existing(ObjectStore store) {
    try {
      return JSON.readValue(store.get(MARKER), Sample.class);
    } catch (ObjectNotFoundException | IOException e) {
      return null; // no sample yet, or a marker of another shape: generate again
    }
  }
}
