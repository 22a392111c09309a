package io.sluice.aws.lambda;

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
import java.io.OutputStream;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * A job that reads a secret on both sides: the Driver's plan reads {@code db-password} and {@code
 * shards} (how many tasks), each task reads {@code db-password} and commits its SHA-256, so a test can
 * tell the right value arrived without the value being written anywhere. Found by class name ({@code
 * SLUICE_JOB=io.sluice.aws.lambda.SecretJob}).
 */
public final class SecretJob implements JobFactory {
  static final Parameter<String> PASSWORD = Parameter.ofString("db-password", "the database password");
  static final Parameter<Integer> SHARDS = Parameter.ofInt("shards", "how many tasks");

  @Override
  public String name() {
    return "secret-reader";
  }

  @Override
  public Job create() {
    return Job.builder(name()).stage(new Check()).build();
  }

  /** The SHA-256 of {@code text}, in hex. */
  static String sha256(String text) throws Exception {
    return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(UTF_8)));
  }

  static final class Check implements Stage {
    @Override
    public String name() {
      return "check";
    }

    @Override
    public List<Parameter<?>> parameters() {
      return List.of(PASSWORD, SHARDS);
    }

    @Override
    public Plan plan(PlanContext ctx) {
      if (ctx.parameters().get(PASSWORD).isEmpty()) {
        throw new IllegalArgumentException("the password is empty");
      }
      List<TaskSpec> tasks = new ArrayList<>();
      for (int i = 0; i < ctx.parameters().get(SHARDS); i++) {
        tasks.add(TaskSpec.of("shard-" + i));
      }
      return Plan.tasks(tasks);
    }

    @Override
    public TaskOutcome run(Task task, TaskContext ctx) throws Exception {
      try (OutputStream out = ctx.output("digest.txt")) {
        out.write(sha256(ctx.parameters().get(PASSWORD)).getBytes(UTF_8));
      }
      return TaskOutcome.done();
    }
  }
}
