package io.sluice.cli;

import io.sluice.Job;
import io.sluice.JobFactory;
import io.sluice.Parameter;
import io.sluice.Plan;
import io.sluice.Stage;
import java.util.concurrent.atomic.AtomicReference;

/** A job whose parameters are named like options of {@code sluice run}; run by class name in CliTest. */
public final class ClashingParameterJob implements JobFactory {
  static final Parameter<String> STORE = Parameter.ofString("store", "named like --store").withDefault("none");
  static final Parameter<String> COLOUR = Parameter.ofString("colour", "named like no option").withDefault("grey");
  /** What the last run's plan read: {@code store colour}. */
  static final AtomicReference<String> SEEN = new AtomicReference<>();

  @Override
  public String name() {
    return "clashing";
  }

  @Override
  public Job create() {
    return Job.builder(name()).stage(Stage.named("echo")
        .parameters(STORE, COLOUR)
        .plan(ctx -> {
          SEEN.set(ctx.parameters().get(STORE) + " " + ctx.parameters().get(COLOUR));
          return Plan.done();
        })
        .build()).build();
  }
}
