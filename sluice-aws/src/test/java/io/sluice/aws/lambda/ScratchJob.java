package io.sluice.aws.lambda;

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
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;

/**
 * A job of one task per run that writes its run's id to a fixed file name in its temp directory, waits
 * until {@link #BARRIER}'s other parties (the other runs' tasks) have written theirs, then reads it
 * back and commits what it read and where. Concurrent invocations that shared a temp directory would
 * read another run's id. Found by class name ({@code SLUICE_JOB=io.sluice.aws.lambda.ScratchJob}).
 */
public final class ScratchJob implements JobFactory {
  /** Set by the test before the runs start: every task waits here, so all run at the same time. */
  static volatile CyclicBarrier BARRIER = new CyclicBarrier(1);

  @Override
  public String name() {
    return "scratch";
  }

  @Override
  public Job create() {
    return Job.builder(name()).stage(new Scratch()).build();
  }

  static final class Scratch implements Stage {
    @Override
    public String name() {
      return "scratch";
    }

    @Override
    public Plan plan(PlanContext ctx) {
      return Plan.tasks(List.of(TaskSpec.of(ctx.runId())));
    }

    @Override
    public TaskOutcome run(Task task, TaskContext ctx) throws Exception {
      String run = task.input(String.class);
      Path file = ctx.tempDir().resolve("scratch.txt");
      Files.writeString(file, run);
      BARRIER.await(60, TimeUnit.SECONDS); // a guard against a hang, not a timing assertion
      String read = Files.readString(file);
      try (OutputStream out = ctx.output("scratch.txt")) {
        out.write((read + "\n" + ctx.tempDir()).getBytes(UTF_8));
      }
      return TaskOutcome.done();
    }
  }
}
