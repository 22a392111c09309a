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

  private Pipeline(Source source, Steps steps, Sink sink, BadRecordLimit limit, TableCommit.Mode mode, boolean compact,
      String stageName) {
    this.source = source;
    this.steps = steps;
    this.sink = sink;
    this.limit = limit;
    this.mode = mode;
    this.compact = compact;
    this.stageName = stageName;
  }

  /** A pipeline that reads {@code source}; by default no bad record is tolerated and the table is overwritten. */
  public static Pipeline read(Source source) {
    return new Pipeline(Objects.requireNonNull(source, "source"), Steps.none(), null, BadRecordLimit.NONE,
        TableCommit.Mode.OVERWRITE, false, "convert");
  }

  /** Keeps the records for which {@code filter} is true. */
  public Pipeline filter(RowFilter filter) {
    return new Pipeline(source, steps.filter(filter), sink, limit, mode, compact, stageName);
  }

  /** Maps each record to a row of {@code schema} (SQL text: {@code "id bigint, name string"}). */
  public Pipeline map(String schema, RowMapper mapper) {
    return map(Schema.parse(schema), mapper);
  }

  public Pipeline map(Schema schema, RowMapper mapper) {
    return new Pipeline(source, steps.map(schema, mapper), sink, limit, mode, compact, stageName);
  }

  /** Writes the records into {@code sink}'s table. */
  public Pipeline write(Sink sink) {
    return new Pipeline(source, steps, Objects.requireNonNull(sink, "sink"), limit, mode, compact, stageName);
  }

  /** Adds the stage's files to the table's live ones instead of replacing them. */
  public Pipeline append() {
    return new Pipeline(source, steps, sink, limit, TableCommit.Mode.APPEND, compact, stageName);
  }

  /** Tolerates bad records up to {@code limit}: they are quarantined and counted; past it the stage fails. */
  public Pipeline badRecords(BadRecordLimit limit) {
    return new Pipeline(source, steps, sink, Objects.requireNonNull(limit, "limit"), mode, compact, stageName);
  }

  /** Follows the conversion with a compaction of the table (stage {@code compact}). */
  public Pipeline compact() {
    return new Pipeline(source, steps, sink, limit, mode, true, stageName);
  }

  /** Names the conversion stage ({@code convert} by default): for two pipelines in one job. */
  public Pipeline named(String name) {
    return new Pipeline(source, steps, sink, limit, mode, compact, Objects.requireNonNull(name, "name"));
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
    if (sink == null) {
      throw new IllegalStateException("The pipeline reading " + source.location() + " has no sink: add write(Sink...)");
    }
    List<Stage> stages = new ArrayList<>();
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
