package io.sluice.pipeline;

import io.sluice.Completion;
import io.sluice.CompletionContext;
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
import io.sluice.pipeline.internal.DeferredFiles;
import io.sluice.pipeline.internal.Quarantine;
import io.sluice.pipeline.internal.Steps;
import io.sluice.record.BadRecord;
import io.sluice.record.BadRecordPolicy;
import io.sluice.record.InputFile;
import io.sluice.record.Position;
import io.sluice.record.ReadOptions;
import io.sluice.record.RecordReader;
import io.sluice.record.Row;
import io.sluice.record.Schema;
import io.sluice.record.SchemaInference;
import io.sluice.record.Split;
import io.sluice.store.ObjectInfo;
import io.sluice.store.StoreLocation;
import io.sluice.table.DataFile;
import io.sluice.table.FileSink;
import io.sluice.table.PartitionSpec;
import io.sluice.table.PartitionedWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The built-in conversion: every object of a {@link Source}, cut into splits, each split read,
 * filtered and mapped by the pipeline's steps and written by a {@link PartitionedWriter} into the
 * {@link Sink}'s table. Records that cannot be read or converted go to the run's quarantine (an output
 * {@code quarantine.jsonl} per task: source, offset, reason, text); past the pipeline's {@link
 * BadRecordLimit} the stage fails. When every task has committed, the stage publishes the table's new
 * set of files ({@link TableCommit}) and a report.
 *
 * <p>Data files are named after the task ({@code part-<task id>-<seq>}): the task id is a hash of the
 * split (object, ETag, range), so a retried or duplicated task writes the same names, and converting
 * the same input again replaces rather than adds.
 */
public final class ConvertStage implements Stage {
  /** One task: a split of object {@code key}, planned on version {@code etag}, read with schema {@code schema} (SQL text). */
  public record Chunk(String key, String etag, Split split, String schema) {}

  /**
   * What a task reports: records read, written, dropped by a filter, quarantined; bytes read; the
   * files it wrote; where its quarantined records are (null if none).
   */
  public record Counts(long read, long written, long filtered, long quarantined, long bytesRead, List<DataFile> files) {
    public Counts {
      files = List.copyOf(files);
    }
  }

  /** The default split size of a plain conversion: 768 MiB (the 512 MB to 1 GB per task). */
  public static final long CONVERSION_CHUNK = 768L << 20;
  /** The default split size when the pipeline maps records: 64 MiB (50 to 100 MB per task). */
  public static final long TRANSFORMATION_CHUNK = 64L << 20;

  private final String name;
  private final Source source;
  private final Steps steps;
  private final Sink sink;
  private final BadRecordLimit limit;
  private final TableCommit.Mode mode;

  ConvertStage(String name, Source source, Steps steps, Sink sink, BadRecordLimit limit, TableCommit.Mode mode) {
    this.name = Objects.requireNonNull(name, "name");
    this.source = Objects.requireNonNull(source, "source");
    this.steps = Objects.requireNonNull(steps, "steps");
    this.sink = Objects.requireNonNull(sink, "sink");
    this.limit = Objects.requireNonNull(limit, "limit");
    this.mode = Objects.requireNonNull(mode, "mode");
    if (source.schema() != null) {
      spec(source.schema()); // a partition column that is not in the output fails the job's build, not its run
    }
  }

  @Override
  public String name() {
    return name;
  }

  public Source source() {
    return source;
  }

  public Sink sink() {
    return sink;
  }

  @Override
  public StageSettings settings() {
    return StageSettings.builder().workload(Workload.CPU).maxAttempts(3).build();
  }

  /** The chunk size tasks are planned with: the source's, else the default for what the steps do. */
  public long chunkBytes() {
    if (source.chunkBytes() > 0) {
      return source.chunkBytes();
    }
    return steps.maps() ? TRANSFORMATION_CHUNK : CONVERSION_CHUNK;
  }

  private PartitionSpec spec(Schema input) {
    Schema out = steps.output(input);
    try {
      return PartitionSpec.parse(sink.partitionBy(), out);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("Stage '" + name + "': cannot partition the output (" + out.toSql() + ") by '"
          + sink.partitionBy() + "': " + e.getMessage(), e);
    }
  }

