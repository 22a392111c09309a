package io.sluice.table;

import io.sluice.record.BadRecordPolicy;
import io.sluice.record.InputFile;
import io.sluice.record.ReadOptions;
import io.sluice.record.RecordFormat;
import io.sluice.record.RecordReader;
import io.sluice.record.RecordWriter;
import io.sluice.record.Schema;
import io.sluice.record.Split;
import io.sluice.table.internal.CompactOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Rewrites one {@link CompactionPlan.Group}: reads its small files in path order and writes their
 * rows, in that order, into exactly {@link CompactionPlan.Group#outputFiles()} files of the partition's
 * file schema ({@link PartitionSpec#fileSchema()}), the rows split evenly by count (the first {@code
 * rows % n} files hold one row more than the others). Output names are {@link
 * CompactionPlan.Group#outputPath} names, so a retried rewrite writes the same files again. When the
 * group holds fewer rows than files, it writes one file per row (at least one file).
 *
 * <p>Where files come from and go to is the caller's: an {@link Input} that opens a file by its path
 * relative to the table, and an {@link Output} that creates one (a stage's task writes at fixed keys
 * in the table). Nothing is committed here: the caller commits {@link TableManifest.Change#compact}
 * with the group's inputs and the files this returns.
 *
 * <p>Stateless and thread-safe.
 */
public final class CompactionRewriter {
  /** Opens a data file by its path relative to the table. */
  @FunctionalInterface
  public interface Input {
    InputFile open(String relativePath) throws IOException;
  }

  /** Creates a data file by its path relative to the table; the rewriter closes the stream. */
  @FunctionalInterface
  public interface Output {
    OutputStream create(String relativePath) throws IOException;
  }

  private final TableDefinition definition;
  private final RecordFormat format;

  /**
   * A rewriter of files of the table {@code definition} describes, in {@code format}.
   *
   * @throws IllegalArgumentException if the format is not the table's
   */
  public CompactionRewriter(TableDefinition definition, RecordFormat format) {
    this.definition = Objects.requireNonNull(definition, "definition");
    this.format = Objects.requireNonNull(format, "format");
    if (!definition.format().equals(format.name())) {
      throw new IllegalArgumentException("Table '" + definition.name() + "' holds " + definition.format()
          + " files; cannot compact them with the " + format.name() + " format");
    }
  }

  /**
   * Rewrites {@code group}, planned from version {@code version}.
   *
   * @return the files written, in order, with their rows and bytes
   * @throws IllegalStateException if the inputs hold another number of rows than the manifest says
   * @throws IOException if reading or writing fails
   */
  public List<DataFile> rewrite(long version, CompactionPlan.Group group, Input in, Output out) throws IOException {
    Schema schema = definition.spec().fileSchema();
    long total = group.rows();
    int n = (int) Math.max(1, Math.min(group.outputFiles(), total));
    long[] quota = new long[n];
    for (int i = 0; i < n; i++) {
      quota[i] = total / n + (i < total % n ? 1 : 0);
    }
    List<DataFile> written = new ArrayList<>(n);
    ReadOptions options = ReadOptions.of(BadRecordPolicy.fail());
    int seq = 0;
    long inFile = 0;
    long read = 0;
    RecordWriter writer = null;
    CompactOutputStream counted = null;
    try {
      for (DataFile f : group.inputs()) {
        InputFile file = in.open(f.path());
        long fromFile = 0;
        try (RecordReader reader = format.reader(file, Split.whole(file.length()), schema, options)) {
          while (reader.next()) {
            if (writer != null && inFile == quota[seq] && seq + 1 < n) {
              writer.close();
              written.add(dataFile(group, version, seq, inFile, counted.count()));
              writer = null;
              seq++;
            }
            if (writer == null) {
              counted = new CompactOutputStream(out.create(group.outputPath(version, seq, definition.format())));
              writer = format.writer(counted, schema);
              inFile = 0;
            }
            writer.write(reader.row());
            inFile++;
            fromFile++;
            read++;
          }
        }
        if (fromFile != f.rows()) {
          throw new IllegalStateException("Data file '" + f.path() + "' holds " + fromFile + " rows, but the manifest of"
              + " version " + version + " says " + f.rows() + ": the file was changed or the manifest is wrong; not compacting"
              + " partition '" + group.partition() + "'");
        }
      }
      if (writer == null) {
        // No rows at all: one empty file stands for the group.
        counted = new CompactOutputStream(out.create(group.outputPath(version, seq, definition.format())));
        writer = format.writer(counted, schema);
        inFile = 0;
      }
      writer.close();
      written.add(dataFile(group, version, seq, inFile, counted.count()));
      writer = null;
    } finally {
      if (writer != null) {
        try {
          writer.close();
        } catch (IOException | RuntimeException e) {
          // the failure that got us here is the one to report
        }
      }
    }
    if (written.size() != n || read != total) {
      throw new IllegalStateException("Compaction of partition '" + group.partition() + "' wrote " + written.size()
          + " files of " + read + " rows; expected " + n + " files of " + total);
    }
    return written;
  }

  private DataFile dataFile(CompactionPlan.Group group, long version, int seq, long rows, long bytes) {
    return new DataFile(group.outputPath(version, seq, definition.format()), group.partition(), group.partitionValues(), rows,
        bytes);
  }
}
