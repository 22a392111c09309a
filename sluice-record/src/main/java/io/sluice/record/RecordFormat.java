package io.sluice.record;

import java.io.IOException;
import java.io.OutputStream;
import java.util.List;

/**
 * A format of records: {@link CsvFormat}, {@link JsonLinesFormat}, and Parquet in {@code
 * sluice-parquet}. Readers and writers of every format share {@link Schema}, {@link Row}, {@link
 * ReadOptions} and {@link BadRecordPolicy}, so a stage can switch formats without changing how it
 * handles records.
 *
 * <p>How a stage reads an object: the planner asks the format for its {@link #splits}, one task per
 * split; each task opens a {@link #reader(InputFile, Split, Schema, ReadOptions) reader} of its split
 * and, if it must stop early, hands {@link RecordReader#continuation()} to its continuation, which
 * opens a {@link #reader(InputFile, Split, Position, Schema, ReadOptions) reader from that position}.
 * Together the splits read every record of the object exactly once.
 *
 * <pre>{@code
 * for (Split s : format.splits(file, 128 << 20)) { tasks.add(TaskSpec.of(new Chunk(file.name(), s))); }
 * ...
 * try (RecordReader in = format.reader(file, chunk.split(), schema, options)) { ... }
 * }</pre>
 *
 * The contract tests in this module's test jar ({@code io.sluice.record.RecordFormatContract}) say
 * what every format must do.
 */
public interface RecordFormat {
  /** A short name: {@code csv}, {@code jsonl}. */
  String name();

  /**
   * Whether objects can be cut at any byte offset ({@link #splits} returns several splits of a large
   * object). When false, {@link #splits} returns one split per object, and readers refuse ranges that
   * do not start at a record boundary.
   */
  boolean splittable();

  /**
   * The splits of {@code file}, of about {@code targetBytes} each, in order, that together hold every
   * record once: byte ranges for text formats (the reader aligns them to records, see {@link Split}),
   * row groups (or runs of them) for Parquet, the whole object for a format that is not {@link
   * #splittable()}. An empty object has no splits.
   *
   * @throws IllegalArgumentException if {@code targetBytes} is not positive
   * @throws IOException if the format must read the file to plan (Parquet reads its footer) and cannot
   */
  List<Split> splits(InputFile file, long targetBytes) throws IOException;

  /**
   * Reads the records of {@code split} of {@code file}, whose records have {@code schema} (rows have
   * {@link ReadOptions#projectedSchema}).
   *
   * @throws IllegalArgumentException if the split is not one this format can start at, or a projected
   *     field is not in the schema
   * @throws InvalidSchemaException if the format cannot produce a type of the schema, naming the field
   * @throws IOException if opening the file fails
   */
  RecordReader reader(InputFile file, Split split, Schema schema, ReadOptions options) throws IOException;

  /**
   * Reads the records of {@code split} from {@code from}, a {@link RecordReader#continuation()} of a
   * reader of the same split, file, schema and format: the records not yet read, each once.
   *
   * @throws IllegalArgumentException if {@code from} is not a position of this format in the split
   */
  RecordReader reader(InputFile file, Split split, Position from, Schema schema, ReadOptions options) throws IOException;

  /**
   * Reads the records of {@code source} with {@code schema}: the stream-based entry point of the first
   * record model, which only text formats support.
   *
   * @deprecated use {@link #reader(InputFile, Split, Schema, ReadOptions)}, which every format supports
   * @throws IllegalArgumentException if the format is not splittable and the source starts at an
   *     offset not known to begin a record
   * @throws InvalidSchemaException if the format cannot represent the schema
   * @throws UnsupportedOperationException if the format needs random access (Parquet)
   * @throws IOException if opening the source fails
   */
  @Deprecated
  default RecordReader reader(RecordSource source, Schema schema, BadRecordPolicy policy) throws IOException {
    throw new UnsupportedOperationException(name() + " cannot read a stream (" + source + "): it needs an InputFile;"
        + " use reader(InputFile, Split, Schema, ReadOptions)");
  }

  /**
   * Writes rows of {@code schema} to {@code out}. The writer buffers what it writes and hands the stream
   * large chunks, so {@code out} needs no buffer of its own (do not wrap it in a {@code
   * BufferedOutputStream}); closing the writer flushes and closes {@code out}.
   *
   * @throws InvalidSchemaException if the format cannot represent the schema, naming the field
   */
  RecordWriter writer(OutputStream out, Schema schema);
}
