package io.sluice.table;

import io.sluice.record.RecordFormat;
import io.sluice.table.internal.ManifestInputFile;
import java.io.IOException;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Compacts a table in the calling thread, without a job: plans from the latest snapshot, rewrites each
 * group straight into the table's store, commits one {@value TableManifest#COMPACT} version (re-applied
 * on a lost race while every input is still live) and rewrites the touched partitions' symlink
 * manifests. For small tables and tools; {@link CompactionStage} does the same with one task per
 * partition.
 *
 * <p>If the commit fails ({@link TableManifestConflictException}: another commit removed an input),
 * the files written are left for {@link TableManifest#vacuum} to delete; no reader ever sees them.
 */
public final class Compaction {
  private Compaction() {}

  /**
   * What a compaction did.
   *
   * @param plan what it planned
   * @param snapshot the version it committed, or the latest one when there was nothing to compact
   */
  public record Result(CompactionPlan plan, TableSnapshot snapshot) {}

  /**
   * Compacts the table of {@code manifest} to files of about {@code targetBytes}, in partitions with
   * at least {@code minFiles} small files (see {@link CompactionPlan}).
   *
   * @param tableUri the table's absolute location, for the symlink manifests
   * @throws TableManifestConflictException naming the files if another commit removed an input first
   * @throws IOException if reading or writing a data file fails
   */
  public static Result compact(TableManifest manifest, RecordFormat format, long targetBytes, int minFiles, URI tableUri)
      throws IOException {
    Objects.requireNonNull(manifest, "manifest");
    TableSnapshot base = manifest.latestOrFail();
    CompactionPlan plan = CompactionPlan.of(base, targetBytes, minFiles);
    if (plan.isEmpty()) {
      return new Result(plan, base);
    }
    CompactionRewriter rewriter = new CompactionRewriter(base.definition(), format);
    List<DataFile> removed = new ArrayList<>();
    List<DataFile> added = new ArrayList<>();
    String location = manifest.location();
    for (CompactionPlan.Group g : plan.groups()) {
      added.addAll(rewriter.rewrite(plan.version(), g, path -> ManifestInputFile.of(manifest.store(), location + path),
          path -> manifest.store().create(location + path)));
      removed.addAll(g.inputs());
    }
    TableSnapshot committed = manifest.commit(TableManifest.Change.compact(removed, added));
    manifest.writeSymlinks(committed, tableUri, plan.groups().stream().map(CompactionPlan.Group::partition).toList());
    return new Result(plan, committed);
  }
}
