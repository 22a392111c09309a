package io.sluice.examples.demo;

import io.sluice.Job;
import io.sluice.JobFactory;

/**
 * The demo job, {@code demo}: clean order events in parallel, then revenue per tenant per day.
 *
 * <pre>{@code
 * ./sluice demo            # generates the input, then runs this job
 * ./sluice run demo        # runs it on input already in the store
 * ./sluice run demo -p size=64   # generates a 64 MB sample first (once per size and seed)
 * ./sluice asl demo        # prints its state machine
 * }</pre>
 */
public final class DemoJob implements JobFactory {
  /** Where {@code sluice demo} puts the generated input in the store. */
  public static final String INPUT_PREFIX = "input/demo/";
  /** Byte range per stage-1 task. */
  public static final long CHUNK_BYTES = 16L << 20;

  @Override
  public String name() {
    return "demo";
  }

  @Override
  public String description() {
    return "Clean CSV order events in parallel, then revenue per tenant per day";
  }

  @Override
  public Job create() {
    return job(CHUNK_BYTES);
  }

  /** The demo with a chosen chunk size (tests use small ones). */
  public static Job job(long chunkBytes) {
    return Job.builder("demo")
        .stage(new GenerateStage(INPUT_PREFIX))
        .stage(new CleanStage(INPUT_PREFIX, chunkBytes))
        .stage(new RevenueStage())
        .build();
  }
}