  @Override
  public Plan plan(PlanContext ctx) throws IOException {
    StoreLocation in = source.location().open(ctx.store());
    List<ObjectInfo> objects = new ArrayList<>();
    for (ObjectInfo o : in.store().listAll(in.prefix())) {
      String rel = in.relative(o.key());
      if (o.size() == 0 || hidden(rel)) {
        continue;
      }
      objects.add(o);
    }
    if (objects.isEmpty()) {
      return Plan.fail("Sluice.NoInput", "Stage '" + name + "' found no input objects under " + source.location()
          + " (empty objects and names starting with '_' or '.' are skipped)");
    }
    Schema schema = source.schema();
    if (schema == null) {
      InputFile first = StoreInputFile.planned(in.store(), objects.get(0));
      try {
        schema = source.format() instanceof ParquetFormat ? ParquetFormat.schemaOf(first)
            : SchemaInference.defaults().infer(source.format(), first);
      } catch (RuntimeException e) {
        return Plan.fail("Sluice.InvalidInput", "Stage '" + name + "' cannot infer a schema from " + first.name() + ": "
            + e.getMessage() + "; give one with Source.schema(...) / --schema");
      }
    }
    try {
      spec(schema);
    } catch (IllegalArgumentException e) {
      return Plan.fail("Sluice.InvalidJob", e.getMessage());
    }
    String schemaText = schema.toSql();
    List<TaskSpec> tasks = new ArrayList<>();
    for (ObjectInfo o : objects) {
      for (Split split : source.format().splits(StoreInputFile.planned(in.store(), o), chunkBytes())) {
        tasks.add(TaskSpec.of(new Chunk(o.key(), o.etag(), split, schemaText)));
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

  @Override
  public TaskOutcome run(Task task, TaskContext ctx) throws Exception {
    Chunk chunk = task.input(Chunk.class);
    Schema schema = Schema.parse(chunk.schema());
    PartitionSpec spec = spec(schema);
    AtomicLong bytesRead = new AtomicLong();
    StoreLocation in = source.location().external() ? source.location().open(null) : null;
    StoreLocation out = sink.location().external() ? sink.location().open(null) : null;
    InputFile file = in == null ? StoreInputFile.forTask(ctx, chunk.key(), chunk.etag())
        : StoreInputFile.pinned(in.store(), chunk.key(), chunk.etag(), bytesRead);
    String root = out == null ? sink.location().prefix() : out.prefix();
    try (DeferredFiles deferred = out == null ? null : new DeferredFiles(out.store());
        Quarantine quarantine = new Quarantine(() -> ctx.output(Quarantine.OUTPUT))) {
      FileSink files = out == null ? path -> ctx.outputAt(root + path) : path -> deferred.create(root + path);
      Position resume = task.resumeFrom(Position.class).orElse(null);
      ReadOptions options = ReadOptions.of(BadRecordPolicy.skipAndReport(quarantine::add));
      long read = 0;
      long written = 0;
      long filtered = 0;
      Steps.Chain chain = steps.bind();
      boolean stopped = false;
      Position continuation = null;
      List<DataFile> dataFiles;
      try (RecordReader reader = resume == null ? source.format().reader(file, chunk.split(), schema, options)
              : source.format().reader(file, chunk.split(), resume, schema, options);
          PartitionedWriter writer = PartitionedWriter.builder(spec, sink.format(), files, task.id())
              .targetFileBytes(sink.targetFileBytes()).spillDir(ctx.tempDir()).build()) {
        while (true) {
          if (ctx.shouldStop()) {
            stopped = true;
            continuation = reader.continuation();
            break;
          }
          if (!reader.next()) {
            break;
          }
          read++;
          Row row;
          try {
            row = chain.apply(reader.row());
          } catch (Exception e) {
            quarantine.add(new BadRecord(file.name(), reader.recordOffset(), "rejected by the pipeline's steps: " + e, null));
            continue;
          }
          if (row == null) {
            filtered++;
            continue;
          }
          try {
            writer.write(row);
          } catch (IllegalArgumentException e) {
            quarantine.add(new BadRecord(file.name(), reader.recordOffset(), "cannot be written: " + e.getMessage(), null));
            continue;
          }
          written++;
        }
        read += reader.badRecords();
        dataFiles = writer.finish();
        if (deferred != null) {
          deferred.publish();
        }
      }
      Counts counts = new Counts(read, written, filtered, quarantine.count(), in == null ? 0 : bytesRead.get(), dataFiles);
      return stopped ? TaskOutcome.continueAt(continuation, counts) : TaskOutcome.done(counts);
    } finally {
      if (in != null) {
        closeQuietly(in);
      }
      if (out != null) {
        closeQuietly(out);
      }
    }
  }

  private static void closeQuietly(StoreLocation location) {
    if (location.store() instanceof AutoCloseable c) {
      try {
        c.close();
      } catch (Exception ignored) {
        // read-only use, or writes already committed: nothing is lost
      }
    }
  }

  @Override
  public Completion complete(CompletionContext ctx) throws IOException {
    long read = 0;
    long written = 0;
    long filtered = 0;
    long bad = 0;
    long bytesRead = 0;
    List<DataFile> files = new ArrayList<>();
    List<String> quarantined = new ArrayList<>();
    for (TaskResult r : ctx.results()) {
      Counts c = r.summary(Counts.class).orElseThrow(() -> new IllegalStateException(
          "Task " + r.taskId() + " of stage '" + name + "' committed without its counts"));
      read += c.read();
      written += c.written();
      filtered += c.filtered();
      bad += c.quarantined();
      bytesRead += c.bytesRead() + r.metrics().bytesIn();
      files.addAll(c.files());
      if (r.outputs().containsKey(Quarantine.OUTPUT)) {
        quarantined.add(r.output(Quarantine.OUTPUT));
      }
    }
    ConvertReport report = new ConvertReport(ctx.runId(), name, source.location().text(), sink.location().text(), read,
        written, filtered, bad, bytesRead, files.size(), files.stream().mapToLong(DataFile::bytes).sum(), quarantined);
    if (limit.exceededBy(bad, read)) {
      return Completion.fail("Sluice.TooManyBadRecords", "Stage '" + name + "' quarantined " + bad + " of " + read
          + " records, more than the limit (" + limit + "); the table was not changed. The bad records, with where each"
          + " was and why it was refused, are in " + (quarantined.size() <= 3 ? String.join(", ", quarantined)
          : String.join(", ", quarantined.subList(0, 3)) + " and " + (quarantined.size() - 3) + " more objects"));
    }
    StoreLocation out = sink.location().open(ctx.store());
    try {
      TableCommit.commit(out, sink, spec(Schema.parse(firstSchema(ctx))), files, mode, report);
    } finally {
      if (sink.location().external()) {
        closeQuietly(out);
      }
    }
    return Completion.next();
  }

  private String firstSchema(CompletionContext ctx) {
    return ctx.results().get(0).input(Chunk.class).schema();
  }
}
