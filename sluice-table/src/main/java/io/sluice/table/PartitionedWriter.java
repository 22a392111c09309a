package io.sluice.table;

import io.sluice.record.RecordFormat;
import io.sluice.record.RecordWriter;
import io.sluice.record.Row;
import io.sluice.record.Schema;
import io.sluice.table.internal.CountingOutputStream;
import io.sluice.table.internal.ProjectedRow;
import io.sluice.table.internal.Spill;
import java.io.Closeable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.Method;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Writes rows into Hive-style partition directories of a table, in files of about a target size, with
 * memory bounded whatever the number of partitions.
 *
 * <pre>{@code
 * try (PartitionedWriter out = PartitionedWriter.builder(spec, ParquetFormat.DEFAULT, FileSink.directory(dir), "t0001")
 *     .spillDir(tmp).build()) {
 *   for (Row r : rows) out.write(r);
 *   List<DataFile> files = out.finish();
 * }
 * }</pre>
 *
 * <p><b>Files.</b> Rows are written with {@link PartitionSpec#fileSchema()} (identity partition columns
 * dropped; derived ones exist only in the path) to {@code <partition path>part-<fileTag>-<seq>.<format
 * name>}, {@code seq} five digits counting from {@code 00000} in each partition: {@code
 * year=2024/month=03/part-t0001-00000.parquet}. A file is created at its first row, so no file is
 * empty; once its writer's {@link RecordWriter#bytesWritten()} reaches {@link
 * Builder#targetFileBytes} (checked after each row) it is closed and the partition's next row starts
 * the next file. The same rows in the same order give the same files with the same bytes (as far as
 * the format is deterministic, as CSV, JSON Lines and Parquet are), so a retried task overwrites the
 * files of its failed attempt rather than adding to them.
 *
 * <p><b>Memory.</b> At most {@link #maxOpenWriters()} writers are open: {@code max(1, memoryBudgetBytes
 * / perWriterBytes)}. The first that many partitions met get one, and keep it until {@link #finish}
 * (rolling to new files as they fill); the rows of every other partition are serialized into a spill
 * buffer of {@link Builder#spillBufferBytes} which, when full, is sorted by partition and appended to
 * one local file in {@link Builder#spillDir}. {@link #finish} closes the open writers, then replays
 * the spilled partitions one at a time, each through one writer. So memory is about the open writers
 * plus the spill buffer while rows arrive, and the spill buffer plus one writer at the end; the rows
 * of a partition reach its files in the order they were written, spilled or not.
 *
 * <p>Not thread-safe. If {@link #write} or {@link #finish} throws, {@link #close} the writer: the
 * files it wrote stay (a retry overwrites them); the spill file is deleted.
 */
public final class PartitionedWriter implements Closeable {
  /** Writers of a format without a known buffer are assumed to buffer this much ({@link Builder#perWriterBytes}). */
  public static final long DEFAULT_PER_WRITER_BYTES = 1L << 20;
  /** What a Parquet writer buffers (its row group) when the format does not say: parquet-java's default. */
  static final long PARQUET_DEFAULT_ROW_GROUP_BYTES = 128L << 20;
  private static final Pattern TAG = Pattern.compile("[A-Za-z0-9_.-]{1,64}");

  private final PartitionSpec spec;
  private final RecordFormat format;
  private final FileSink sink;
  private final String fileTag;
  private final long targetFileBytes;
  private final int maxOpenWriters;
  private final Path spillDir;
  private final long spillBufferBytes;
  private final Schema schema;
  private final Schema fileSchema;
  private final ProjectedRow projected;
  private final Map<String, Partition> byPath = new HashMap<>();
  private final List<Partition> partitions = new ArrayList<>();
  private final List<Written> written = new ArrayList<>();
  private int openPartitions;
  private Spill spill;
  private long rows;
  private boolean finished;
  private boolean closed;

  /** One partition met: its writer (if it has a slot and a file open) and how many files it has. */
  private static final class Partition {
    final int id;
    final String path;
    final Map<String, String> values;
    final boolean open;
    int files;
    RecordWriter writer;
    CountingOutputStream out;
    String file;

    Partition(int id, String path, Map<String, String> values, boolean open) {
      this.id = id;
      this.path = path;
      this.values = values;
      this.open = open;
    }
  }

  private record Written(DataFile file, int seq) {}

  private PartitionedWriter(Builder b) {
    this.spec = b.spec;
    this.format = b.format;
    this.sink = b.sink;
    this.fileTag = b.fileTag;
    this.targetFileBytes = b.targetFileBytes;
    long perWriter = b.perWriterBytes > 0 ? b.perWriterBytes : defaultPerWriterBytes(b.format);
    this.maxOpenWriters = (int) Math.max(1, Math.min(Integer.MAX_VALUE, b.memoryBudgetBytes / perWriter));
    this.spillDir = b.spillDir;
    this.spillBufferBytes = b.spillBufferBytes;
    this.schema = spec.schema();
    this.fileSchema = spec.fileSchema();
    this.projected = spec.filesHoldEveryColumn() ? null : new ProjectedRow(fileSchema, spec.fileColumns());
  }

  /**
   * A builder of a writer of rows of {@code spec.schema()} in {@code format} to {@code sink}.
   *
   * @param fileTag what names this task's files ({@code part-<fileTag>-00000.parquet}): letters,
   *     digits, {@code _ . -}, at most 64; the same for every attempt of a task, different between
   *     tasks writing the same table
   */
  public static Builder builder(PartitionSpec spec, RecordFormat format, FileSink sink, String fileTag) {
    return new Builder(spec, format, sink, fileTag);
  }

  /**
   * What a writer of {@code format} is assumed to hold: the row group size if the format is {@code
   * parquet} (read from its public {@code rowGroupBytes()}, as {@code ParquetFormat} has; 128 MiB if
   * it has none), else {@value #DEFAULT_PER_WRITER_BYTES} bytes.
   */
  static long defaultPerWriterBytes(RecordFormat format) {
    if (!"parquet".equals(format.name())) {
      return DEFAULT_PER_WRITER_BYTES;
    }
    try {
      // sluice-table does not depend on sluice-parquet: the row group size is read by name.
      Method m = format.getClass().getMethod("rowGroupBytes");
      Object v = m.invoke(format);
      if (v instanceof Number n && n.longValue() > 0) {
        return n.longValue();
      }
    } catch (ReflectiveOperationException | RuntimeException e) {
      // a parquet format without the accessor: parquet-java's default
    }
    return PARQUET_DEFAULT_ROW_GROUP_BYTES;
  }

  /** The most writers this writer holds open at once; the rows of partitions met after that many spill. */
  public int maxOpenWriters() {
    return maxOpenWriters;
  }

  /**
   * Writes a row of {@link PartitionSpec#schema()}: to its partition's open writer, or to the spill if
   * its partition has none (see the class comment).
   *
   * @throws IllegalArgumentException if the row's schema is not the spec's, or the format refuses a
   *     value (naming the field)
   * @throws IllegalStateException if the writer is finished or closed, or the row is of a partition
   *     past {@link #maxOpenWriters()} and no {@link Builder#spillDir} was given
   */
  public void write(Row row) throws IOException {
    checkWritable("write a row");
    Objects.requireNonNull(row, "row");
    if (row.schema() != schema && !row.schema().equals(schema)) {
      throw new IllegalArgumentException("The row at index " + rows + " has schema " + row.schema() + ", not the schema " + schema
          + " of the table partitioned by '" + spec + "'; write rows of PartitionSpec.schema()");
    }
    String path = spec.path(row);
    Partition p = byPath.get(path);
    if (p == null) {
      boolean open = openPartitions < maxOpenWriters;
      if (!open && spillDir == null) {
        throw new IllegalStateException("The row at index " + rows + " is of partition '" + path + "', but only "
            + maxOpenWriters + " writers may be open (memoryBudgetBytes / perWriterBytes), all taken by the first "
            + maxOpenWriters + " partitions met, and no spill directory was given for the rows of the others:"
            + " set PartitionedWriter.Builder.spillDir(...) to a local directory, or raise memoryBudgetBytes");
      }
      p = new Partition(partitions.size(), path, spec.values(row), open);
      partitions.add(p);
      byPath.put(path, p);
      if (open) {
        openPartitions++;
      }
    }
    Row fileRow = projected == null ? row : projected.of(row);
    if (p.open) {
      writeTo(p, fileRow);
    } else {
      if (spill == null) {
        spill = new Spill(spillDir, fileSchema, spillBufferBytes);
      }
      spill.add(p.id, fileRow);
    }
    rows++;
  }

  /** Rows accepted by {@link #write} so far. */
  public long rows() {
    return rows;
  }

  /** Rows of the accepted ones that went to the spill rather than to an open writer. */
  public long spilledRows() {
    return spill == null ? 0 : spill.rows();
  }

  /**
   * Writes the spilled partitions (one at a time), closes every file and deletes the spill; returns
   * the files written, ordered by partition directory, then by sequence number. A writer that got no
   * row returns an empty list and wrote nothing.
   *
   * @throws IllegalStateException if already finished or closed
   * @throws IOException if writing fails; the writer is then closed (aborted)
   */
  public List<DataFile> finish() throws IOException {
    checkWritable("finish");
    finished = true;
    try {
      for (Partition p : partitions) {
        if (p.open) {
          closeFile(p);
        }
      }
      if (spill != null) {
        for (Partition p : partitions) {
          if (!p.open) {
            spill.replay(p.id, r -> writeTo(p, r));
            closeFile(p);
          }
        }
      }
    } catch (IOException | RuntimeException | Error e) {
      close();
      throw e;
    }
    close();
    written.sort(Comparator.comparing((Written w) -> w.file().partition()).thenComparingInt(Written::seq));
    return written.stream().map(Written::file).toList();
  }

  /**
   * Aborts if not finished: closes every open file (leaving what was written) and deletes the spill
   * file. Idempotent; after {@link #finish} it does nothing.
   *
   * @throws UncheckedIOException if the spill file cannot be deleted
   */
  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    for (Partition p : partitions) {
      if (p.writer != null) {
        try {
          p.writer.close();
        } catch (IOException | RuntimeException e) {
          // aborting: the file is incomplete anyway, and a retry overwrites it
        }
        p.writer = null;
      }
    }
    if (spill != null) {
      spill.close();
    }
  }

  private void checkWritable(String what) {
    if (closed || finished) {
      throw new IllegalStateException("Cannot " + what + ": this PartitionedWriter (files part-" + fileTag + "-*) is already "
          + (finished ? "finished" : "closed") + "; build a new one");
    }
  }

  private void writeTo(Partition p, Row row) throws IOException {
    if (p.writer == null) {
      p.file = p.path + "part-" + fileTag + "-" + String.format(Locale.ROOT, "%05d", p.files) + "." + format.name();
      p.out = new CountingOutputStream(sink.create(p.file));
      p.writer = format.writer(p.out, fileSchema);
    }
    p.writer.write(row);
    if (p.writer.bytesWritten() >= targetFileBytes) {
      closeFile(p);
    }
  }

  private void closeFile(Partition p) throws IOException {
    if (p.writer == null) {
      return;
    }
    RecordWriter w = p.writer;
    p.writer = null;
    w.close();
    written.add(new Written(new DataFile(p.file, p.path, p.values, w.records(), p.out.count()), p.files));
    p.files++;
    p.out = null;
  }

  /** Collects a {@link PartitionedWriter}'s settings. Not thread-safe. */
  public static final class Builder {
    private final PartitionSpec spec;
    private final RecordFormat format;
    private final FileSink sink;
    private final String fileTag;
    private long targetFileBytes = 256L << 20;
    private long memoryBudgetBytes = 512L << 20;
    private long perWriterBytes;
    private Path spillDir;
    private long spillBufferBytes = 64L << 20;

    private Builder(PartitionSpec spec, RecordFormat format, FileSink sink, String fileTag) {
      this.spec = Objects.requireNonNull(spec, "spec");
      this.format = Objects.requireNonNull(format, "format");
      this.sink = Objects.requireNonNull(sink, "sink");
      if (fileTag == null || !TAG.matcher(fileTag).matches()) {
        throw new IllegalArgumentException("File tag '" + fileTag + "' is invalid: use 1 to 64 letters, digits, '_', '.' or '-'"
            + " (it names the files: part-<tag>-00000." + format.name() + ")");
      }
      if (!TAG.matcher(format.name()).matches()) {
        throw new IllegalArgumentException("Format name '" + format.name() + "' cannot be a file extension");
      }
      this.fileTag = fileTag;
    }

    /** Roll to a new file once the writer's {@code bytesWritten()} reaches this; 256 MiB by default. */
    public Builder targetFileBytes(long bytes) {
      this.targetFileBytes = positive("targetFileBytes", bytes);
      return this;
    }

    /**
     * The memory the open writers may take together, which with {@link #perWriterBytes} caps their
     * number: {@code max(1, budget / perWriterBytes)}; 512 MiB by default. The spill buffer comes on
     * top.
     */
    public Builder memoryBudgetBytes(long bytes) {
      this.memoryBudgetBytes = positive("memoryBudgetBytes", bytes);
      return this;
    }

    /**
     * What one open writer is assumed to hold. By default: for a format named {@code parquet}, its row
     * group size ({@code ParquetFormat.Builder.rowGroupBytes}, 128 MiB unless set); for any other
     * format {@value PartitionedWriter#DEFAULT_PER_WRITER_BYTES} bytes (CSV and JSON Lines writers
     * buffer well under that).
     */
    public Builder perWriterBytes(long bytes) {
      this.perWriterBytes = positive("perWriterBytes", bytes);
      return this;
    }

    /**
     * A local directory for the spill file, needed as soon as rows of more partitions than {@link
     * PartitionedWriter#maxOpenWriters()} arrive (without it, {@code write} then fails saying so).
     * The file is created at the first full spill buffer and deleted at finish or close.
     */
    public Builder spillDir(Path dir) {
      this.spillDir = Objects.requireNonNull(dir, "dir");
      return this;
    }

    /**
     * The size of the spill buffer: how many bytes of serialized rows are collected before they are
     * sorted by partition and appended to the spill file; 64 MiB by default, at most 1 GiB.
     */
    public Builder spillBufferBytes(long bytes) {
      positive("spillBufferBytes", bytes);
      if (bytes > Spill.MAX_BUFFER_BYTES) {
        throw new IllegalArgumentException("spillBufferBytes must be at most " + Spill.MAX_BUFFER_BYTES + ", got " + bytes);
      }
      this.spillBufferBytes = bytes;
      return this;
    }

    /** The writer. */
    public PartitionedWriter build() {
      return new PartitionedWriter(this);
    }

    private static long positive(String what, long bytes) {
      if (bytes <= 0) {
        throw new IllegalArgumentException(what + " must be positive, got " + bytes);
      }
      return bytes;
    }
  }
}
