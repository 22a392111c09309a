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
import io.sluice.plan.ChunkSizer;
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
  /**
   * One task: a split of object {@code key}, planned on version {@code etag}, read with schema {@code
   * schema} (SQL text); or, in the merge round ({@code key} null), the {@code merges} to do.
   */
  public record Chunk(String key, String etag, Split split, String schema, List<Merge> merges) {
    Chunk(String key, String etag, Split split, String schema) {
      this(key, etag, split, schema, null);
    }
  }

  /**
   * Files one partition got from several tasks ({@code bytes} together), to be joined into {@code
   * output} (relative to the table) by copying their Parquet row groups ({@link ParquetFormat#concatenate}).
   */
  public record Merge(String partition, java.util.Map<String, String> values, List<String> files, long bytes, String output) {
    public Merge {
      values = java.util.Map.copyOf(values);
      files = List.copyOf(files);
    }
  }

  /**
   * What a task reports: records read, written, dropped by a filter, quarantined, and the files it
   * wrote. (Its bytes read, from another store too, are in its {@link TaskResult#metrics()}.)
   */
  public record Counts(long read, long written, long filtered, long quarantined, List<DataFile> files) {
    public Counts {
      files = List.copyOf(files);
    }
  }

  private final String name;
  private final Source source;
  private final Steps steps;
  private final Sink sink;
  private final BadRecordLimit limit;
  private final TableCommit.Mode mode;
  private final java.time.Duration safeBudget;

  private static final com.fasterxml.jackson.databind.ObjectMapper JSON = new com.fasterxml.jackson.databind.ObjectMapper();

  ConvertStage(String name, Source source, Steps steps, Sink sink, BadRecordLimit limit, TableCommit.Mode mode,
      java.time.Duration safeBudget) {
    this.safeBudget = Objects.requireNonNull(safeBudget, "safeBudget");
    this.name = Objects.requireNonNull(name, "name");
    this.source = Objects.requireNonNull(source, "source");
    this.steps = Objects.requireNonNull(steps, "steps");
    this.sink = Objects.requireNonNull(sink, "sink");
    this.limit = Objects.requireNonNull(limit, "limit");
    this.mode = Objects.requireNonNull(mode, "mode");
    if (source.schema() != null) {
      spec(source.readSchema(source.schema())); // a partition column that is not in the output fails the job's build, not its run
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

  /** The run parameters the source's and the sink's locations name ({@code ${input}/orders/}). */
  @Override
  public List<io.sluice.Parameter<?>> parameters() {
    List<io.sluice.Parameter<?>> out = new ArrayList<>(source.location().parameters());
    out.addAll(sink.location().parameters());
    return out.stream().distinct().toList();
  }

  private boolean parameterized() {
    return source.location().parameterized() || sink.location().parameterized();
  }

  /** This stage with its locations' parameters replaced by the run's values. */
  private ConvertStage resolved(io.sluice.StageContext ctx) {
    Source s = new Source(source.format(), source.location().resolve(ctx.parameters()), source.schema(), source.chunkBytes(),
        source.columns());
    Sink k = new Sink(sink.format(), sink.location().resolve(ctx.parameters()), sink.partitionBy(), sink.targetFileBytes(),
        sink.tableName());
    return new ConvertStage(name, s, steps, k, limit, mode, safeBudget);
  }

  @Override
  public StageSettings settings() {
    return StageSettings.builder().workload(Workload.CPU).maxAttempts(3).build();
  }

  /**
   * The chunk size of the first round: the source's, else the default of the workload ({@link
   * ChunkSizer}: 768 MiB for a plain conversion, 64 MiB when the steps map records, less for an
   * executor budget under 10 minutes). Without a chunk size of the source's, later rounds adapt it to
   * the throughput the first round measured.
   */
  public long chunkBytes() {
    return initialChunk();
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

  /**
   * Where planning stands, kept in the stage's state between rounds: the next byte to plan (object
   * {@code key} from {@code offset}; every object before it in key order is planned), the chunk size
   * of the next round, and the totals of the rounds completed so far. The files each round wrote are
   * in the store ({@link #pendingKey}), not here, so the state stays small however many there are.
   */
  public record Progress(String key, long offset, long chunk, int round, String schema, long read, long written,
      long filtered, long quarantined, long bytesRead, List<String> quarantine, boolean merging) {
    public Progress {
      quarantine = List.copyOf(quarantine);
    }
  }

  /** A merge task takes partitions' files up to this many bytes together (so several tasks share a large merge). */
  static final long MERGE_TASK_BYTES = 128L << 20;

  /** Tasks in the first round of an adaptive conversion: enough to measure throughput on. */
  static final int PROBE_TASKS = 4;
  /** Quarantine outputs named in the report and the failure message (the counts include every one). */
  static final int MAX_NAMED_QUARANTINE = 100;

  @Override
  public Plan plan(PlanContext ctx) throws IOException {
    if (parameterized()) {
      return resolved(ctx).plan(ctx);
    }
    StoreLocation in = source.location().open(ctx.store());
    List<ObjectInfo> objects = new ArrayList<>();
    for (ObjectInfo o : in.store().listAll(in.prefix())) {
      String rel = in.relative(o.key());
      if (o.size() == 0 || hidden(rel)) {
        continue;
      }
      objects.add(o);
    }
    Progress progress = ctx.stageState(Progress.class).orElse(null);
    if (progress == null) {
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
        spec(source.readSchema(schema));
      } catch (IllegalArgumentException e) {
        return Plan.fail("Sluice.InvalidJob", e.getMessage());
      }
      progress = new Progress("", 0, initialChunk(), 0, schema.toSql(), 0, 0, 0, 0, 0, List.of(), false);
    }
    if (progress.merging()) {
      return planMerges(ctx);
    }
    // The first round of an adaptive conversion plans a few tasks to measure; later rounds the rest.
    int budget = adaptive() && progress.round() == 0 ? PROBE_TASKS : Integer.MAX_VALUE;
    List<TaskSpec> tasks = new ArrayList<>();
    String key = progress.key();
    long offset = progress.offset();
    for (ObjectInfo o : objects) {
      if (tasks.size() >= budget) {
        break;
      }
      int c = o.key().compareTo(key);
      if (c < 0 || (c == 0 && offset >= o.size())) {
        continue; // planned in an earlier round
      }
      long from = c == 0 ? offset : 0;
      key = o.key();
      offset = from;
      if (!byteRanges() || from == 0 && o.size() <= progress.chunk()) {
        if (from == 0) {
          for (Split split : source.format().splits(StoreInputFile.planned(in.store(), o), progress.chunk())) {
            tasks.add(TaskSpec.of(new Chunk(o.key(), o.etag(), split, progress.schema())));
          }
        }
        offset = o.size();
        continue;
      }
      while (offset < o.size() && tasks.size() < budget) {
        long end = o.size() - offset < progress.chunk() + progress.chunk() / 4 ? o.size() : offset + progress.chunk();
        tasks.add(TaskSpec.of(new Chunk(o.key(), o.etag(), new Split(offset, end), progress.schema())));
        offset = end;
      }
    }
    ctx.setStageState(new Progress(key, offset, progress.chunk(), progress.round(), progress.schema(), progress.read(),
        progress.written(), progress.filtered(), progress.quarantined(), progress.bytesRead(), progress.quarantine(), false));
    if (tasks.isEmpty()) {
      return Plan.tasks(List.of()); // nothing left (an object shrank or went away): completion publishes what there is
    }
    return Plan.tasks(tasks);
  }

  /** Whether chunk sizes adapt between rounds: when the source gave none, and the format can be cut anywhere. */
  private boolean adaptive() {
    return source.chunkBytes() == 0 && byteRanges();
  }

  /** Whether this stage cuts objects into byte ranges itself (text formats that can be cut anywhere). */
  private boolean byteRanges() {
    return source.format().splittable() && !(source.format() instanceof ParquetFormat);
  }

  private long initialChunk() {
    return source.chunkBytes() > 0 ? source.chunkBytes() : sizer().initial();
  }

  private ChunkSizer sizer() {
    return new ChunkSizer(steps.maps() ? ChunkSizer.ChunkProfile.TRANSFORMATION : ChunkSizer.ChunkProfile.CONVERSION,
        safeBudget);
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
    if (parameterized()) {
      return resolved(ctx).run(task, ctx);
    }
    Chunk chunk = task.input(Chunk.class);
    if (chunk.merges() != null) {
      return runMerges(chunk.merges(), ctx);
    }
    Schema schema = Schema.parse(chunk.schema());
    PartitionSpec spec = spec(source.readSchema(schema));
    StoreLocation in = source.location().external() ? source.location().open(null) : null;
    StoreLocation out = sink.location().external() ? sink.location().open(null) : null;
    InputFile file = in == null ? StoreInputFile.forTask(ctx, chunk.key(), chunk.etag())
        : StoreInputFile.pinned(ctx.metered(in.store()), chunk.key(), chunk.etag());
    String root = out == null ? sink.location().prefix() : out.prefix();
    try (DeferredFiles deferred = out == null ? null : new DeferredFiles(ctx.metered(out.store()));
        Quarantine quarantine = new Quarantine(() -> ctx.output(Quarantine.OUTPUT))) {
      FileSink files = out == null ? path -> ctx.outputAt(root + path) : path -> deferred.create(root + path);
      Position resume = task.resumeFrom(Position.class).orElse(null);
      ReadOptions options = source.readOptions(ReadOptions.of(BadRecordPolicy.skipAndReport(quarantine::add)));
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
      Counts counts = new Counts(read, written, filtered, quarantine.count(), dataFiles);
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
    if (parameterized()) {
      return resolved(ctx).complete(ctx);
    }
    Progress p = ctx.stageState(Progress.class).orElseThrow(() -> new IllegalStateException(
        "Stage '" + name + "' completes without the progress its plan keeps"));
    Completion done = alreadyCommitted(ctx);
    if (done != null) {
      return done;
    }
    long read = p.read();
    long written = p.written();
    long filtered = p.filtered();
    long bad = p.quarantined();
    long bytesRead = p.bytesRead();
    List<String> quarantined = new ArrayList<>(p.quarantine());
    List<DataFile> files = new ArrayList<>();
    List<ChunkSizer.Observation> observations = new ArrayList<>();
    for (TaskResult r : ctx.results()) {
      Counts c = r.summary(Counts.class).orElseThrow(() -> new IllegalStateException(
          "Task " + r.taskId() + " of stage '" + name + "' committed without its counts"));
      read += c.read();
      written += c.written();
      filtered += c.filtered();
      bad += c.quarantined();
      // another store's reads are metered as the task's own (TaskContext.metered): the metrics hold them all
      long bytes = r.metrics().bytesIn();
      bytesRead += bytes;
      files.addAll(c.files());
      if (r.outputs().containsKey(Quarantine.OUTPUT) && quarantined.size() < MAX_NAMED_QUARANTINE) {
        quarantined.add(r.output(Quarantine.OUTPUT));
      }
      if (!r.continued() && r.metrics().millis() > 0) {
        observations.add(new ChunkSizer.Observation(bytes, java.time.Duration.ofMillis(r.metrics().millis())));
      }
    }
    StoreLocation out = sink.location().open(ctx.store());
    try {
      String pending = pendingPrefix(ctx.runId());
      if (p.merging()) {
        return completeMerges(ctx, p, out, pending, files);
      }
      out.store().put(out.key(pending + String.format("%05d.json", p.round())), JSON.writeValueAsBytes(files));
      boolean more = moreToPlan(ctx, p);
      if (limit.exceededBy(bad, read) && (!more || bad > limit.maxCount())) {
        return Completion.fail("Sluice.TooManyBadRecords", "Stage '" + name + "' quarantined " + bad + " of " + read
            + " records, more than the limit (" + limit + "); the table was not changed. The bad records, with where each"
            + " was and why it was refused, are in " + (quarantined.size() <= 3 ? String.join(", ", quarantined)
            : String.join(", ", quarantined.subList(0, 3)) + " and " + (quarantined.size() - 3) + " more objects"));
      }
      if (more) {
        long next = adaptive() ? sizer().next(p.chunk(), observations) : p.chunk();
        ctx.setStageState(new Progress(p.key(), p.offset(), next, p.round() + 1, p.schema(), read, written, filtered, bad,
            bytesRead, quarantined, false));
        return Completion.again();
      }
      List<String> rounds = new ArrayList<>();
      List<DataFile> all = pendingFiles(out, pending, rounds);
      List<Merge> merges = merges(all);
      if (!merges.isEmpty()) {
        // one more round: join each partition's files from several tasks (row groups copied, nothing re-encoded)
        out.store().put(out.key(pending + MERGE_PLAN), JSON.writeValueAsBytes(merges));
        ctx.setStageState(new Progress(p.key(), p.offset(), p.chunk(), p.round() + 1, p.schema(), read, written, filtered, bad,
            bytesRead, quarantined, true));
        return Completion.again();
      }
      return commit(ctx, p, out, all, rounds, List.of(), read, written, filtered, bad, bytesRead, quarantined);
    } finally {
      if (sink.location().external()) {
        closeQuietly(out);
      }
    }
  }

  /** Publishes {@code all} as the table's files and the report, then deletes the pending lists and the files merged away. */
  private Completion commit(CompletionContext ctx, Progress p, StoreLocation out, List<DataFile> all, List<String> pendingKeys,
      List<String> merged, long read, long written, long filtered, long bad, long bytesRead, List<String> quarantined)
      throws IOException {
    ConvertReport report = new ConvertReport(ctx.runId(), name, source.location().text(), sink.location().text(), read,
        written, filtered, bad, bytesRead, all.size(), all.stream().mapToLong(DataFile::bytes).sum(), quarantined);
    TableCommit.commit(out, sink, spec(source.readSchema(Schema.parse(p.schema()))), all, mode, report);
    // the files joined by the merge round were never in a manifest: no reader can have seen them
    // the files joined away first, the pending lists and the merge plan (which names them) after: a
    // completion repeated after a crash part way finds the plan and finishes (alreadyCommitted)
    List<String> garbage = new ArrayList<>();
    for (String f : merged) {
      garbage.add(out.key(f));
    }
    garbage.addAll(pendingKeys);
    for (int i = 0; i < garbage.size(); i += DELETE_BATCH) {
      out.store().deleteAll(garbage.subList(i, Math.min(garbage.size(), i + DELETE_BATCH)));
    }
    ctx.setStageState(null);
    return Completion.next();
  }

  /**
   * If this run's stage already committed the table (its report is there: the report is written after
   * the manifest), a repeated completion (the driver died before recording its decision, and was
   * called again) only finishes the clean-up: it must not commit again from pending lists that the
   * first one may have deleted. Returns null when there is a commit still to make.
   */
  private Completion alreadyCommitted(CompletionContext ctx) throws IOException {
    StoreLocation out = sink.location().open(ctx.store());
    try {
      if (out.store().stat(out.key(ConvertReport.key(ctx.runId(), name))).isEmpty()) {
        return null;
      }
      String pending = out.key(pendingPrefix(ctx.runId()));
      // the merged-away files first, then the pending lists, the merge plan (which names them) last
      List<String> garbage = new ArrayList<>();
      String plan = pending + MERGE_PLAN;
      boolean merged = out.store().stat(plan).isPresent();
      if (merged) {
        for (Merge m : JSON.readValue(out.store().get(plan), Merge[].class)) {
          for (String f : m.files()) {
            garbage.add(out.key(f)); // joined by the merge round, never in a manifest
          }
        }
      }
      for (ObjectInfo o : out.store().listAll(pending)) {
        if (!o.key().equals(plan)) {
          garbage.add(o.key());
        }
      }
      if (merged) {
        garbage.add(plan);
      }
      for (int i = 0; i < garbage.size(); i += DELETE_BATCH) {
        out.store().deleteAll(garbage.subList(i, Math.min(garbage.size(), i + DELETE_BATCH)));
      }
      ctx.setStageState(null);
      return Completion.next();
    } finally {
      if (sink.location().external()) {
        closeQuietly(out);
      }
    }
  }

  /** Keys per {@code deleteAll} call (the store SPI takes at most 1,000). */
  private static final int DELETE_BATCH = 1000;

  /** The file list of the merge round, beside the rounds' lists. */
  private static final String MERGE_PLAN = "merge.json";

  private List<DataFile> pendingFiles(StoreLocation out, String pending, List<String> keys) throws IOException {
    List<DataFile> all = new ArrayList<>();
    for (ObjectInfo o : out.store().listAll(out.key(pending))) {
      if (o.key().endsWith("/" + MERGE_PLAN)) {
        continue;
      }
      keys.add(o.key());
      all.addAll(List.of(JSON.readValue(out.store().get(o.key()), DataFile[].class)));
    }
    return all;
  }

  /**
   * The partitions of a Parquet table that got files from several tasks: for each, runs of its files
   * (in name order) whose bytes together stay within the target file size, each run of two or more
   * to be joined into one file named after a hash of its members (so a retried merge writes the same
   * name).
   */
  List<Merge> merges(List<DataFile> files) {
    if (!(sink.format() instanceof ParquetFormat)) {
      return List.of();
    }
    java.util.Map<String, List<DataFile>> byPartition = new java.util.TreeMap<>();
    for (DataFile f : files) {
      byPartition.computeIfAbsent(f.partition(), k -> new ArrayList<>()).add(f);
    }
    List<Merge> merges = new ArrayList<>();
    for (List<DataFile> group : byPartition.values()) {
      if (group.size() < 2) {
        continue;
      }
      group.sort(java.util.Comparator.comparing(DataFile::path));
      List<DataFile> run = new ArrayList<>();
      long bytes = 0;
      for (DataFile f : group) {
        if (!run.isEmpty() && bytes + f.bytes() > sink.targetFileBytes()) {
          addMerge(merges, run);
          run = new ArrayList<>();
          bytes = 0;
        }
        run.add(f);
        bytes += f.bytes();
      }
      addMerge(merges, run);
    }
    return merges;
  }

  private static void addMerge(List<Merge> merges, List<DataFile> run) {
    if (run.size() < 2) {
      return;
    }
    List<String> paths = run.stream().map(DataFile::path).toList();
    String tag = "m" + shortHash(String.join("\n", paths));
    DataFile first = run.get(0);
    merges.add(new Merge(first.partition(), first.partitionValues(), paths, run.stream().mapToLong(DataFile::bytes).sum(),
        first.partition() + "part-" + tag + "-00000.parquet"));
  }

  private static String shortHash(String text) {
    try {
      byte[] d = java.security.MessageDigest.getInstance("SHA-256").digest(text.getBytes(java.nio.charset.StandardCharsets.UTF_8));
      return java.util.HexFormat.of().formatHex(d, 0, 8);
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JVM", e);
    }
  }

  private Plan planMerges(PlanContext ctx) throws IOException {
    StoreLocation out = sink.location().open(ctx.store());
    try {
      Merge[] merges = JSON.readValue(out.store().get(out.key(pendingPrefix(ctx.runId()) + MERGE_PLAN)), Merge[].class);
      List<TaskSpec> tasks = new ArrayList<>();
      List<Merge> batch = new ArrayList<>();
      long bytes = 0;
      for (Merge m : merges) {
        long size = m.bytes();
        if (!batch.isEmpty() && bytes + size > MERGE_TASK_BYTES) {
          tasks.add(TaskSpec.of(new Chunk(null, null, null, null, batch)));
          batch = new ArrayList<>();
          bytes = 0;
        }
        batch.add(m);
        bytes += size;
      }
      if (!batch.isEmpty()) {
        tasks.add(TaskSpec.of(new Chunk(null, null, null, null, batch)));
      }
      return Plan.tasks(tasks);
    } finally {
      if (sink.location().external()) {
        closeQuietly(out);
      }
    }
  }

  private TaskOutcome runMerges(List<Merge> merges, TaskContext ctx) throws IOException {
    StoreLocation out = sink.location().external() ? sink.location().open(null) : null;
    String root = out == null ? sink.location().prefix() : out.prefix();
    List<DataFile> written = new ArrayList<>();
    try (DeferredFiles deferred = out == null ? null : new DeferredFiles(ctx.metered(out.store()))) {
      for (Merge m : merges) {
        List<InputFile> inputs = new ArrayList<>();
        for (String f : m.files()) {
          inputs.add(out == null ? StoreInputFile.forTask(ctx, root + f, null) : StoreInputFile.pinned(ctx.metered(out.store()), root + f, null));
        }
        CountingStream target = new CountingStream(out == null ? ctx.outputAt(root + m.output()) : deferred.create(root + m.output()));
        long rows = ParquetFormat.concatenate(inputs, target);
        written.add(new DataFile(m.output(), m.partition(), m.values(), rows, target.count));
      }
      if (deferred != null) {
        deferred.publish();
      }
    } finally {
      if (out != null) {
        closeQuietly(out);
      }
    }
    return TaskOutcome.done(new Counts(0, 0, 0, 0, written));
  }

  private Completion completeMerges(CompletionContext ctx, Progress p, StoreLocation out, String pending, List<DataFile> joined)
      throws IOException {
    Merge[] merges = JSON.readValue(out.store().get(out.key(pending + MERGE_PLAN)), Merge[].class);
    java.util.Set<String> replaced = new java.util.HashSet<>();
    for (Merge m : merges) {
      replaced.addAll(m.files());
    }
    List<String> rounds = new ArrayList<>();
    List<DataFile> all = new ArrayList<>();
    for (DataFile f : pendingFiles(out, pending, rounds)) {
      if (!replaced.contains(f.path())) {
        all.add(f);
      }
    }
    all.addAll(joined);
    rounds.add(out.key(pending + MERGE_PLAN));
    return commit(ctx, p, out, all, rounds, List.copyOf(replaced), p.read(), p.written(), p.filtered(), p.quarantined(),
        p.bytesRead(), p.quarantine());
  }

  /** Counts the bytes written through it. */
  private static final class CountingStream extends java.io.FilterOutputStream {
    long count;

    CountingStream(OutputStream out) {
      super(out);
    }

    @Override
    public void write(int b) throws IOException {
      out.write(b);
      count++;
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
      out.write(b, off, len);
      count += len;
    }
  }

  /** Where the completed rounds' file lists wait for the final commit, relative to the table. */
  private String pendingPrefix(String runId) {
    return "_sluice/pending/" + runId + "/" + name + "/";
  }

  /** Whether any input is left after the cursor of {@code p}. */
  private boolean moreToPlan(CompletionContext ctx, Progress p) {
    StoreLocation in = source.location().open(ctx.store());
    try {
      for (ObjectInfo o : in.store().listAll(in.prefix())) {
        if (o.size() == 0 || hidden(in.relative(o.key()))) {
          continue;
        }
        int c = o.key().compareTo(p.key());
        if (c > 0 || (c == 0 && p.offset() < o.size())) {
          return true;
        }
      }
      return false;
    } finally {
      if (source.location().external()) {
        closeQuietly(in);
      }
    }
  }

}
