package io.sluice.pipeline;

import io.sluice.Completion;
import io.sluice.CompletionContext;
import io.sluice.DriverContext;
import io.sluice.Plan;
import io.sluice.PlanContext;
import io.sluice.Stage;
import io.sluice.StageSettings;
import io.sluice.Task;
import io.sluice.TaskContext;
import io.sluice.TaskOutcome;
import io.sluice.TaskResult;
import io.sluice.TaskSpec;
import io.sluice.Workload;
import io.sluice.parquet.ParquetFormat;
import io.sluice.pipeline.Flow.CollectOut;
import io.sluice.pipeline.Flow.Exchange;
import io.sluice.pipeline.Flow.ExchangeOut;
import io.sluice.pipeline.Flow.Fragment;
import io.sluice.pipeline.Flow.JoinIn;
import io.sluice.pipeline.Flow.JoinSideOut;
import io.sluice.pipeline.Flow.JoinSpec;
import io.sluice.pipeline.Flow.MergeIn;
import io.sluice.pipeline.Flow.Out;
import io.sluice.pipeline.Flow.ScanIn;
import io.sluice.pipeline.Flow.TableOut;
import io.sluice.pipeline.internal.Aggregation;
import io.sluice.pipeline.internal.DeferredFiles;
import io.sluice.pipeline.internal.GraceJoin;
import io.sluice.pipeline.internal.SpillingAggregation;
import io.sluice.pipeline.internal.JoinTable;
import io.sluice.pipeline.internal.Quarantine;
import io.sluice.pipeline.internal.Steps;
import io.sluice.plan.ChunkSizer;
import io.sluice.record.BadRecord;
import io.sluice.record.BadRecordPolicy;
import io.sluice.record.InputFile;
import io.sluice.record.MutableRow;
import io.sluice.record.ReadOptions;
import io.sluice.record.RecordReader;
import io.sluice.record.Row;
import io.sluice.record.Schema;
import io.sluice.record.Split;
import io.sluice.shuffle.KeyEncoder;
import io.sluice.shuffle.ReducePlanner;
import io.sluice.shuffle.ReducePlanner.ReduceTask;
import io.sluice.shuffle.ShuffleIndex;
import io.sluice.shuffle.ShuffleReader;
import io.sluice.shuffle.ShuffleWriter;
import io.sluice.store.ObjectInfo;
import io.sluice.store.StoreLocation;
import io.sluice.table.DataFile;
import io.sluice.table.FileSink;
import io.sluice.table.PartitionSpec;
import io.sluice.table.PartitionedWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One stage of a pipeline that groups or joins ({@link Flow}): its tasks read a split of the
 * source, or their partitions of an exchange (the storage shuffle: {@link ShuffleWriter} objects of
 * the producing stages' committed tasks, read with ranged reads), run the pipeline's steps, and write
 * an exchange, a table, or rows for the driver.
 *
 * <p>A task's result carries, per exchange it wrote, the {@link ShuffleIndex} of its one object; the
 * consuming stage plans its reduce tasks from those indexes alone ({@link ReducePlanner}), so only
 * committed attempts are ever read, and a duplicate or retried map attempt counts once.
 */
final class ShuffleStage implements Stage {
  /**
   * A task: a split of the source ({@code key} set), or slices of exchanges; {@code partitions} of the
   * exchange it writes; for the probe side of a join, whether it joins against the whole build side
   * ({@code broadcast}, whose map outputs it reads whole); for a sort, its {@code range} (each slice
   * carries its own key bounds); for a coalescing task, the exchange whose outputs it joins.
   */
  public record Work(String key, String etag, Split split, List<Slice> slices, boolean joinHere, List<Slice> broadcast,
      int partitions, int range, String coalesce) {
    public Work {
      slices = slices == null ? List.of() : List.copyOf(slices);
      broadcast = broadcast == null ? List.of() : List.copyOf(broadcast);
    }

    Work(String key, String etag, Split split, List<Slice> slices, boolean joinHere, List<Slice> broadcast, int partitions,
        int range) {
      this(key, etag, split, slices, joinHere, broadcast, partitions, range, null);
    }
  }

  /**
   * Where the consuming stage stands: {@code COALESCING} while a first round joins many map outputs
   * into fewer (so that reduce tasks make fewer reads), {@code COALESCED} once it has (the joined
   * outputs are listed in the store, at {@link #coalescedKey}).
   */
  public record Round(String phase) {
    static final String COALESCING = "coalescing";
    static final String COALESCED = "coalesced";
  }

  /** Map outputs joined per coalescing task at most (open streams at once). */
  static final int MAX_COALESCE_FAN_IN = 32;
  /** Bytes one coalescing task joins at most. */
  static final long MAX_COALESCE_BYTES = 4L << 30;

  private static final com.fasterxml.jackson.databind.ObjectMapper JSON = new com.fasterxml.jackson.databind.ObjectMapper();

  static String coalescedKey(String runId, String stage, String exchange) {
    return new io.sluice.run.RunLayout(runId).root() + "shuffle/" + stage + "/" + exchange + ".json";
  }

  /** Bytes {@code [offset, offset + length)} of map output {@code key}, of the join's right side when {@code right}. */
  public record Slice(String key, long offset, long length, long rows, boolean right, String low, String high) {
    Slice(String key, long offset, long length, long rows, boolean right) {
      this(key, offset, length, rows, right, null, null);
    }
  }

  /** What a task reports. */
  public record Result(long read, long filtered, long quarantined, long written, Map<String, ShuffleIndex> shuffles,
      List<DataFile> files, List<List<String>> rows, boolean broadcast, Map<String, List<String>> sortKeys,
      Map<String, List<Integer>> sortRuns, long spilledBytes) {
    public Result {
      sortKeys = sortKeys == null ? Map.of() : Map.copyOf(sortKeys);
      sortRuns = sortRuns == null ? Map.of() : Map.copyOf(sortRuns);
      shuffles = shuffles == null ? Map.of() : Map.copyOf(shuffles);
      files = files == null ? List.of() : List.copyOf(files);
      rows = rows == null ? List.of() : List.copyOf(rows);
    }
  }

  /** Where the driver leaves the text of collected rows for whoever ran the job ({@code sluice run} prints it). */
  static String resultKey(String runId, String stage) {
    return new io.sluice.run.RunLayout(runId).resultsPrefix() + stage + ".txt";
  }

  private final String name;
  private final Fragment fragment;
  private final Pipeline.Options options;

  ShuffleStage(String name, Fragment fragment, Pipeline.Options options) {
    this.name = Objects.requireNonNull(name, "name");
    this.fragment = Objects.requireNonNull(fragment, "fragment");
    this.options = Objects.requireNonNull(options, "options");
  }

  /** The table the pipeline's last stage writes (set once, when the pipeline is compiled). */
  private Flow.TableOut table;

  void writesTable(Flow.TableOut table) {
    this.table = table;
  }

  /**
   * Loads the table format's writer (its classes, codecs, native libraries) on a background thread
   * of this process, once, while the first stages read: the last stage of a query then finds it
   * ready instead of spending a few hundred milliseconds on its critical path. It writes one empty
   * row to memory and keeps nothing; a failure here changes nothing.
   */
  private static final java.util.concurrent.atomic.AtomicBoolean PRIMED = new java.util.concurrent.atomic.AtomicBoolean();

  private void primeTableWriter() {
    if (table == null || !PRIMED.compareAndSet(false, true)) {
      return;
    }
    Thread t = new Thread(() -> {
      try {
        PartitionSpec spec = PartitionSpec.parse("", table.in());
        try (PartitionedWriter w = PartitionedWriter.builder(spec, table.sink().format(),
            path -> new java.io.ByteArrayOutputStream(), "prime").build()) {
          w.write(new MutableRow(table.in()));
          w.finish();
        }
      } catch (Throwable ignored) {
        // priming only: the real write reports its own errors
      }
    }, "sluice-prime-table-writer");
    t.setDaemon(true);
    t.start();
  }

  @Override
  public String name() {
    return name;
  }

  Fragment fragment() {
    return fragment;
  }

  /** The run parameters the fragment's locations name ({@link Location#parameters()}). */
  @Override
  public List<io.sluice.Parameter<?>> parameters() {
    List<io.sluice.Parameter<?>> out = new ArrayList<>();
    if (fragment.in() instanceof ScanIn s) {
      out.addAll(s.source().location().parameters());
    }
    Out o = fragment.out() instanceof JoinSideOut js ? js.join().downstream : fragment.out();
    if (o instanceof TableOut t) {
      out.addAll(t.sink().location().parameters());
    }
    return out.stream().distinct().toList();
  }

  private static Source resolve(Source s, io.sluice.StageContext ctx) {
    return s.location().parameterized() ? new Source(s.format(), s.location().resolve(ctx.parameters()), s.schema(), s.chunkBytes(), s.columns()) : s;
  }

  private static TableOut resolve(TableOut t, io.sluice.StageContext ctx) {
    io.sluice.pipeline.Sink k = t.sink();
    if (!k.location().parameterized()) {
      return t;
    }
    io.sluice.pipeline.Sink resolved = new io.sluice.pipeline.Sink(k.format(), k.location().resolve(ctx.parameters()), k.partitionBy(), k.targetFileBytes(), k.tableName());
    return new TableOut(resolved, t.mode(), t.in(), t.producers(), t.show(), t.orderBy());
  }

  @Override
  public StageSettings settings() {
    return StageSettings.builder().workload(Workload.CPU).maxAttempts(3).build();
  }

  // ---------------------------------------------------------------- planning

  @Override
  public Plan plan(PlanContext ctx) throws IOException {
    return switch (fragment.in()) {
      case ScanIn s -> planScan(ctx, resolve(s.source(), ctx));
      case MergeIn m -> planMerge(ctx, m);
      case JoinIn j -> planJoin(ctx, j.join());
      case Flow.SortIn o -> planSort(ctx, o);
    };
  }

  /** Rows per block of a sorted run: the granularity of the ranges' cuts. */
  static final int SORT_BLOCK_ROWS = 4096;

  private static final java.util.Base64.Encoder B64 = java.util.Base64.getEncoder();
  private static final java.util.Base64.Decoder B64D = java.util.Base64.getDecoder();

  /** Cuts the key space into ranges of about reduceBytes each, from every run's block first keys and sizes. */
  private Plan planSort(PlanContext ctx, Flow.SortIn o) {
    // a sorted run: blocks [base, base + first.size()) of the object at key
    record Run(String key, ShuffleIndex index, int base, List<byte[]> first) {}
    record Block(byte[] key, int run, long bytes) {}
    record Bound(byte[] key, int run) {}
    List<Run> runs = new ArrayList<>();
    List<Block> blocks = new ArrayList<>();
    long total = 0;
    for (String stage : o.x().producers) {
      for (TaskResult r : ctx.results(stage)) {
        String key = r.outputs().get(o.x().output());
        if (key == null) {
          continue;
        }
        Result res = r.summary(Result.class).orElseThrow();
        List<byte[]> first = res.sortKeys().getOrDefault(o.x().id, List.of()).stream().map(B64D::decode).toList();
        ShuffleIndex index = res.shuffles().get(o.x().id);
        List<Integer> starts = res.sortRuns().getOrDefault(o.x().id, List.of(0));
        for (int i = 0; i < starts.size(); i++) {
          int end = i + 1 < starts.size() ? starts.get(i + 1) : first.size();
          Run run = new Run(key, index, starts.get(i), first.subList(starts.get(i), end));
          for (int b = 0; b < run.first().size(); b++) {
            long bytes = index.bytes(run.base() + b, run.base() + b + 1);
            blocks.add(new Block(run.first().get(b), runs.size(), bytes));
            total += bytes;
          }
          runs.add(run);
        }
      }
    }
    // boundaries at byte quantiles of the blocks in (key, run) order: a bound (K, j) sends key K's rows
    // of runs before j left and the rest right, so one heavy key spread over many runs is split too
    blocks.sort((a, b) -> {
      int c = java.util.Arrays.compareUnsigned(a.key(), b.key());
      return c != 0 ? c : Integer.compare(a.run(), b.run());
    });
    int ranges = (int) Math.max(1, Math.min(blocks.size(), (total + options.reduceBytes() - 1) / options.reduceBytes()));
    List<Bound> bounds = new ArrayList<>();
    long seen = 0;
    for (Block b : blocks) {
      if (bounds.size() + 1 < ranges && seen >= (bounds.size() + 1) * total / ranges) {
        Bound last = bounds.isEmpty() ? null : bounds.get(bounds.size() - 1);
        int c = last == null ? 1 : java.util.Arrays.compareUnsigned(b.key(), last.key());
        if (c > 0 || c == 0 && b.run() > last.run()) {
          bounds.add(new Bound(b.key(), b.run()));
        }
      }
      seen += b.bytes();
    }
    List<TaskSpec> tasks = new ArrayList<>();
    for (int r = 0; r <= bounds.size(); r++) {
      Bound low = r == 0 ? null : bounds.get(r - 1);
      Bound high = r == bounds.size() ? null : bounds.get(r);
      List<Slice> slices = new ArrayList<>();
      for (int j = 0; j < runs.size(); j++) {
        Run run = runs.get(j);
        // this run's key range: [low, high) with a bound's key included or not by the run's place
        byte[] lo = low == null ? null : j >= low.run() ? low.key() : io.sluice.shuffle.SortedMerge.after(low.key());
        byte[] hi = high == null ? null : j < high.run() ? io.sluice.shuffle.SortedMerge.after(high.key()) : high.key();
        int[] rel = io.sluice.shuffle.SortedMerge.blocks(run.first(), lo, hi);
        int[] range = {run.base() + rel[0], run.base() + rel[1]};
        if (range[1] > range[0] && run.index().rows(range[0], range[1]) > 0) {
          slices.add(new Slice(run.key(), run.index().offset(range[0]), run.index().bytes(range[0], range[1]),
              run.index().rows(range[0], range[1]), false, lo == null ? null : B64.encodeToString(lo),
              hi == null ? null : B64.encodeToString(hi)));
        }
      }
      tasks.add(TaskSpec.of(new Work(null, null, null, slices, false, null, 0, r)));
    }
    return Plan.tasks(tasks);
  }

  /** The partitions of the exchange this stage writes, for an input of about {@code bytes}. */
  private int partitionsFor(DriverContext ctx, long bytes) {
    if (fragment.out() instanceof JoinSideOut js) {
      return partitionsOf(ctx, js.join().right).orElse(1); // co-partitioned with the build side
    }
    return ReducePlanner.partitionsFor(bytes, options.reduceBytes());
  }

  private Plan planScan(PlanContext ctx, Source source) throws IOException {
    StoreLocation in = source.location().open(ctx.store());
    try {
      return planScan(ctx, source, in);
    } finally {
      if (source.location().external() && in.store() instanceof AutoCloseable c) {
        try {
          c.close();
        } catch (Exception ignored) {
          // listed and planned: nothing was written through it
        }
      }
    }
  }

  private Plan planScan(PlanContext ctx, Source source, StoreLocation in) throws IOException {
    List<ObjectInfo> objects = new ArrayList<>();
    long total = 0;
    for (ObjectInfo o : in.store().listAll(in.prefix())) {
      String rel = in.relative(o.key());
      if (hidden(rel)) {
        continue;
      }
      objects.add(o);
      total += o.size();
    }
    if (objects.isEmpty()) {
      return Plan.fail("Sluice.NoInput", "Stage '" + name + "' found no input objects under " + source.location()
          + " (names starting with '_' or '.' are skipped)");
    }
    objects.removeIf(o -> o.size() == 0);
    List<Slice> broadcast = List.of();
    boolean joinHere = fragment.out() instanceof JoinSideOut js && broadcast(ctx, js.join());
    if (joinHere) {
      broadcast = wholeOutputs(ctx, ((JoinSideOut) fragment.out()).join().right, true);
    }
    int partitions = partitionsFor(ctx, total);
    long chunk = source.chunkBytes() > 0 ? source.chunkBytes()
        : new ChunkSizer(ChunkSizer.ChunkProfile.TRANSFORMATION, options.safeBudget()).initial();
    boolean ranges = source.format().splittable() && !(source.format() instanceof ParquetFormat);
    List<TaskSpec> tasks = new ArrayList<>();
    for (ObjectInfo o : objects) {
      if (!ranges || o.size() <= chunk) {
        for (Split split : source.format().splits(StoreInputFile.planned(in.store(), o), chunk)) {
          tasks.add(TaskSpec.of(new Work(o.key(), o.etag(), split, null, joinHere, broadcast, partitions, 0)));
        }
        continue;
      }
      for (long offset = 0; offset < o.size(); ) {
        long end = o.size() - offset < chunk + chunk / 4 ? o.size() : offset + chunk;
        tasks.add(TaskSpec.of(new Work(o.key(), o.etag(), new Split(offset, end), null, joinHere, broadcast, partitions, 0)));
        offset = end;
      }
    }
    return Plan.tasks(tasks);
  }

  private static boolean hidden(String relative) {
    for (String part : relative.split("/")) {
      if (part.startsWith("_") || part.startsWith(".")) {
        return true;
      }
    }
    return false;
  }

  /** A committed map output of an exchange: its key and index. */
  public record MapOutput(String key, ShuffleIndex index) {}

  /** The outputs of {@code x} this stage reads: the coalesced ones after a coalescing round, else the producers'. */
  private List<MapOutput> inputs(DriverContext ctx, Exchange x) throws IOException {
    Round round = ctx.stageState(Round.class).orElse(null);
    if (round == null || !Round.COALESCED.equals(round.phase())) {
      return outputs(ctx, x);
    }
    String key = coalescedKey(ctx.runId(), name, x.id);
    if (ctx.store().stat(key).isEmpty()) {
      return outputs(ctx, x); // this exchange needed no coalescing
    }
    return List.of(JSON.readValue(ctx.store().get(key), MapOutput[].class));
  }

  /**
   * Whether reading {@code outs} with {@code reads} ranged reads would cost far more than reading each
   * once: then a first round joins groups of them, and reduce tasks read the groups instead.
   */
  private static boolean worthCoalescing(int outputs, long reads, int reduceTasks) {
    return outputs >= 4 && reduceTasks > 1 && reads > 2L * (outputs + reduceTasks);
  }

  /** Coalescing tasks for {@code outs}: consecutive groups of up to {@code fanIn} outputs and {@link #MAX_COALESCE_BYTES}. */
  private static List<TaskSpec> coalesceTasks(Exchange x, List<MapOutput> outs, int fanIn) {
    List<TaskSpec> tasks = new ArrayList<>();
    List<Slice> group = new ArrayList<>();
    long bytes = 0;
    int partitions = outs.isEmpty() ? 1 : outs.get(0).index().partitions();
    for (MapOutput o : outs) {
      if (!group.isEmpty() && (group.size() >= fanIn || bytes + o.index().dataBytes() > MAX_COALESCE_BYTES)) {
        tasks.add(TaskSpec.of(new Work(null, null, null, group, false, null, partitions, 0, x.id)));
        group = new ArrayList<>();
        bytes = 0;
      }
      group.add(new Slice(o.key(), 0, o.index().dataBytes(), o.index().rows(0, o.index().partitions()), false));
      bytes += o.index().dataBytes();
    }
    if (!group.isEmpty()) {
      tasks.add(TaskSpec.of(new Work(null, null, null, group, false, null, partitions, 0, x.id)));
    }
    return tasks;
  }

  private static List<MapOutput> outputs(DriverContext ctx, Exchange x) {
    List<MapOutput> out = new ArrayList<>();
    for (String stage : x.producers) {
      for (TaskResult r : ctx.results(stage)) {
        String key = r.outputs().get(x.output());
        if (key == null) {
          continue;
        }
        Result res = r.summary(Result.class).orElseThrow(() -> new IllegalStateException("Task " + r.taskId()
            + " of stage '" + stage + "' wrote " + x.output() + " but committed no result"));
        ShuffleIndex index = res.shuffles().get(x.id);
        if (index == null) {
          throw new IllegalStateException("Task " + r.taskId() + " of stage '" + stage + "' has no index for " + x.output());
        }
        out.add(new MapOutput(key, index));
      }
    }
    return out;
  }

  private static java.util.Optional<Integer> partitionsOf(DriverContext ctx, Exchange x) {
    List<MapOutput> outs = outputs(ctx, x);
    return outs.isEmpty() ? java.util.Optional.empty() : java.util.Optional.of(outs.get(0).index().partitions());
  }

  private static long bytesOf(List<MapOutput> outs) {
    return outs.stream().mapToLong(o -> o.index().dataBytes()).sum();
  }

  /** Whether the join's build side is small enough to send whole to every probe task: decided from its measured size. */
  static boolean broadcast(DriverContext ctx, JoinSpec join) {
    return join.broadcastBytes > 0 && bytesOf(outputs(ctx, join.right)) <= join.broadcastBytes;
  }

  private static List<Slice> wholeOutputs(DriverContext ctx, Exchange x, boolean right) {
    List<Slice> slices = new ArrayList<>();
    for (MapOutput o : outputs(ctx, x)) {
      long rows = o.index().rows(0, o.index().partitions());
      if (rows > 0) {
        slices.add(new Slice(o.key(), 0, o.index().dataBytes(), rows, right));
      }
    }
    return slices;
  }

  private Plan planMerge(PlanContext ctx, MergeIn m) throws IOException {
    List<MapOutput> outs = inputs(ctx, m.x());
    List<ShuffleIndex> indexes = outs.stream().map(MapOutput::index).toList();
    List<TaskSpec> tasks = new ArrayList<>();
    int partitions = partitionsFor(ctx, bytesOf(outs));
    long reads = 0;
    for (ReduceTask t : ReducePlanner.plan(indexes, options.reduceBytes(), false)) {
      List<Slice> slices = slices(outs, t, false);
      reads += slices.size();
      tasks.add(TaskSpec.of(new Work(null, null, null, slices, false, null, partitions, 0)));
    }
    if (ctx.stageState(Round.class).isEmpty() && worthCoalescing(outs.size(), reads, tasks.size())) {
      ctx.setStageState(new Round(Round.COALESCING));
      return Plan.tasks(coalesceTasks(m.x(), outs, Math.min(MAX_COALESCE_FAN_IN, tasks.size())));
    }
    if (tasks.isEmpty() && fragment.out() instanceof CollectOut || tasks.isEmpty() && fragment.out() instanceof TableOut) {
      // an empty input still makes an (empty) result: one task with nothing to read
      tasks.add(TaskSpec.of(new Work(null, null, null, List.of(), false, null, partitions, 0)));
    }
    return Plan.tasks(tasks);
  }

  private static List<Slice> slices(List<MapOutput> outs, ReduceTask t, boolean right) {
    List<ShuffleIndex> indexes = outs.stream().map(MapOutput::index).toList();
    List<Slice> slices = new ArrayList<>();
    for (ReducePlanner.Slice s : ReducePlanner.slices(indexes, t)) {
      slices.add(new Slice(outs.get(s.map()).key(), s.offset(), s.length(), s.rows(), right));
    }
    return slices;
  }

  private Plan planJoin(PlanContext ctx, JoinSpec join) throws IOException {
    if (broadcast(ctx, join)) {
      return Plan.tasks(List.of()); // the probe stage joined against the whole build side
    }
    List<MapOutput> right = inputs(ctx, join.right);
    List<MapOutput> left = inputs(ctx, join.left);
    // plan on both sides' sizes: a task's partitions of the right side must fit in its memory
    List<ShuffleIndex> both = new ArrayList<>();
    right.forEach(o -> both.add(o.index()));
    left.forEach(o -> both.add(o.index()));
    List<TaskSpec> tasks = new ArrayList<>();
    int partitions = partitionsFor(ctx, bytesOf(right) + bytesOf(left));
    long reads = 0;
    for (ReduceTask t : ReducePlanner.plan(both, options.reduceBytes(), false)) {
      List<Slice> build = slices(right, new ReduceTask(t.from(), t.to(), 0, right.size(), 0, 0, false), true);
      List<Slice> probe = slices(left, new ReduceTask(t.from(), t.to(), 0, left.size(), 0, 0, false), false);
      // a skewed partition (far larger than the others): its probe side is split by map outputs across
      // tasks, each with the whole build side of the partition, so no task gets all of the heavy key
      List<List<Slice>> pieces = t.skewed() ? pieces(probe, options.reduceBytes()) : List.of(probe);
      for (List<Slice> piece : pieces) {
        List<Slice> slices = new ArrayList<>(build);
        slices.addAll(piece);
        reads += slices.size();
        tasks.add(TaskSpec.of(new Work(null, null, null, slices, false, null, partitions, 0)));
      }
    }
    if (ctx.stageState(Round.class).isEmpty() && worthCoalescing(right.size() + left.size(), reads, tasks.size())) {
      ctx.setStageState(new Round(Round.COALESCING));
      int fanIn = Math.min(MAX_COALESCE_FAN_IN, tasks.size());
      List<TaskSpec> coalesce = new ArrayList<>(coalesceTasks(join.right, right, fanIn));
      coalesce.addAll(coalesceTasks(join.left, left, fanIn));
      return Plan.tasks(coalesce);
    }
    if (tasks.isEmpty() && (fragment.out() instanceof CollectOut || fragment.out() instanceof TableOut)) {
      tasks.add(TaskSpec.of(new Work(null, null, null, List.of(), false, null, partitions, 0)));
    }
    return Plan.tasks(tasks);
  }

  /** {@code slices} cut into consecutive groups of about {@code bytes} each (one at least). */
  static List<List<Slice>> pieces(List<Slice> slices, long bytes) {
    List<List<Slice>> out = new ArrayList<>();
    List<Slice> cur = new ArrayList<>();
    long size = 0;
    for (Slice s : slices) {
      if (!cur.isEmpty() && size + s.length() > bytes) {
        out.add(cur);
        cur = new ArrayList<>();
        size = 0;
      }
      cur.add(s);
      size += s.length();
    }
    if (!cur.isEmpty() || out.isEmpty()) {
      out.add(cur);
    }
    return out;
  }

  // ---------------------------------------------------------------- running

  /** A push operator: rows in, and at the end whatever it holds flushed downstream. */
  private interface RowSink {
    void accept(Row row) throws Exception;

    void finish() throws Exception;
  }

  /** A pipeline step (the user's filter or map) threw: the record is bad, not the task. */
  private static final class StepFailure extends RuntimeException {
    StepFailure(Exception cause) {
      super(cause.toString(), cause, false, false);
    }
  }

  /** What one task counts while it runs. */
  private static final class Tally {
    long read;
    long filtered;
    long quarantined;
    long written;
    final Map<String, ShuffleIndex> shuffles = new LinkedHashMap<>();
    final List<DataFile> files = new ArrayList<>();
    final List<List<String>> rows = new ArrayList<>();
    boolean broadcast;
    long spilled;
    io.sluice.record.Position continuation;
    final Map<String, List<String>> sortKeys = new LinkedHashMap<>();
    final Map<String, List<Integer>> sortRuns = new LinkedHashMap<>();
    final List<AutoCloseable> resources = new ArrayList<>();
  }

  @Override
  public TaskOutcome run(Task task, TaskContext ctx) throws Exception {
    Work work = task.input(Work.class);
    if (work.coalesce() != null) {
      return coalesce(work, ctx);
    }
    if (fragment.in() instanceof ScanIn) {
      primeTableWriter();
    }
    Tally tally = new Tally();
    try (Quarantine quarantine = new Quarantine(() -> ctx.output(Quarantine.OUTPUT))) {
      RowSink sink = steps(fragment.steps(), output(fragment.out(), task, work, ctx, tally), tally);
      switch (fragment.in()) {
        case ScanIn s -> scan(resolve(s.source(), ctx), task, work, ctx, sink, tally, quarantine);
        case MergeIn m -> merge(m, work, ctx, sink, tally);
        case JoinIn j -> join(j.join(), work, ctx, sink, tally);
        case Flow.SortIn o -> sortMerge(o, work, ctx, sink, tally);
      }
      sink.finish();
      tally.quarantined = quarantine.count();
    } finally {
      for (AutoCloseable c : tally.resources) {
        try {
          c.close();
        } catch (Exception ignored) {
          // a task that failed leaves nothing of its own: the attempt's outputs are discarded
        }
      }
    }
    Result result = new Result(tally.read, tally.filtered, tally.quarantined, tally.written, tally.shuffles,
        tally.files, tally.rows, tally.broadcast, tally.sortKeys, tally.sortRuns, tally.spilled);
    return tally.continuation != null ? TaskOutcome.continueAt(tally.continuation, result) : TaskOutcome.done(result);
  }

  private static RowSink steps(List<Steps> steps, RowSink next, Tally tally) {
    if (steps.isEmpty() || steps.stream().allMatch(Steps::isEmpty)) {
      return next;
    }
    Steps all = Steps.none();
    for (Steps s : steps) {
      all = all.then(s);
    }
    Steps.Chain chain = all.bind();
    return new RowSink() {
      @Override
      public void accept(Row row) throws Exception {
        Row out;
        try {
          out = chain.apply(row);
        } catch (Exception e) {
          throw new StepFailure(e);
        }
        if (out == null) {
          tally.filtered++;
        } else {
          next.accept(out);
        }
      }

      @Override
      public void finish() throws Exception {
        next.finish();
      }
    };
  }

  private RowSink output(Out out, Task task, Work work, TaskContext ctx, Tally tally) throws Exception {
    return switch (out) {
      case ExchangeOut x -> exchange(x, work.partitions(), ctx, tally);
      case JoinSideOut js -> {
        if (!work.joinHere()) {
          yield exchange(new ExchangeOut(js.join().left, js.join().leftKeys, null, js.in()), work.partitions(), ctx, tally);
        }
        tally.broadcast = true;
        JoinTable table = broadcastTable(js.join(), work.broadcast(), ctx);
        RowSink downstream = steps(js.join().downstreamSteps, output(js.join().downstream, task, work, ctx, tally), tally);
        yield probe(js.join(), js.in(), table, downstream);
      }
      case TableOut t -> table(resolve(t, ctx), task, ctx, tally);
      case CollectOut c -> collect(c, tally);
      case Flow.SortOut o -> sortRun(o, ctx, tally);
    };
  }

  private RowSink sortRun(Flow.SortOut o, TaskContext ctx, Tally tally) {
    io.sluice.shuffle.SortedRun run = new io.sluice.shuffle.SortedRun(o.in(), o.columns(), options.aggregateMemoryBytes(),
        SORT_BLOCK_ROWS, options.shuffleMemoryBytes(), ctx.tempDir());
    tally.resources.add(run);
    return new RowSink() {
      @Override
      public void accept(Row row) throws Exception {
        run.add(row);
        tally.written++;
      }

      @Override
      public void finish() throws Exception {
        try (OutputStream out = new java.io.BufferedOutputStream(ctx.output(o.x().output()), 1 << 16)) {
          io.sluice.shuffle.SortedRun.Written w = run.finish(out);
          tally.sortRuns.put(o.x().id, w.runStarts());
          tally.shuffles.put(o.x().id, w.index());
          tally.sortKeys.put(o.x().id, w.firstKeys().stream().map(B64::encodeToString).toList());
        }
      }
    };
  }

  private void sortMerge(Flow.SortIn o, Work work, TaskContext ctx, RowSink sink, Tally tally) throws Exception {
    List<ShuffleReader> readers = new ArrayList<>();
    List<io.sluice.shuffle.SortKeyEncoder> encoders = new ArrayList<>();
    for (Slice s : work.slices()) {
      readers.add(reader(ctx, s, o.x().schema));
      encoders.add(new io.sluice.shuffle.SortKeyEncoder(o.x().schema, o.columns()));
    }
    List<byte[]> lows = new ArrayList<>();
    List<byte[]> highs = new ArrayList<>();
    for (Slice s : work.slices()) {
      lows.add(s.low() == null ? null : B64D.decode(s.low()));
      highs.add(s.high() == null ? null : B64D.decode(s.high()));
    }
    tally.read += io.sluice.shuffle.SortedMerge.merge(readers, encoders, lows, highs, sink::accept);
  }

  private RowSink exchange(ExchangeOut x, int partitions, TaskContext ctx, Tally tally) {
    Schema schema = x.x().schema;
    ShuffleWriter writer = new ShuffleWriter(schema, partitions, options.shuffleMemoryBytes(), ctx.tempDir());
    tally.resources.add(writer);
    Aggregation combiner = x.combine() == null ? null : Aggregation.partial(x.in(), x.keys(), x.combine());
    KeyEncoder keys = combiner != null ? new KeyEncoder(schema, combiner.partialKeys()) : KeyEncoder.of(schema, x.keys());
    Aggregation.Output write = row -> {
      keys.encode(row);
      writer.write(KeyEncoder.partition(keys.hash(), partitions), row);
      tally.written++;
    };
    long budget = options.aggregateMemoryBytes();
    return new RowSink() {
      long sinceCheck;

      @Override
      public void accept(Row row) throws Exception {
        if (combiner == null) {
          write.accept(row);
          return;
        }
        combiner.add(row);
        if (++sinceCheck >= 4096) {
          sinceCheck = 0;
          if (combiner.bytes() > budget) {
            combiner.emitPartials(write); // partial rows of one key may repeat: merging them is associative
          }
        }
      }

      @Override
      public void finish() throws Exception {
        if (combiner != null) {
          combiner.emitPartials(write);
        }
        try (OutputStream o = new java.io.BufferedOutputStream(ctx.output(x.x().output()), 1 << 16)) {
          tally.shuffles.put(x.x().id, writer.finish(o));
          tally.spilled += writer.spilledBytes();
        }
      }
    };
  }

  /**
   * The broadcast build side last built in this process, shared by the tasks of its stage that run
   * here (on Lambda, an executor's workers; locally, every executor): keyed by run, stage and the
   * committed map outputs it was read from, which never change, so sharing it cannot mix runs or
   * attempts. One entry, softly held: a new key replaces it, and memory pressure may drop it (it is
   * then read again).
   */
  private static final class BroadcastCache {
    private static String key;
    private static java.lang.ref.SoftReference<java.util.concurrent.CompletableFuture<JoinTable>> table;

    static JoinTable get(String k, java.util.concurrent.Callable<JoinTable> build) throws Exception {
      java.util.concurrent.CompletableFuture<JoinTable> f;
      boolean mine = false;
      synchronized (BroadcastCache.class) {
        f = k.equals(key) && table != null ? table.get() : null;
        if (f == null) {
          f = new java.util.concurrent.CompletableFuture<>();
          key = k;
          table = new java.lang.ref.SoftReference<>(f);
          mine = true;
        }
      }
      if (mine) {
        try {
          f.complete(build.call());
        } catch (Exception | Error e) {
          synchronized (BroadcastCache.class) {
            if (k.equals(key)) {
              key = null;
              table = null;
            }
          }
          f.completeExceptionally(e);
          throw e;
        }
      }
      try {
        return f.get();
      } catch (java.util.concurrent.ExecutionException e) {
        throw e.getCause() instanceof Exception c ? c : new IllegalStateException(e.getCause());
      }
    }
  }

  private JoinTable broadcastTable(JoinSpec join, List<Slice> slices, TaskContext ctx) throws Exception {
    StringBuilder key = new StringBuilder(ctx.runId()).append('/').append(name);
    for (Slice s : slices) {
      key.append('|').append(s.key()).append('@').append(s.offset()).append('+').append(s.length());
    }
    return BroadcastCache.get(key.toString(), () -> buildTable(join, slices, ctx));
  }

  private JoinTable buildTable(JoinSpec join, List<Slice> slices, TaskContext ctx) throws IOException {
    Schema schema = join.right.schema;
    int[] keys = new int[join.rightKeys.size()];
    for (int i = 0; i < keys.length; i++) {
      keys[i] = schema.indexOf(join.rightKeys.get(i));
    }
    JoinTable table = new JoinTable(schema, keys, options.joinMemoryBytes(), "stage '" + name + "'");
    for (Slice s : slices) {
      if (!s.right()) {
        continue;
      }
      try (ShuffleReader r = reader(ctx, s, schema)) {
        while (r.next()) {
          table.add(r.row());
        }
      }
    }
    return table;
  }

  private static ShuffleReader reader(TaskContext ctx, Slice s, Schema schema) {
    return new ShuffleReader(new java.io.BufferedInputStream(ctx.openRange(s.key(), s.offset(), s.length()), 1 << 16),
        schema, s.key() + " bytes " + s.offset() + "+" + s.length());
  }

  /**
   * {@code out} (of the join's output schema) set to {@code probe}'s columns then {@code build}'s, or
   * nulls for them when {@code build} is null (a left join's unmatched row).
   */
  private static MutableRow joined(MutableRow out, Row probe, Row build) {
    out.clear();
    int l = probe.schema().size();
    for (int i = 0; i < l; i++) {
      out.setFrom(i, probe, i);
    }
    if (build != null) {
      for (int i = 0; i < build.schema().size(); i++) {
        out.setFrom(l + i, build, i);
      }
    }
    return out;
  }

  /** Joins probe rows (of {@code probeSchema}) against {@code table}, into {@code next}. */
  private static RowSink probe(JoinSpec join, Schema probeSchema, JoinTable table, RowSink next) {
    KeyEncoder probeKey = KeyEncoder.of(probeSchema, join.leftKeys);
    MutableRow scratch = new MutableRow(table.schema());
    MutableRow out = new MutableRow(join.out);
    return new RowSink() {
      @Override
      public void accept(Row row) throws Exception {
        int matched = table.probe(probeKey, row, scratch, build -> next.accept(joined(out, row, build)));
        if (matched == 0 && join.leftOuter) {
          next.accept(joined(out, row, null));
        }
      }

      @Override
      public void finish() throws Exception {
        next.finish();
      }
    };
  }

  private RowSink table(TableOut t, Task task, TaskContext ctx, Tally tally) throws IOException {
    PartitionSpec spec = PartitionSpec.parse(t.sink().partitionBy(), t.in());
    StoreLocation out = t.sink().location().external() ? t.sink().location().open(null) : null;
    String root = out == null ? t.sink().location().prefix() : out.prefix();
    DeferredFiles deferred = out == null ? null : new DeferredFiles(ctx.metered(out.store()));
    if (deferred != null) {
      tally.resources.add(deferred);
      if (out.store() instanceof AutoCloseable c) {
        tally.resources.add(c);
      }
    }
    FileSink files = out == null ? path -> ctx.outputAt(root + path) : path -> deferred.create(root + path);
    // a sorted range's files are named by the range, so that their names sort in key order
    String tag = fragment.in() instanceof Flow.SortIn ? String.format("r%05d", task.input(Work.class).range()) : task.id();
    PartitionedWriter writer = PartitionedWriter.builder(spec, t.sink().format(), files, tag)
        .targetFileBytes(t.sink().targetFileBytes()).spillDir(ctx.tempDir()).build();
    tally.resources.add(writer);
    return new RowSink() {
      @Override
      public void accept(Row row) throws Exception {
        writer.write(row);
        tally.written++;
        if (tally.rows.size() < t.show()) {
          tally.rows.add(strings(row));
        }
      }

      @Override
      public void finish() throws Exception {
        tally.files.addAll(writer.finish());
        if (deferred != null) {
          deferred.publish();
        }
      }
    };
  }

  private static RowSink collect(CollectOut c, Tally tally) {
    return new RowSink() {
      @Override
      public void accept(Row row) {
        if (tally.rows.size() >= c.maxRows()) {
          throw new IllegalStateException("The pipeline's result has more than " + c.maxRows()
              + " rows, the most collect() returns to the driver: write it to a Sink instead, or raise the limit");
        }
        tally.rows.add(strings(row));
        tally.written++;
      }

      @Override
      public void finish() {}
    };
  }

  /**
   * Joins whole map outputs into one object of the same partitions: partition p is every input's
   * partition p in turn (blocks are self-contained, so they are copied, never decoded). Reads each
   * input's trailer, then each input once, front to back, all streams open together.
   */
  private TaskOutcome coalesce(Work work, TaskContext ctx) throws IOException {
    Exchange x = exchange(work.coalesce());
    int p = work.partitions();
    int tail = ShuffleReader.trailerBytes(p);
    List<ShuffleIndex> indexes = new ArrayList<>();
    List<java.io.InputStream> streams = new ArrayList<>();
    try {
      for (Slice s : work.slices()) {
        try (java.io.InputStream in = ctx.openRange(s.key(), s.length(), tail)) {
          indexes.add(ShuffleReader.trailer(in.readAllBytes(), s.key()));
        }
      }
      for (Slice s : work.slices()) {
        streams.add(new java.io.BufferedInputStream(ctx.openRange(s.key(), 0, s.length()), 1 << 16));
      }
      long[] offsets = new long[p + 1];
      long[] rows = new long[p];
      long pos = 0;
      byte[] buf = new byte[1 << 16];
      try (OutputStream out = new java.io.BufferedOutputStream(ctx.output(x.output()), 1 << 16)) {
        for (int q = 0; q < p; q++) {
          offsets[q] = pos;
          for (int i = 0; i < streams.size(); i++) {
            long len = indexes.get(i).bytes(q, q + 1);
            for (long done = 0; done < len; ) {
              int n = streams.get(i).read(buf, 0, (int) Math.min(buf.length, len - done));
              if (n < 0) {
                throw new java.io.EOFException("Shuffle object " + work.slices().get(i).key() + " ends before its trailer says");
              }
              out.write(buf, 0, n);
              done += n;
            }
            pos += len;
            rows[q] += indexes.get(i).rows(q, q + 1);
          }
        }
        offsets[p] = pos;
        ShuffleIndex index = new ShuffleIndex(offsets, rows);
        ShuffleWriter.writeTrailer(out, index);
        return TaskOutcome.done(new Result(0, 0, 0, index.rows(0, p), Map.of(x.id, index), null, null, false, null, null, 0));
      }
    } finally {
      for (java.io.InputStream in : streams) {
        in.close();
      }
    }
  }

  /** The exchange named {@code id} that this stage reads. */
  private Exchange exchange(String id) {
    return switch (fragment.in()) {
      case MergeIn m when m.x().id.equals(id) -> m.x();
      case JoinIn j when j.join().right.id.equals(id) -> j.join().right;
      case JoinIn j when j.join().left.id.equals(id) -> j.join().left;
      default -> throw new IllegalStateException("Stage '" + name + "' reads no exchange " + id);
    };
  }

  private static List<String> strings(Row row) {
    List<String> values = new ArrayList<>(row.schema().size());
    for (int i = 0; i < row.schema().size(); i++) {
      Object v = row.isNull(i) ? null : row.get(i);
      values.add(v == null ? null : v instanceof java.math.BigDecimal d ? d.toPlainString() : String.valueOf(v));
    }
    return values;
  }

  private void scan(Source source, Task task, Work work, TaskContext ctx, RowSink sink, Tally tally, Quarantine quarantine)
      throws Exception {
    Schema schema = source.schema();
    StoreLocation in = source.location().external() ? source.location().open(null) : null;
    if (in != null && in.store() instanceof AutoCloseable c) {
      tally.resources.add(c);
    }
    InputFile file = in == null ? StoreInputFile.forTask(ctx, work.key(), work.etag())
        : StoreInputFile.pinned(ctx.metered(in.store()), work.key(), work.etag());
    ReadOptions opts = source.readOptions(ReadOptions.of(BadRecordPolicy.skipAndReport(quarantine::add)));
    io.sluice.record.Position resume = task.resumeFrom(io.sluice.record.Position.class).orElse(null);
    try (RecordReader reader = resume == null ? source.format().reader(file, work.split(), schema, opts)
        : source.format().reader(file, work.split(), resume, schema, opts)) {
      long here = 0;
      while (true) {
        if (here > 0 && ctx.shouldStop()) { // at least one record per attempt: a continuation always moves on
          // out of time: what was read so far is flushed and committed; a continuation reads the rest
          tally.continuation = reader.continuation();
          break;
        }
        if (!reader.next()) {
          break;
        }
        here++;
        tally.read++;
        try {
          sink.accept(reader.row());
        } catch (StepFailure e) {
          quarantine.add(new BadRecord(file.name(), reader.recordOffset(), "rejected by the pipeline's steps: "
              + e.getCause(), null));
        }
      }
      tally.read += reader.badRecords();
    }
  }

  /** The reduce side of a group-by: partial rows merged, spilling to local disk past the aggregation budget. */
  private void merge(MergeIn m, Work work, TaskContext ctx, RowSink sink, Tally tally) throws Exception {
    try (SpillingAggregation agg = new SpillingAggregation(m.input(), m.keys(), m.aggs(), options.aggregateMemoryBytes(),
        ctx.tempDir(), "stage '" + name + "'")) {
      for (Slice s : work.slices()) {
        try (ShuffleReader r = reader(ctx, s, m.x().schema)) {
          while (r.next()) {
            agg.add(r.row());
            tally.read++;
          }
        }
      }
      agg.emitFinal(sink::accept);
      tally.spilled += agg.spilledBytes();
    }
  }

  /** A partition-wise join: the build (right) slices first, then the probe rows; Grace hashing to local disk past the budget. */
  private void join(JoinSpec join, Work work, TaskContext ctx, RowSink sink, Tally tally) throws Exception {
    Schema left = join.left.schema;
    Schema right = join.right.schema;
    int[] leftKeys = join.leftKeys.stream().mapToInt(left::indexOf).toArray();
    int[] rightKeys = join.rightKeys.stream().mapToInt(right::indexOf).toArray();
    MutableRow out = new MutableRow(join.out);
    GraceJoin.Match emit = (probe, build) -> sink.accept(joined(out, probe, build));
    try (GraceJoin g = new GraceJoin(right, rightKeys, left, leftKeys, join.leftOuter, options.joinMemoryBytes(),
        ctx.tempDir(), "stage '" + name + "'", emit)) {
      for (Slice s : work.slices()) {
        if (s.right()) {
          try (ShuffleReader rd = reader(ctx, s, right)) {
            while (rd.next()) {
              g.addBuild(rd.row());
            }
          }
        }
      }
      for (Slice s : work.slices()) {
        if (!s.right()) {
          try (ShuffleReader rd = reader(ctx, s, left)) {
            while (rd.next()) {
              tally.read++;
              g.addProbe(rd.row());
            }
          }
        }
      }
      g.finish();
      tally.spilled += g.spilledBytes();
    }
  }

  // ---------------------------------------------------------------- completion

  @Override
  public Completion complete(CompletionContext ctx) throws IOException {
    Round round = ctx.stageState(Round.class).orElse(null);
    if (round != null && Round.COALESCING.equals(round.phase())) {
      // the coalescing round: list the joined outputs per exchange for the reduce round
      Map<String, List<MapOutput>> joined = new LinkedHashMap<>();
      for (TaskResult r : ctx.results()) {
        Work w = r.input(Work.class);
        if (w.coalesce() == null) {
          continue;
        }
        ShuffleIndex index = r.summary(Result.class).orElseThrow().shuffles().get(w.coalesce());
        joined.computeIfAbsent(w.coalesce(), k -> new ArrayList<>())
            .add(new MapOutput(r.output(exchange(w.coalesce()).output()), index));
      }
      for (Map.Entry<String, List<MapOutput>> e : joined.entrySet()) {
        ctx.store().put(coalescedKey(ctx.runId(), name, e.getKey()), JSON.writeValueAsBytes(e.getValue()));
      }
      ctx.setStageState(new Round(Round.COALESCED));
      return Completion.again();
    }
    long read = 0;
    long bad = 0;
    List<String> quarantined = new ArrayList<>();
    for (TaskResult r : ctx.results()) {
      Result res = r.summary(Result.class).orElseThrow();
      read += res.read();
      bad += res.quarantined();
      if (r.outputs().containsKey(Quarantine.OUTPUT)) {
        quarantined.add(r.output(Quarantine.OUTPUT));
      }
    }
    if (fragment.in() instanceof ScanIn && options.limit().exceededBy(bad, read)) {
      return Completion.fail("Sluice.TooManyBadRecords", "Stage '" + name + "' quarantined " + bad + " of " + read
          + " records, more than the limit (" + options.limit() + "); nothing was written. The bad records, with where"
          + " each was and why it was refused, are in " + String.join(", ", quarantined.subList(0, Math.min(3, quarantined.size()))));
    }
    Out out = owned();
    if (out instanceof TableOut t) {
      commitTable(ctx, resolve(t, ctx));
      if (t.show() > 0) {
        writeCollected(ctx, t.producers(), t.orderBy(), t.in());
      }
    } else if (out instanceof CollectOut c) {
      writeCollected(ctx, c.producers(), c.orderBy(), c.in());
    }
    return Completion.next();
  }

  /** The table or collected rows this stage commits: those whose last producer it is. */
  private Out owned() {
    Out out = fragment.out() instanceof JoinSideOut js ? js.join().downstream : fragment.out();
    List<String> producers = switch (out) {
      case TableOut t -> t.producers();
      case CollectOut c -> c.producers();
      default -> List.of();
    };
    return !producers.isEmpty() && producers.get(producers.size() - 1).equals(name) ? out : null;
  }

  private void commitTable(CompletionContext ctx, TableOut t) {
    List<DataFile> files = new ArrayList<>();
    long written = 0;
    for (String stage : t.producers()) {
      for (TaskResult r : stage.equals(name) ? ctx.results() : ctx.results(stage)) {
        Result res = r.summary(Result.class).orElseThrow();
        files.addAll(res.files());
        written += res.written();
      }
    }
    StoreLocation out = t.sink().location().open(ctx.store());
    try {
      ConvertReport report = new ConvertReport(ctx.runId(), name, "pipeline", t.sink().location().text(), 0, written, 0, 0, 0,
          files.size(), files.stream().mapToLong(DataFile::bytes).sum(), List.of());
      TableCommit.commit(out, t.sink(), PartitionSpec.parse(t.sink().partitionBy(), t.in()), files, t.mode(), report);
    } finally {
      if (t.sink().location().external() && out.store() instanceof AutoCloseable c) {
        try {
          c.close();
        } catch (Exception ignored) {
          // committed already
        }
      }
    }
  }

  private void writeCollected(CompletionContext ctx, List<String> producers, List<String> orderBy, Schema schema) {
    List<List<String>> rows = new ArrayList<>();
    for (String stage : producers) {
      for (TaskResult r : stage.equals(name) ? ctx.results() : ctx.results(stage)) {
        rows.addAll(r.summary(Result.class).orElseThrow().rows());
      }
    }
    List<Integer> order = new ArrayList<>();
    for (String col : orderBy) {
      order.add(schema.indexOf(col));
    }
    Comparator<List<String>> cmp = (a, b) -> 0;
    for (int i : order) {
      Comparator<List<String>> byCol = Comparator.comparing(row -> row.get(i), Comparator.nullsLast(valueOrder(schema, i)));
      cmp = cmp.thenComparing(byCol);
    }
    rows.sort(cmp);
    ctx.store().put(resultKey(ctx.runId(), name), ResultTable.render(schema, rows).getBytes(StandardCharsets.UTF_8));
  }

  private static Comparator<String> valueOrder(Schema schema, int i) {
    return switch (schema.field(i).type().kind()) {
      case INT8, INT16, INT32, INT64 -> Comparator.comparingLong(Long::parseLong);
      case FLOAT32, FLOAT64 -> Comparator.comparingDouble(Double::parseDouble);
      case DECIMAL -> Comparator.comparing(java.math.BigDecimal::new);
      default -> Comparator.naturalOrder();
    };
  }
}
