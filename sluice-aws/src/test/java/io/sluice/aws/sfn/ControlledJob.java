package io.sluice.aws.sfn;

import static java.nio.charset.StandardCharsets.UTF_8;

import io.sluice.Job;
import io.sluice.JobFactory;
import io.sluice.Plan;
import io.sluice.PlanContext;
import io.sluice.Stage;
import io.sluice.StageSettings;
import io.sluice.Task;
import io.sluice.TaskContext;
import io.sluice.TaskOutcome;
import io.sluice.TaskSpec;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A word count whose tasks the test steers by the text they read: a text containing {@code POISON}
 * fails its task (every attempt, until the test replaces it), one containing {@code WAIT} holds its
 * task until {@link #GATE} opens. {@link #CALLS} counts each task's runs by input key, so a test can
 * tell which tasks a redrive ran again. Two attempts per task, no back-off.
 */
public final class ControlledJob implements JobFactory {
  /** Task runs by input key. */
  public static final Map<String, AtomicInteger> CALLS = new ConcurrentHashMap<>();
  /** Opened by the test to let WAIT tasks finish. */
  public static volatile CountDownLatch GATE = new CountDownLatch(0);

  public static void reset() {
    CALLS.clear();
    GATE = new CountDownLatch(0);
  }

  public static int calls(String key) {
    AtomicInteger n = CALLS.get(key);
    return n == null ? 0 : n.get();
  }

  @Override
  public String name() {
    return "controlled";
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

    @Override
    public StageSettings settings() {
      return StageSettings.builder().maxAttempts(2).backoff(Duration.ZERO, 1.0).build();
    }

    @Override
    public Plan plan(PlanContext ctx) {
      List<TaskSpec> tasks = new ArrayList<>();
      ctx.store().listAll("input/").forEach(o -> tasks.add(TaskSpec.of(o.key())));
      return Plan.tasks(tasks);
    }

    @Override
    public TaskOutcome run(Task task, TaskContext ctx) throws Exception {
      String key = task.input(String.class);
      CALLS.computeIfAbsent(key, k -> new AtomicInteger()).incrementAndGet();
      String text;
      try (InputStream in = ctx.open(key)) {
        text = new String(in.readAllBytes(), UTF_8);
      }
      if (text.contains("POISON")) {
        throw new IllegalStateException("poisoned input " + key + ": replace it, then redrive the run");
      }
      if (text.contains("WAIT") && !GATE.await(60, TimeUnit.SECONDS)) { // a guard against a hang, not a timing assertion
        throw new IllegalStateException("the test never opened the gate");
      }
      int words = text.isBlank() ? 0 : text.strip().split("\\s+").length;
      try (OutputStream out = ctx.output("words.txt")) {
        out.write(Integer.toString(words).getBytes(UTF_8));
      }
      return TaskOutcome.done(words);
    }
  }
}
