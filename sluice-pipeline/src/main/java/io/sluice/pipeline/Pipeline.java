package io.sluice.pipeline;

import io.sluice.Job;
import io.sluice.JobSettings;
import io.sluice.Stage;
import io.sluice.pipeline.internal.Steps;
import io.sluice.record.Schema;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * What most jobs do, without a hand-written plan or run: read a {@link Source}, filter and map its
 * records with plain Java lambdas, write a partitioned table ({@link Sink}), and optionally compact it.
 * A pipeline compiles into ordinary stages ({@link #stages()}), so it runs on the local runtime and on
 * AWS alike, and a job can mix them with its own stages.
 *
 * <pre>{@code
 * Job job = Pipeline.read(Source.csv("s3://lake/raw/orders/").schema("order_id bigint, tenant string, ts timestamp, amount decimal(12,2)"))
 *     .filter(r -> !r.isNull("amount"))
 *     .map("order_id bigint, tenant string, ts timestamp, amount_cents bigint", (in, out) -> {
 *       out.setLong(0, in.getLong("order_id"));
 *       out.setString(1, in.getString("tenant").toLowerCase());
 *       out.setTimestamp(2, in.getTimestamp("ts"));
 *       out.setLong(3, in.getDecimal("amount").movePointRight(2).longValueExact());
 *     })
 *     .write(Sink.parquet("s3://lake/tables/orders/").partitionBy("tenant, year(ts), month(ts)"))
 *     .compact()
 *     .toJob("orders");
 * }</pre>
 *
 * Immutable: every method returns a new pipeline.
 */
public final class Pipeline {
  private final Source source;
  private final Steps steps;
  private final Sink sink;
  private final BadRecordLimit limit;
  private final TableCommit.Mode mode;
  private final boolean compact;
  private final String stageName;
  /** The plan up to the last group-by or join (null while there is none); {@code steps} follow it. */
  private final Flow.Node node;
  private final Shuffle shuffle;
  private final int collect;
  private final List<String> orderBy;

  private Pipeline(Source source, Steps steps, Sink sink, BadRecordLimit limit, TableCommit.Mode mode, boolean compact,
      String stageName) {
    this(source, steps, sink, limit, mode, compact, stageName, null, Shuffle.DEFAULTS, 0, List.of());
  }

  private Pipeline(Source source, Steps steps, Sink sink, BadRecordLimit limit, TableCommit.Mode mode, boolean compact,
      String stageName, Flow.Node node, Shuffle shuffle, int collect, List<String> orderBy) {
    this.source = source;
    this.steps = steps;
    this.sink = sink;
    this.limit = limit;
    this.mode = mode;
    this.compact = compact;
    this.stageName = stageName;
    this.node = node;
    this.shuffle = shuffle;
    this.collect = collect;
    this.orderBy = List.copyOf(orderBy);
  }

  /** A pipeline that reads {@code source}; by default no bad record is tolerated and the table is overwritten. */
  public static Pipeline read(Source source) {
    return new Pipeline(Objects.requireNonNull(source, "source"), Steps.none(), null, BadRecordLimit.NONE,
        TableCommit.Mode.OVERWRITE, false, "convert");
  }

  /**
   * How the shuffles of a pipeline that groups or joins are sized. {@code broadcastBytes}: a join's
   * right side whose shuffle output (compressed) is at most this is sent whole to every task of the
   * left side instead of shuffling the left side (default 32 MiB). {@code reduceBytes}: shuffle bytes
   * per reduce task (default 128 MiB). {@code shuffleMemoryBytes}: what a map task's shuffle writer
   * holds before it spills to local disk (64 MiB). {@code aggregateMemoryBytes}: what a map task's
   * combiner holds before it sends its partial groups on, a reduce task's aggregation before it spills,
   * and a sort's map task before it spills a sorted run (256 MiB). {@code joinMemoryBytes}: what a
   * partition-wise join's build side holds before it spills, and the most a broadcast build side may
   * hold (512 MiB).
   */
  public record Shuffle(long broadcastBytes, long reduceBytes, long shuffleMemoryBytes, long aggregateMemoryBytes,
      long joinMemoryBytes) {
    public static final Shuffle DEFAULTS = new Shuffle(32L << 20, 128L << 20, 64L << 20, 256L << 20, 512L << 20);

    public Shuffle {
      if (broadcastBytes < 0 || reduceBytes < 1 || shuffleMemoryBytes < 1 || aggregateMemoryBytes < 1 || joinMemoryBytes < 1) {
        throw new IllegalArgumentException("Shuffle sizes must be positive (broadcastBytes may be 0: never broadcast)");
      }
    }
  }

  /** What a compiled stage needs of the pipeline. */
  record Options(Shuffle shuffle, java.time.Duration safeBudget, BadRecordLimit limit) {
    long broadcastBytes() {
      return shuffle.broadcastBytes();
    }

    long reduceBytes() {
      return shuffle.reduceBytes();
    }

    long shuffleMemoryBytes() {
      return shuffle.shuffleMemoryBytes();
    }

    long aggregateMemoryBytes() {
      return shuffle.aggregateMemoryBytes();
    }

    long joinMemoryBytes() {
      return shuffle.joinMemoryBytes();
    }
  }

  private Pipeline with(Steps steps, Flow.Node node) {
    return new Pipeline(source, steps, sink, limit, mode, compact, stageName, node, shuffle, collect, orderBy);
  }

  /** The logical plan so far: the source (or the last group-by or join) and the steps after it. */
  private Flow.Node current() {
    Flow.Node base = node != null ? node : new Flow.Scan(source);
    return steps.isEmpty() ? base : new Flow.Apply(base, steps);
  }

  /**
   * Groups the records by {@code keys} (column names, comma-separated; none for one group of all) and
   * computes {@code aggs} per group: a row per group, of the keys then the aggregates. Runs as a
   * shuffle: map tasks combine their rows into one partial row per group, reduce tasks merge them.
   *
   * <pre>{@code .groupBy("l_returnflag, l_linestatus", Agg.sum("l_quantity").as("sum_qty"), Agg.count().as("count_order"))}</pre>
   *
   * @throws IllegalArgumentException naming the column if a key or an aggregate's column is unknown
   */
  public Pipeline groupBy(String keys, Agg... aggs) {
    Flow.Node n = new Flow.Aggregate(current(), Flow.names(keys), List.of(aggs));
    Flow.schema(n); // unknown columns fail here, when the job is built
    return with(Steps.none(), n);
  }

  /**
   * Sorts the records globally by {@code columns} ({@code "l_shipdate, l_orderkey desc"}; nulls last):
   * each map task sorts its rows into one run; the driver cuts the key space into ranges of about
   * {@link Shuffle#reduceBytes} from the runs' sampled keys; each reduce task merges its range from
   * every run. Written to a {@link Sink}, the files of range {@code r} are named {@code
   * part-r<r>-<seq>} so their names sort in key order; {@link #collect} keeps the order too.
   *
   * @throws IllegalArgumentException if a column is unknown or has no order
   */
  public Pipeline orderBy(String columns) {
    List<io.sluice.shuffle.SortKeyEncoder.Column> cols = new ArrayList<>();
    for (String c : columns.split(",")) {
      if (!c.isBlank()) {
        cols.add(io.sluice.shuffle.SortKeyEncoder.Column.parse(c));
      }
    }
    if (cols.isEmpty()) {
      throw new IllegalArgumentException("orderBy needs at least one column");
    }
    Flow.Node n = new Flow.Sort(current(), cols);
    Flow.schema(n);
    return with(Steps.none(), n);
  }

  /** The distinct records: a group-by of every column with no aggregate. */
  public Pipeline distinct() {
    Flow.Node cur = current();
    List<String> all = new ArrayList<>();
    Flow.schema(cur).fields().forEach(f -> all.add(f.name()));
    return with(Steps.none(), new Flow.Aggregate(cur, all, List.of()));
  }

  /**
   * Joins the records with those of {@code right} whose {@code rightKeys} equal this side's {@code
   * leftKeys} (comma-separated column names, pairwise): a row of this side's columns then the right
   * side's for every match; records with a null key match nothing. When the right side's shuffle
   * output is small ({@link Shuffle#broadcastBytes}, measured when it has run) every task of this side
   * joins against all of it and this side is not shuffled; otherwise both sides are hash-partitioned
   * by their keys and joined partition by partition. Put the smaller input on the right.
   *
   * @throws IllegalArgumentException if a key is unknown, the keys' types cannot be equal, or a column name is on both sides
   */
  public Pipeline join(Pipeline right, String leftKeys, String rightKeys) {
    return join(right, leftKeys, rightKeys, false);
  }

  /** As {@link #join}, keeping every record of this side: those with no match get nulls for the right side's columns. */
  public Pipeline leftJoin(Pipeline right, String leftKeys, String rightKeys) {
    return join(right, leftKeys, rightKeys, true);
  }

  private Pipeline join(Pipeline right, String leftKeys, String rightKeys, boolean leftOuter) {
    Objects.requireNonNull(right, "right");
    if (right.sink != null || right.collect > 0) {
      throw new IllegalArgumentException("The right side of a join is a pipeline without a sink: its rows go to the join");
    }
    Flow.Node n = new Flow.Join(current(), right.current(), Flow.names(leftKeys), Flow.names(rightKeys), leftOuter);
    Flow.schema(n);
    return with(Steps.none(), n);
  }

  /** Sizes this pipeline's shuffles ({@link Shuffle}). */
  public Pipeline shuffle(Shuffle shuffle) {
    return new Pipeline(source, steps, sink, limit, mode, compact, stageName, node, Objects.requireNonNull(shuffle, "shuffle"),
        collect, orderBy);
  }

  /**
   * Returns the result to the driver, which leaves it as a text table in the run's store for {@code
   * sluice run} to print (with a sink, the table is written too and its first {@code maxRows} rows are
   * shown). Without a sink, a result of more than {@code maxRows} rows fails the stage.
   *
   * @param orderBy the columns (comma-separated) the shown rows are sorted by; empty for any order
   */
  public Pipeline collect(int maxRows, String orderBy) {
    if (maxRows < 1) {
      throw new IllegalArgumentException("collect needs a positive row limit, got " + maxRows);
    }
    return new Pipeline(source, steps, sink, limit, mode, compact, stageName, node, shuffle, maxRows, Flow.names(orderBy));
  }

  /** Whether this pipeline groups or joins (it compiles into shuffle stages rather than one conversion). */
  boolean shuffles() {
    return node != null || collect > 0;
  }

  /** Keeps the records for which {@code filter} is true. */
  public Pipeline filter(RowFilter filter) {
    return new Pipeline(source, steps.filter(filter), sink, limit, mode, compact, stageName, node, shuffle, collect, orderBy);
  }

  /** Maps each record to a row of {@code schema} (SQL text: {@code "id bigint, name string"}). */
  public Pipeline map(String schema, RowMapper mapper) {
    return map(Schema.parse(schema), mapper);
  }

  public Pipeline map(Schema schema, RowMapper mapper) {
    return new Pipeline(source, steps.map(schema, mapper), sink, limit, mode, compact, stageName, node, shuffle, collect, orderBy);
  }

  /** Writes the records into {@code sink}'s table. */
  public Pipeline write(Sink sink) {
    return new Pipeline(source, steps, Objects.requireNonNull(sink, "sink"), limit, mode, compact, stageName, node, shuffle, collect, orderBy);
  }

  /** Adds the stage's files to the table's live ones instead of replacing them. */
  public Pipeline append() {
    return new Pipeline(source, steps, sink, limit, TableCommit.Mode.APPEND, compact, stageName, node, shuffle, collect, orderBy);
  }

  /** Tolerates bad records up to {@code limit}: they are quarantined and counted; past it the stage fails. */
  public Pipeline badRecords(BadRecordLimit limit) {
    return new Pipeline(source, steps, sink, Objects.requireNonNull(limit, "limit"), mode, compact, stageName, node, shuffle, collect, orderBy);
  }

  /** Follows the conversion with a compaction of the table (stage {@code compact}). */
  public Pipeline compact() {
    return new Pipeline(source, steps, sink, limit, mode, true, stageName, node, shuffle, collect, orderBy);
  }

  /** Names the conversion stage ({@code convert} by default): for two pipelines in one job. */
  public Pipeline named(String name) {
    return new Pipeline(source, steps, sink, limit, mode, compact, Objects.requireNonNull(name, "name"), node, shuffle, collect, orderBy);
  }

  /**
   * The stages this pipeline compiles to: the conversion, then the compaction if asked for.
   *
   * @throws IllegalStateException if no sink was given
   * @throws IllegalArgumentException if the partitioning names a column the output does not have
   */
  public List<Stage> stages() {
    return stages(JobSettings.DEFAULTS);
  }

  /** The stages, planned for executors of {@code settings} (their budget bounds the chunk sizes). */
  public List<Stage> stages(JobSettings settings) {
    if (sink == null && collect == 0) {
      throw new IllegalStateException("The pipeline reading " + source.location() + " has no sink: add write(Sink...)"
          + " or collect(...)");
    }
    List<Stage> stages = new ArrayList<>();
    if (compact && sink != null && sink.location().parameterized()) {
      throw new IllegalArgumentException("compact() needs the sink's location fixed when the job is built, not a run"
          + " parameter (" + sink.location() + "): compaction of a parameterized location is not supported yet");
    }
    if (shuffles()) {
      Options options = new Options(shuffle, settings.executorBudget(), limit);
      String prefix = "convert".equals(stageName) ? "query" : stageName;
      stages.addAll(Flow.compile(prefix, current(), options, schema -> sink != null
          ? new Flow.TableOut(sink, mode, schema, new ArrayList<>(), collect, orderBy)
          : new Flow.CollectOut(collect, orderBy, schema, new ArrayList<>())));
      if (compact && sink != null) {
        stages.add(Compaction.stage(prefix + "-compact", sink));
      }
      return stages;
    }
    stages.add(new ConvertStage(stageName, source, steps, sink, limit, mode, settings.executorBudget()));
    if (compact) {
      stages.add(Compaction.stage(stageName + "-compact", sink));
    }
    return stages;
  }

  /** A job of this pipeline's stages, named {@code name}. */
  public Job toJob(String name) {
    return toJob(name, JobSettings.DEFAULTS);
  }

  public Job toJob(String name, JobSettings settings) {
    Job.Builder b = Job.builder(name).settings(settings);
    stages(settings).forEach(b::stage);
    return b.build();
  }
}
