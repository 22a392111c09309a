package io.sluice.parquet;

import io.sluice.parquet.internal.Footers;
import io.sluice.parquet.internal.ParquetRowReader;
import io.sluice.parquet.internal.ParquetRowWriter;
import io.sluice.parquet.internal.Schemas;
import io.sluice.record.InputFile;
import io.sluice.record.InvalidSchemaException;
import io.sluice.record.Position;
import io.sluice.record.ReadOptions;
import io.sluice.record.RecordFormat;
import io.sluice.record.RecordReader;
import io.sluice.record.RecordWriter;
import io.sluice.record.Schema;
import io.sluice.record.Split;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.hadoop.metadata.BlockMetaData;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;

/**
 * Parquet files, read and written through parquet-java over {@link InputFile} and {@link
 * OutputStream} (no Hadoop file system). Field types map to Parquet types as {@link
 * io.sluice.record.FieldType} says.
 *
 * <p><b>Reading.</b> {@link #splits} cuts a file into runs of row groups of about the target size (a
 * row group belongs to the split holding its first byte, as parquet-mr and Spark assign them), so each
 * row group is read by one split. A reader reads the footer, then only the column chunks of the
 * projected fields, row group by row group; with a {@link ReadOptions#filter() filter} it skips the row
 * groups whose column statistics (min, max, null count) show no row can match. Columns are matched to
 * the schema's fields by name (a projected field missing from the file is an {@link
 * InvalidSchemaException} naming it); files written by others read too: timestamps in millis, micros,
 * nanos or INT96 (Spark, Impala), decimals on INT32, INT64, FIXED_LEN_BYTE_ARRAY or BINARY, two-level
 * (legacy) lists. A value that does not fit the schema's type (a decimal too wide, a null in a
 * required field, malformed UTF-8) makes its row a bad record, reported to the policy with the row
 * group's offset and the row's index in it. A {@link RecordReader#continuation() continuation} is
 * (the row group's first byte, rows of it read).
 *
 * <p><b>Writing.</b> {@link #writer} writes Snappy-compressed files by default (ZSTD, GZIP or none with
 * {@link Builder#compression}), with dictionary encoding and column statistics (min/max/null count)
 * for every column, and at most one row group buffered.
 *
 * <p><b>Memory.</b> A writer holds one row group in memory until it is full: up to {@link
 * Builder#rowGroupBytes} (128 MB by default) of encoded, compressed pages, plus one open page per
 * column (up to {@link Builder#pageBytes}, 1 MB by default, each) and the dictionaries (up to 1 MB per
 * column). A caller holding many writers open (one per partition) picks a smaller row group. {@link
 * RecordWriter#bytesWritten()} counts the buffered row group's estimated size too, so a caller can
 * roll to a new file at a target size. A reader holds the projected column chunks of one row group.
 */
public final class ParquetFormat implements RecordFormat {
  /** Snappy, 128 MB row groups, 1 MB pages, dictionary encoding. */
  public static final ParquetFormat DEFAULT = builder().build();

  /** The compression of the pages a writer writes. */
  public enum Compression {
    /** Snappy: fast, the default, what Spark and Athena write. */
    SNAPPY(CompressionCodecName.SNAPPY),
    /** Zstandard: smaller files, slower to write. */
    ZSTD(CompressionCodecName.ZSTD),
    /** GZIP (deflate). */
    GZIP(CompressionCodecName.GZIP),
    /** No compression. */
    UNCOMPRESSED(CompressionCodecName.UNCOMPRESSED);

    final CompressionCodecName codec;

    Compression(CompressionCodecName codec) {
      this.codec = codec;
    }
  }

  private final ParquetRowWriter.Settings settings;
  private final Compression compression;

  private ParquetFormat(Builder b) {
    this.compression = b.compression;
    this.settings = new ParquetRowWriter.Settings(b.compression.codec, b.rowGroupBytes, b.pageBytes, b.dictionary, b.rowGroupRows);
  }

  /** Starts from the defaults of {@link #DEFAULT}. */
  public static Builder builder() {
    return new Builder();
  }

  /** The schema of {@code file} as Sluice types (see {@link io.sluice.record.FieldType}'s table). @throws InvalidSchemaException naming a column Sluice cannot type */
  public static Schema schemaOf(InputFile file) throws IOException {
    try (ParquetFileReader reader = Footers.open(file)) {
      return Schemas.fromParquet(reader.getFooter().getFileMetaData().getSchema(), file.name());
    }
  }

  /** The compression writers use. */
  public Compression compression() {
    return compression;
  }

  /** The row group size writers use ({@link Builder#rowGroupBytes}): about what one open writer buffers. */
  public long rowGroupBytes() {
    return settings.rowGroupBytes();
  }

