package io.sluice.table;

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
import io.sluice.record.RecordFormat;
import io.sluice.record.Schema;
import io.sluice.store.ObjectNotFoundException;
import io.sluice.table.internal.ManifestInputFile;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * A stage that compacts a table in the run's store ({@link CompactionPlan} says what).
 *
 * <ul>
 *   <li><b>plan</b> reads the latest snapshot of the table and plans one task per partition to
 *       compact (none: the stage is done);
 *   <li><b>run</b> rewrites the partition's small files ({@link CompactionRewriter}) into the table
 *       itself, at fixed keys ({@link TaskContext#outputAt}): a failed attempt leaves nothing, and a
 *       retried one writes the same names with the same bytes;
 *   <li><b>complete</b> commits one {@value TableManifest#COMPACT} version for all partitions (re-applied
 *       on top of commits made meanwhile, as long as every input is still live) and rewrites the
 *       compacted partitions' symlink manifests. If another commit removed an input first, the stage
 *       fails naming the files; what its tasks wrote is never listed, and {@link TableManifest#vacuum}
 *       deletes it.
 * </ul>
 *
 * <pre>{@code
 * Stage compact = CompactionStage.builder("tables/orders/", ParquetFormat.DEFAULT, URI.create("s3://bucket/tables/orders/"))
 *     .targetFileBytes(128L << 20).build();
 * Job job = Job.builder("compact-orders").stage(compact).build();
 * }</pre>
 *
 * A task reads its whole partition group in one go; it does not stop early at the executor's budget.
 * Immutable and thread-safe.
 */
public final class CompactionStage implements Stage {
  /** The default target size of a compacted file: 128 MB. */
  public static final long DEFAULT_TARGET_BYTES = 128L << 20;

  private static final Pattern NAME = Pattern.compile("[a-z0-9]+(-[a-z0-9]+)*");

  private final String name;
  private final String location;
  private final RecordFormat format;
  private final URI tableUri;
  private final long targetBytes;
  private final int minFiles;
  private final StageSettings settings;

  private CompactionStage(Builder b) {
    this.name = b.name;
    this.location = TableManifest.normalize(b.location);
    this.format = b.format;
    this.tableUri = b.tableUri;
    this.targetBytes = b.targetBytes;
    this.minFiles = b.minFiles;
    this.settings = b.settings;
  }

  /**
   * A builder of a stage compacting the table at {@code location} (a prefix of the run's store,
   * {@code tables/orders/}), whose files are in {@code format}.
   *
   * @param tableUri the table's absolute location as engines address it, written into the symlink manifests
   */
  public static Builder builder(String location, RecordFormat format, URI tableUri) {
    return new Builder(location, format, tableUri);
  }

  /**
   * What one task compacts: the table (its definition as text, so the executor need not read the
   * manifest) and one group of a plan made from {@code version}.
   *
   * @param version the snapshot version planned from
   * @param table the table's name
   * @param schema its schema ({@link Schema#toSql()})
   * @param partitionSpec its partitioning ({@link PartitionSpec#toString()})
   * @param format its format name
   * @param group the partition's files and how many files they become
   */
  public record Work(long version, String table, String schema, String partitionSpec, String format, CompactionPlan.Group group) {
    TableDefinition definition() {
      Schema s = Schema.parse(schema);
      return new TableDefinition(table, PartitionSpec.parse(partitionSpec, s), format);
    }
  }

  /**
   * What one task did: the files it replaced and those it wrote (its summary).
   *
   * @param removed the group's inputs
   * @param added the files written
   */
  public record Rewritten(List<DataFile> removed, List<DataFile> added) {}

  @Override
  public String name() {
    return name;
  }

  @Override
  public StageSettings settings() {
    return settings;
  }

  @Override
  public Plan plan(PlanContext context) {
    TableManifest manifest = new TableManifest(context.store(), location);
    TableSnapshot latest = manifest.latestOrFail();
    checkFormat(latest.definition());
    CompactionPlan plan = CompactionPlan.of(latest, targetBytes, minFiles);
    if (plan.isEmpty()) {
      return Plan.done();
    }
    TableDefinition d = latest.definition();
    List<TaskSpec> tasks = new ArrayList<>();
    for (CompactionPlan.Group g : plan.groups()) {
      tasks.add(TaskSpec.of(new Work(plan.version(), d.name(), d.schema().toSql(), d.spec().toString(), d.format(), g)));
    }
    return Plan.tasks(tasks);
  }

  private void checkFormat(TableDefinition d) {
    if (!d.format().equals(format.name())) {
      throw new IllegalArgumentException("Stage '" + name + "': table '" + d.name() + "' at '" + location + "' holds "
          + d.format() + " files, and this stage was given the " + format.name() + " format");
    }
  }

  @Override
  public TaskOutcome run(Task task, TaskContext context) throws Exception {
    Work work = task.input(Work.class);
    TableDefinition definition = work.definition();
    CompactionRewriter rewriter = new CompactionRewriter(definition, format);
    List<DataFile> added = rewriter.rewrite(work.version(), work.group(), path -> {
      String key = location + path;
      long length = context.stat(key).orElseThrow(() -> new ObjectNotFoundException(key)).size();
      return new ManifestInputFile(key, length, null, (k, offset, len, etag) -> context.openRange(k, offset, len));
    }, path -> context.outputAt(location + path));
    return TaskOutcome.done(new Rewritten(work.group().inputs(), added));
  }

  @Override
  public Completion complete(CompletionContext context) {
    List<DataFile> removed = new ArrayList<>();
    List<DataFile> added = new ArrayList<>();
    TreeSet<String> partitions = new TreeSet<>();
    for (TaskResult r : context.results()) {
      Rewritten done = r.summary(Rewritten.class).orElseThrow(() -> new IllegalStateException(
          "Task " + r.taskId() + " of stage '" + name + "' committed without saying which files it wrote"));
      removed.addAll(done.removed());
      added.addAll(done.added());
      done.removed().forEach(f -> partitions.add(f.partition()));
    }
    if (removed.isEmpty()) {
      return Completion.next();
    }
    TableManifest manifest = new TableManifest(context.store(), location);
    TableSnapshot committed;
    try {
      committed = manifest.commit(TableManifest.Change.compact(removed, added));
    } catch (TableManifestConflictException e) {
      return Completion.fail("CompactionConflict", e.getMessage());
    }
    manifest.writeSymlinks(committed, tableUri, partitions);
    return Completion.next();
  }

  @Override
  public String toString() {
    return "CompactionStage[" + name + ": " + location + ", target " + targetBytes + " bytes, " + minFiles + "+ small files]";
  }

  /** Builds a {@link CompactionStage}; checked at {@link #build()}. Not thread-safe. */
  public static final class Builder {
    private final String location;
    private final RecordFormat format;
    private final URI tableUri;
    private String name = "compact";
    private long targetBytes = DEFAULT_TARGET_BYTES;
    private int minFiles = CompactionPlan.DEFAULT_MIN_FILES;
    private StageSettings settings = StageSettings.DEFAULTS;

    private Builder(String location, RecordFormat format, URI tableUri) {
      this.location = Objects.requireNonNull(location, "location");
      this.format = Objects.requireNonNull(format, "format");
      this.tableUri = Objects.requireNonNull(tableUri, "tableUri");
    }

    /** The stage's name; {@code compact} by default. */
    public Builder name(String name) {
      this.name = name;
      return this;
    }

    /** The target size of a compacted file; {@value CompactionStage#DEFAULT_TARGET_BYTES} bytes (128 MB) by default. */
    public Builder targetFileBytes(long bytes) {
      this.targetBytes = bytes;
      return this;
    }

    /** The fewest small files a partition needs to be compacted; {@value CompactionPlan#DEFAULT_MIN_FILES} by default. */
    public Builder minFiles(int minFiles) {
      this.minFiles = minFiles;
      return this;
    }

    /** How the stage's tasks run; {@link StageSettings#DEFAULTS} by default. */
    public Builder settings(StageSettings settings) {
      this.settings = Objects.requireNonNull(settings, "settings");
      return this;
    }

    /**
     * The stage.
     *
     * @throws IllegalArgumentException if the name is not lower-case words joined by dashes, the
     *     target is not positive, the threshold is below 2, the location is not a valid prefix, or the
     *     table URI is not absolute
     */
    public CompactionStage build() {
      if (name == null || !NAME.matcher(name).matches()) {
        throw new IllegalArgumentException("Stage name '" + name + "' is invalid: use lower-case letters, digits and dashes");
      }
      if (targetBytes < 1) {
        throw new IllegalArgumentException("Stage '" + name + "': the target file size must be positive, was " + targetBytes);
      }
      if (minFiles < 2) {
        throw new IllegalArgumentException("Stage '" + name + "': the threshold must be at least 2 small files, was " + minFiles);
      }
      TableManifest.tableBase(tableUri);
      return new CompactionStage(this);
    }
  }
}
