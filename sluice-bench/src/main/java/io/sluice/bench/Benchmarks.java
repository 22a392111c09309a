package io.sluice.bench;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sluice.Job;
import io.sluice.JobSettings;
import io.sluice.Plan;
import io.sluice.Stage;
import io.sluice.TaskOutcome;
import io.sluice.TaskSpec;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.sluice.local.LocalRuntime;
import io.sluice.local.ProgressListener;
import io.sluice.local.RunResult;
import io.sluice.statemachine.ExecutionResult;
import io.sluice.statemachine.Interpreter;
import io.sluice.statemachine.ObjectSource;
import io.sluice.statemachine.StateMachine;
import java.util.Map;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.stream.IntStream;

/**
 * Measures the local runtime's overhead and the interpreter's speed. Each measurement runs once to
 * warm up, then {@code REPEATS} times; the median is reported.
 *
 * <ul>
 *   <li>loop: one task that continues itself N times, so every continuation is one full
 *       Driver -> Executors -> Driver loop through the interpreter, the functions and the store;
 *   <li>no-op tasks: a stage of many tasks that do nothing, through the full loop;
 *   <li>interpreter Map: 1,000 iterations of a Pass state;
 *   <li>Distributed Map: 100,000 items read from the store, heap measured after.
 * </ul>
 */
public final class Benchmarks {
  private static final int REPEATS = 3;
  /**
   * Executor instances at once: the latency goal's 40, as on Lambda and as these rows have always
   * been measured (the local runtime's default is the machine's cores; see docs/benchmarks.md).
   * {@code -Dsluice.bench.executors=N} measures another number.
   */
  private static final int EXECUTORS = Integer.getInteger("sluice.bench.executors", 40);
  /** Whether the store flushes every object to disk (not the local runtime's default) or not. */
  private static boolean SYNC = false;

  public static void main(String[] args) throws Exception {
    if (args.length == 2 && args[0].equals("--distributed-map-only")) {
      // Run alone in a small heap by scripts/bench: completing at all shows the memory is bounded.
      int items = Integer.parseInt(args[1]);
      long[] mem = new long[1];
      double ms = timeDistributedMap(items, mem);
      System.out.printf("| interpreter: Distributed Map of %,d items in a %d MB heap (live heap after GCs, at most: %d MB) | %.2f s | %.1f us per item |%n",
          items, Runtime.getRuntime().maxMemory() >> 20, mem[0] >> 20, ms / 1000, ms * 1000 / items);
      return;
    }
    boolean quick = List.of(args).contains("--quick");
    int loops = quick ? 50 : 200;
    int noops = quick ? 2_000 : 10_000;
    System.out.println("| benchmark | median | per unit |");
    System.out.println("|---|---|---|");
    double loopMs = median(() -> timeLoops(loops));
    System.out.printf("| %d Driver->Executors->Driver loops | %.2f s | %.2f ms per loop |%n", loops, loopMs / 1000, loopMs / loops);
    double noopMs = median(() -> timeNoops(noops));
    System.out.printf("| %,d no-op tasks through the full loop | %.2f s | %,.0f tasks/s |%n", noops, noopMs / 1000,
        noops / (noopMs / 1000));
    for (int n : quick ? new int[] {2_000, 20_000} : new int[] {10_000, 100_000}) {
      requestRows.add(countedNoops(n));
    }
    SYNC = true;
    loopMs = median(() -> timeLoops(loops));
    System.out.printf("| %d loops, store with fsync (`syncWrites(true)`) | %.2f s | %.2f ms per loop |%n", loops, loopMs / 1000,
        loopMs / loops);
    noopMs = median(() -> timeNoops(noops));
    System.out.printf("| %,d no-op tasks, store with fsync | %.2f s | %,.0f tasks/s |%n", noops, noopMs / 1000,
        noops / (noopMs / 1000));
    SYNC = false;
    double mapMs = median(Benchmarks::timeInlineMap);
    System.out.printf("| interpreter: inline Map of 1,000 Pass iterations | %.1f ms | %.1f us per iteration |%n", mapMs,
        mapMs * 1000 / 1000);
    int items = quick ? 20_000 : 100_000;
    long[] mem = new long[1];
    double dmapMs = median(() -> timeDistributedMap(items, mem));
    System.out.printf("| interpreter: Distributed Map of %,d items (live heap after GCs, at most: %d MB) | %.2f s | %.1f us per item |%n",
        items, mem[0] >> 20, dmapMs / 1000, dmapMs * 1000 / items);
    System.out.println();
    System.out.println("Store requests of a no-op stage (one run each, counted by a decorator of the directory store):");
    System.out.println();
    System.out.println("| no-op tasks | wall | tasks/s | driver steps | executor invocations | driver requests per task"
        + " | executor requests per task | driver LISTs per step | bytes read per executor invocation |");
    System.out.println("|---|---|---|---|---|---|---|---|---|");
    requestRows.forEach(r -> System.out.println(r.summary()));
    System.out.println();
    System.out.println("The same requests by kind, per task (driver + executors):");
    System.out.println();
    StringBuilder head = new StringBuilder("| no-op tasks |");
    StringBuilder rule = new StringBuilder("|---|");
    for (CountingStore.Kind k : CountingStore.Kind.values()) {
      head.append(' ').append(k).append(" |");
      rule.append("---|");
    }
    System.out.println(head);
    System.out.println(rule);
    requestRows.forEach(r -> System.out.println(r.byKind()));
  }

