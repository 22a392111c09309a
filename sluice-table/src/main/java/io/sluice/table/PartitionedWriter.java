package io.sluice.table;

import io.sluice.record.RecordFormat;
import io.sluice.record.MutableRow;
import io.sluice.record.RecordWriter;
import io.sluice.record.Row;
import io.sluice.record.Schema;
import io.sluice.table.internal.CountingOutputStream;
import io.sluice.table.internal.ProjectedRow;
import io.sluice.record.RowArena;
import io.sluice.record.RowCodec;
import io.sluice.table.internal.Spill;
import java.io.Closeable;
import java.io.IOException;
import java.io.UncheckedIOException;
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
 * <p><b>Memory.</b> At most {@link #maxOpenWriters()} writers are open ({@link
 * Builder#maxOpenWriters}, 128 by default): the first that many partitions met get one, and keep it
 * until {@link #finish} (rolling to new files as they fill). The open writers share {@link
 * Builder#memoryBudgetBytes} (512 MiB by default): every 1,024 rows the writer sums what they buffer
 * ({@link RecordWriter#bufferedBytes()}: a Parquet writer's row group being filled) and, while the sum
 * is over the budget, flushes the writer that holds the most ({@link RecordWriter#flushBuffered()}:
 * its row group ends early) until the sum is under three quarters of it. So row groups are complete
 * (the format's row group size) while the partitions' row groups fit in the budget together, and
 * smaller (about the budget divided by the partitions being filled) when they do not; memory never
 * grows with the input. The rows of partitions met past {@code maxOpenWriters} are serialized into a
 * spill buffer of {@link Builder#spillBufferBytes} which, when full, is sorted by partition and
 * appended to one local file in {@link Builder#spillDir}; {@link #finish} closes the open writers,
 * then replays the spilled partitions one at a time, each through one writer. The rows of a partition
 * reach its files in the order they were written, spilled or not.
 *
 * <p><b>Batches.</b> Rows of a partitioned table reach their writers in batches: each row of an open
 * partition is encoded into a buffer of {@link Builder#batchBytes} (16 MiB by default), and a full
 * buffer is handed to the writers a partition at a time. A writer then takes hundreds of its rows in
 * a row while its dictionaries and pages are in the processor's caches, where rows arriving in input
 * order would visit a different writer's at every row (measured: about four times the CPU per row
 * with 84 partitions). A required field's null is refused at {@link #write}; anything else the
 * format refuses surfaces when the batch is written: from a later {@code write} or from {@link
 * #finish}.
 *
 * <p>Not thread-safe. If {@link #write} or {@link #finish} throws, {@link #close} the writer: the
 * files it wrote stay (a retry overwrites them); the spill file is deleted.
 */
public final class PartitionedWriter implements Closeable {
  /** How many writers may be open at once unless {@link Builder#maxOpenWriters} says otherwise. */
  public static final int DEFAULT_MAX_OPEN_WRITERS = 128;
  /** Rows between two sums of what the open writers buffer. */
  static final int MEMORY_CHECK_ROWS = 1024;
  private static final Pattern TAG = Pattern.compile("[A-Za-z0-9_.-]{1,64}");

  private final PartitionSpec spec;
  private final RecordFormat format;
  private final FileSink sink;
  private final String fileTag;
  private final long targetFileBytes;
  private final int maxOpenWriters;
  private final long memoryBudgetBytes;
  private final Path spillDir;
  private final long spillBufferBytes;
  private final Schema schema;
  private final Schema fileSchema;
  private final ProjectedRow projected;
  private final Map<String, Partition> byPath = new HashMap<>();
  private final List<Partition> partitions = new ArrayList<>();
  private final List<Written> written = new ArrayList<>();
  private int openPartitions;
  private final List<Partition> openList = new ArrayList<>();
  private int sinceMemoryCheck;
  /** Rows of open partitions not yet handed to their writers (null: rows go straight to them). */
  private final RowArena batch;
  private final long batchBytes;
  private final RowCodec codec;
  private final MutableRow scratch;
  private final boolean[] required;
  private int[][] batchOffsets = new int[16][];
  private int[] batchCounts = new int[16];
  private final List<Partition> batchPartitions = new ArrayList<>();
  private long earlyFlushes;
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
    this.maxOpenWriters = b.maxOpenWriters;
    this.memoryBudgetBytes = b.memoryBudgetBytes;
    this.spillDir = b.spillDir;
    this.spillBufferBytes = b.spillBufferBytes;
    this.schema = spec.schema();
    this.fileSchema = spec.fileSchema();
    this.projected = spec.filesHoldEveryColumn() ? null : new ProjectedRow(fileSchema, spec.fileColumns());
    this.batchBytes = b.batchBytes;
    boolean batching = b.batchBytes > 0 && !spec.fields().isEmpty();
    this.batch = batching ? new RowArena(64 * 1024, (int) Math.min(Integer.MAX_VALUE - 64, 2 * b.batchBytes)) : null;
    this.codec = batching ? new RowCodec(fileSchema) : null;
    this.scratch = batching ? new MutableRow(fileSchema) : null;
    this.required = new boolean[fileSchema.size()];
    for (int i = 0; i < fileSchema.size(); i++) {
      required[i] = !fileSchema.field(i).nullable();
    }
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

  /** The most writers this writer holds open at once; the rows of partitions met after that many spill. */
  public int maxOpenWriters() {
    return maxOpenWriters;
  }

  /**
   * Writes a row of {@link PartitionSpec#schema()}: to its partition's open writer, or to the spill if
   * its partition has none (see the class comment).
   *
   * @throws IllegalArgumentException if the row's schema is not the spec's, or the format refuses a
   *     value (naming the field); for a row that spills, the format sees it only at {@link #finish},
   *     which then throws instead
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
            + maxOpenWriters + " writers may be open (maxOpenWriters), all taken by the first "
            + maxOpenWriters + " partitions met, and no spill directory was given for the rows of the others:"
            + " set PartitionedWriter.Builder.spillDir(...) to a local directory, or raise maxOpenWriters");
      }
      p = new Partition(partitions.size(), path, spec.values(row), open);
      partitions.add(p);
      byPath.put(path, p);
      if (open) {
        openPartitions++;
        openList.add(p);
      }
    }
    Row fileRow = projected == null ? row : projected.of(row);
    if (p.open && batch != null) {
      checkRequired(fileRow);
      addToBatch(p, fileRow);
    } else if (p.open) {
      writeToOpen(p, fileRow);
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

  private void writeToOpen(Partition p, Row row) throws IOException {
    writeTo(p, row);
    if (++sinceMemoryCheck >= MEMORY_CHECK_ROWS) {
      sinceMemoryCheck = 0;
      keepWithinBudget();
    }
  }

  private void checkRequired(Row row) {
    for (int i = 0; i < required.length; i++) {
      if (required[i] && row.isNull(i)) {
        throw new IllegalArgumentException("Field '" + fileSchema.field(i).name() + "' is required but null");
      }
    }
  }

  private void addToBatch(Partition p, Row row) throws IOException {
    int at = batch.size();
    codec.write(row, batch);
    if (p.id >= batchCounts.length) {
      int n = Math.max(p.id + 1, batchCounts.length * 2);
      batchCounts = java.util.Arrays.copyOf(batchCounts, n);
      batchOffsets = java.util.Arrays.copyOf(batchOffsets, n);
    }
    int c = batchCounts[p.id];
    if (c == 0) {
      batchPartitions.add(p);
      if (batchOffsets[p.id] == null) {
        batchOffsets[p.id] = new int[256];
      }
    }
    if (c == batchOffsets[p.id].length) {
      batchOffsets[p.id] = java.util.Arrays.copyOf(batchOffsets[p.id], c * 2);
    }
    batchOffsets[p.id][c] = at;
    batchCounts[p.id] = c + 1;
    if (batch.size() >= batchBytes) {
      drainBatch();
    }
  }

  /** Hands the batch's rows to their writers, a partition at a time, in the order they came. */
  private void drainBatch() throws IOException {
    if (batch == null || batchPartitions.isEmpty()) {
      return;
    }
    byte[] bytes = batch.bytes();
    try {
      for (Partition p : batchPartitions) {
        int[] offsets = batchOffsets[p.id];
        int n = batchCounts[p.id];
        for (int k = 0; k < n; k++) {
          codec.read(bytes, offsets[k], scratch);
          writeToOpen(p, scratch);
        }
      }
    } finally {
      for (Partition p : batchPartitions) {
        batchCounts[p.id] = 0;
      }
      batchPartitions.clear();
      batch.reset();
    }
  }

  /**
   * Sums what the open writers buffer; while over the budget, flushes the one holding the most, down
   * to three quarters of the budget (so that a sum just over it does not flush at every check).
   */
  private void keepWithinBudget() throws IOException {
    long total = 0;
    for (Partition p : openList) {
      if (p.writer != null) {
        total += p.writer.bufferedBytes();
      }
    }
    if (total <= memoryBudgetBytes) {
      return;
    }
    long floor = memoryBudgetBytes - memoryBudgetBytes / 4;
    while (total > floor) {
      Partition largest = null;
      long most = 0;
      for (Partition p : openList) {
        long b = p.writer == null ? 0 : p.writer.bufferedBytes();
        if (b > most) {
          most = b;
          largest = p;
        }
      }
      if (largest == null) {
        return;
      }
      largest.writer.flushBuffered();
      earlyFlushes++;
      total -= most - largest.writer.bufferedBytes();
    }
  }

  /** How many times an open writer's buffer (a Parquet row group) was flushed early to stay within the memory budget. */
  public long earlyFlushes() {
    return earlyFlushes;
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
      drainBatch();
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
    private int maxOpenWriters = DEFAULT_MAX_OPEN_WRITERS;
    private Path spillDir;
    private long spillBufferBytes = 64L << 20;
    private long batchBytes = 16L << 20;

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
     * What the open writers may buffer together ({@link RecordWriter#bufferedBytes()}); past it the
     * largest is flushed early (see the class comment); 512 MiB by default. The spill buffer comes on
     * top.
     */
    public Builder memoryBudgetBytes(long bytes) {
      this.memoryBudgetBytes = positive("memoryBudgetBytes", bytes);
      return this;
    }

    /**
     * How many writers (so files) may be open at once, 128 by default; the rows of the partitions met
     * after that many go through the spill ({@link #spillDir}).
     */
    public Builder maxOpenWriters(int writers) {
      if (writers < 1) {
        throw new IllegalArgumentException("maxOpenWriters must be at least 1, got " + writers);
      }
      this.maxOpenWriters = writers;
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

    /**
     * How many bytes of encoded rows are collected before they are handed to the open writers a
     * partition at a time (see the class comment); 16 MiB by default, at most 512 MiB; 0 hands every
     * row straight to its writer. An unpartitioned table does not batch.
     */
    public Builder batchBytes(long bytes) {
      if (bytes < 0 || bytes > (512L << 20)) {
        throw new IllegalArgumentException("batchBytes must be between 0 and " + (512L << 20) + ", got " + bytes);
      }
      this.batchBytes = bytes;
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