  @Override
  public String name() {
    return "parquet";
  }

  @Override
  public boolean splittable() {
    return true;
  }

  @Override
  public List<Split> splits(InputFile file, long targetBytes) throws IOException {
    if (targetBytes <= 0) {
      throw new IllegalArgumentException("A split target must be positive, got " + targetBytes);
    }
    if (file.length() == 0) {
      return List.of();
    }
    List<Long> starts = new ArrayList<>();
    try (ParquetFileReader reader = Footers.open(file)) {
      long size = 0;
      for (BlockMetaData b : reader.getRowGroups()) {
        if (b.getRowCount() == 0) {
          continue;
        }
        if (starts.isEmpty() || size >= targetBytes) {
          starts.add(b.getStartingPos());
          size = 0;
        }
        size += b.getCompressedSize();
      }
    }
    List<Split> splits = new ArrayList<>(starts.size());
    for (int k = 0; k < starts.size(); k++) {
      long start = k == 0 ? 0 : starts.get(k);
      long end = k + 1 < starts.size() ? starts.get(k + 1) : file.length();
      splits.add(new Split(start, end));
    }
    return splits;
  }

  @Override
  public RecordReader reader(InputFile file, Split split, Schema schema, ReadOptions options) throws IOException {
    return new ParquetRowReader(file, split, null, schema, options);
  }

  @Override
  public RecordReader reader(InputFile file, Split split, Position from, Schema schema, ReadOptions options) throws IOException {
    return new ParquetRowReader(file, split, Objects.requireNonNull(from, "from"), schema, options);
  }

  /**
   * A writer of {@code schema} to {@code out}, which it closes on close. It writes the file's header
   * now, each row group when it is full, and the footer at close.
   */
  /**
   * Joins Parquet files of one schema into one, written to {@code out} (closed), by copying their row
   * groups without decoding them: the row groups stay as they were (so the result has as many as the
   * inputs together) and the footer's key-value metadata is the first file's. Returns the rows.
   *
   * @throws IllegalArgumentException if an input's schema is not the first's (naming both)
   * @throws IOException if an input is not a readable Parquet file (naming it) or writing fails
   */
  public static long concatenate(List<? extends InputFile> inputs, OutputStream out) throws IOException {
    return io.sluice.parquet.internal.ParquetConcat.concatenate(inputs, out);
  }

  @Override
  public RecordWriter writer(OutputStream out, Schema schema) {
    try {
      return new ParquetRowWriter(out, schema, settings);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot start a Parquet file", e);
    }
  }

  @Override
  public String toString() {
    return "parquet(" + compression + ", row groups " + settings.rowGroupBytes() + " B, pages " + settings.pageBytes() + " B"
        + (settings.dictionary() ? ", dictionary" : "") + ")";
  }

  /** Collects the settings of a {@link ParquetFormat}. Not thread-safe. */
  public static final class Builder {
    private Compression compression = Compression.SNAPPY;
    private long rowGroupBytes = 128L << 20;
    private int pageBytes = 1 << 20;
    private boolean dictionary = true;
    private int rowGroupRows;

    private Builder() {}

    /** The page compression; {@link Compression#SNAPPY} by default. */
    public Builder compression(Compression compression) {
      this.compression = Objects.requireNonNull(compression, "compression");
      return this;
    }

    /**
     * The size at which a row group is complete and written (parquet-java checks it every 100 to
     * 10,000 rows, so row groups end near it, not at it); 128 MB by default. This is what a writer
     * buffers: pick it smaller to hold many writers open.
     */
    public Builder rowGroupBytes(long bytes) {
      if (bytes <= 0) {
        throw new IllegalArgumentException("Row group size must be positive, got " + bytes);
      }
      this.rowGroupBytes = bytes;
      return this;
    }

    /** The target size of a page (the unit of encoding and compression); 1 MB by default. */
    public Builder pageBytes(int bytes) {
      if (bytes <= 0) {
        throw new IllegalArgumentException("Page size must be positive, got " + bytes);
      }
      this.pageBytes = bytes;
      return this;
    }

    /** Whether columns are dictionary-encoded while their dictionary stays small; true by default. */
    public Builder dictionary(boolean dictionary) {
      this.dictionary = dictionary;
      return this;
    }

    /** At most this many rows per row group, whatever their size; no limit (0) by default. */
    public Builder rowGroupRows(int rows) {
      if (rows < 0) {
        throw new IllegalArgumentException("Row group rows must be 0 (no limit) or positive, got " + rows);
      }
      this.rowGroupRows = rows;
      return this;
    }

    /** The format. */
    public ParquetFormat build() {
      return new ParquetFormat(this);
    }
  }
}