  private static final List<RequestRow> requestRows = new ArrayList<>();

  /** What one counted run of a no-op stage asked of the store. */
  record RequestRow(int tasks, double millis, RunResult result, CountingStore store) {
    String summary() {
      double perTask = tasks;
      return String.format("| %,d | %.2f s | %,.0f | %d | %d | %.2f | %.2f | %.1f | %,.0f B |", tasks, millis / 1000,
          tasks / (millis / 1000), result.driverInvocations(), result.executorInvocations(),
          store.requests(CountingStore.Side.DRIVER) / perTask, store.requests(CountingStore.Side.EXECUTOR) / perTask,
          store.requests(CountingStore.Side.DRIVER, CountingStore.Kind.LIST) / (double) result.driverInvocations(),
          store.bytesRead(CountingStore.Side.EXECUTOR) / (double) result.executorInvocations());
    }

    String byKind() {
      StringBuilder row = new StringBuilder(String.format("| %,d |", tasks));
      for (CountingStore.Kind k : CountingStore.Kind.values()) {
        long n = 0;
        for (CountingStore.Side s : CountingStore.Side.values()) {
          n += store.requests(s, k);
        }
        row.append(String.format(" %.3f |", n / (double) tasks));
      }
      return row.toString();
    }
  }

  /** One run of {@code n} no-op tasks on a counting store. */
  static RequestRow countedNoops(int n) throws IOException {
    Stage stage = Stage.named("noop")
        .plan(ctx -> Plan.tasks(IntStream.range(0, n).mapToObj(TaskSpec::of).toList()))
        .run((task, ctx) -> TaskOutcome.done())
        .build();
    Job job = Job.builder("bench-noop").stage(stage).settings(settings()).build();
    Path dir = Files.createTempDirectory("sluice-bench-");
    CountingStore store = new CountingStore(new io.sluice.local.store.FileSystemObjectStore(dir));
    try (LocalRuntime runtime = LocalRuntime.builder(job).store(store).executorConcurrency(EXECUTORS).build()) {
      long start = System.nanoTime();
      RunResult r = runtime.run("bench", Map.of(), ProgressListener.none());
      double ms = (System.nanoTime() - start) / 1e6;
      if (!r.succeeded()) {
        throw new IllegalStateException("benchmark run failed: " + r.error() + ": " + r.cause());
      }
      return new RequestRow(n, ms, r, store);
    } finally {
      delete(dir);
    }
  }

  interface Timed {
    double millis() throws Exception;
  }

  static double median(Timed t) throws Exception {
    t.millis();
    List<Double> runs = new ArrayList<>();
    for (int i = 0; i < REPEATS; i++) {
      runs.add(t.millis());
    }
    Collections.sort(runs);
    return runs.get(runs.size() / 2);
  }

  static JobSettings settings() {
    return JobSettings.builder().executorTimeout(Duration.ofMinutes(5)).executorBudget(Duration.ofMinutes(4)).build();
  }

  /** One task that continues itself {@code n} times: n loops. */
  static double timeLoops(int n) throws IOException {
    Stage stage = Stage.named("loop")
        .plan(ctx -> Plan.tasks(List.of(TaskSpec.of("loop"))))
        .run((task, ctx) -> {
          int i = task.resumeFrom(Integer.class).orElse(0);
          return i + 1 < n ? TaskOutcome.continueAt(i + 1) : TaskOutcome.done();
        })
        .build();
    return runJob(Job.builder("bench-loop").stage(stage).settings(settings()).build());
  }

  static double timeNoops(int n) throws IOException {
    Stage stage = Stage.named("noop")
        .plan(ctx -> Plan.tasks(IntStream.range(0, n).mapToObj(TaskSpec::of).toList()))
        .run((task, ctx) -> TaskOutcome.done())
        .build();
    return runJob(Job.builder("bench-noop").stage(stage).settings(settings()).build());
  }

