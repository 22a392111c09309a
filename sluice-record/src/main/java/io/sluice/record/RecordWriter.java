package io.sluice.record;

import java.io.Closeable;
import java.io.IOException;

/**
 * Writes rows of one schema to a stream. Closing it flushes and closes the stream.
 *
 * <pre>{@code
 * try (RecordWriter out = CsvFormat.DEFAULT.writer(ctx.output("part-0.csv"), schema)) {
 *   out.write(row);
 * }
 * }</pre>
 *
 * Not thread-safe.
 */
public interface RecordWriter extends Closeable {
  /** The schema every written row must have. */
  Schema schema();

  /**
   * Writes one row.
   *
   * @throws IllegalArgumentException if the row's schema differs from the writer's, a required field is
   *     null, or a value cannot be represented in the format (the message names the field)
   */
  void write(Row row) throws IOException;

  /** Rows written so far. */
  long records();

  /** Bytes of output produced so far (whether or not they have been flushed to the stream yet). */
  long bytesWritten();

  /**
   * Bytes this writer holds in memory that {@link #flushBuffered} would hand to the stream: for
   * Parquet, the row group being filled (as last measured); 0 for writers that buffer little, the
   * default.
   */
  default long bufferedBytes() {
    return 0;
  }

  /**
   * Hands what the writer buffers to the stream now, so its memory is freed: Parquet ends the row
   * group early (a smaller one). The output stays a valid continuation; the default does nothing.
   */
  default void flushBuffered() throws IOException {}
}