  static double runJob(Job job) throws IOException {
    Path dir = Files.createTempDirectory("sluice-bench-");
    try (LocalRuntime runtime = LocalRuntime.builder(job).storeDir(dir).syncWrites(SYNC).executorConcurrency(EXECUTORS)
        .build()) {
      long start = System.nanoTime();
      RunResult r = runtime.run("bench", Map.of(), ProgressListener.none());
      double ms = (System.nanoTime() - start) / 1e6;
      if (!r.succeeded()) {
        throw new IllegalStateException("benchmark run failed: " + r.error() + ": " + r.cause());
      }
      return ms;
    } finally {
      delete(dir);
    }
  }

  static double timeInlineMap() {
    ObjectNode def = JsonNodeFactory.instance.objectNode();
    def.put("StartAt", "Each");
    ObjectNode map = def.putObject("States").putObject("Each");
    map.put("Type", "Map");
    map.put("ItemsPath", "$.items");
    map.put("MaxConcurrency", 0);
    ObjectNode proc = map.putObject("ItemProcessor");
    proc.put("StartAt", "P");
    ObjectNode pass = proc.putObject("States").putObject("P");
    pass.put("Type", "Pass");
    pass.putObject("Parameters").put("v.$", "$");
    pass.put("End", true);
    map.put("End", true);
    ObjectNode input = JsonNodeFactory.instance.objectNode();
    ArrayNode items = input.putArray("items");
    IntStream.range(0, 1000).forEach(items::add);
    StateMachine sm = StateMachine.parse(def);
    Interpreter interpreter = Interpreter.builder().build();
    long start = System.nanoTime();
    ExecutionResult r = interpreter.run(sm, input);
    double ms = (System.nanoTime() - start) / 1e6;
    if (!r.succeeded() || r.output().size() != 1000) {
      throw new IllegalStateException("inline Map benchmark failed: " + r.error() + ": " + r.cause());
    }
    return ms;
  }

  static double timeDistributedMap(int n, long[] heapAfter) {
    StringBuilder lines = new StringBuilder();
    for (int i = 0; i < n; i++) {
      lines.append("{\"id\":").append(i).append(",\"name\":\"item-").append(i).append("\"}\n");
    }
    byte[] content = lines.toString().getBytes(StandardCharsets.UTF_8);
    ObjectSource source = new ObjectSource() {
      @Override
      public List<String> list(String bucket, String prefix) {
        return List.of("items.jsonl");
      }

      @Override
      public byte[] get(String bucket, String key) {
        return content;
      }

      @Override
      public void put(String bucket, String key, byte[] c) {}
    };
    String def = """
        {"StartAt": "Each", "States": {"Each": {
          "Type": "Map", "MaxConcurrency": 100,
          "ItemReader": {"Resource": "arn:aws:states:::s3:getObject",
                         "ReaderConfig": {"InputType": "JSONL"},
                         "Parameters": {"Bucket": "bench", "Key": "items.jsonl"}},
          "ItemProcessor": {"ProcessorConfig": {"Mode": "DISTRIBUTED", "ExecutionType": "EXPRESS"},
                            "StartAt": "P", "States": {"P": {"Type": "Pass", "End": true}}},
          "ResultWriter": {"Resource": "arn:aws:states:::s3:putObject",
                           "Parameters": {"Bucket": "bench", "Prefix": "results"}},
          "End": true}}}
        """;
    StateMachine sm = StateMachine.parse(def);
    Interpreter interpreter = Interpreter.builder().objectSource(source).build();
    System.gc();
    long[] peak = {liveHeap()};
    Thread sampler = new Thread(() -> {
      while (!Thread.currentThread().isInterrupted()) {
        peak[0] = Math.max(peak[0], liveHeap());
        try {
          Thread.sleep(5);
        } catch (InterruptedException e) {
          return;
        }
      }
    });
    sampler.setDaemon(true);
    sampler.start();
    long start = System.nanoTime();
    ExecutionResult r = interpreter.run(sm, JsonNodeFactory.instance.objectNode());
    double ms = (System.nanoTime() - start) / 1e6;
    sampler.interrupt();
    if (!r.succeeded()) {
      throw new IllegalStateException("Distributed Map benchmark failed: " + r.error() + ": " + r.cause());
    }
    heapAfter[0] = peak[0];
    return ms;
  }

  /** Heap in use just after the latest collection of each pool: the live data, not garbage yet to collect. */
  static long liveHeap() {
    long used = 0;
    for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
      if (pool.getType() == MemoryType.HEAP && pool.getCollectionUsage() != null) {
        used += pool.getCollectionUsage().getUsed();
      }
    }
    return used;
  }

  static void delete(Path dir) throws IOException {
    try (var walk = Files.walk(dir)) {
      for (Path p : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }

  private Benchmarks() {}

}
