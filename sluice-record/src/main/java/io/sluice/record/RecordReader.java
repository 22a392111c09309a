package io.sluice.record;

import java.io.Closeable;
import java.io.IOException;

/**
 * Reads records one at a time from a split of an {@link InputFile} (or a {@link RecordSource}). The {@link #row()} is reused: it is valid
 * until the next call to {@link #next()}; keep a {@link Row#copy()} to hold on to it.
 *
 * <pre>{@code
 * try (RecordReader in = format.reader(source, schema, BadRecordPolicy.skipAndReport(rejects::add))) {
 *   int qty = schema.indexOf("quantity");
 *   while (in.next()) {
 *     total += in.row().getInt(qty);
 *     if (ctx.shouldStop()) {
 *       return TaskOutcome.continueAt(in.continuation());
 *     }
 *   }
 * }
 * }</pre>
 *
 * Not thread-safe. Closing it closes the stream it opened.
 */
public interface RecordReader extends Closeable {
  /** The schema every row has. */
  Schema schema();

  /**
   * Advances to the next good record of the range; bad ones on the way go to the reader's {@link
   * BadRecordPolicy}. Returns false at the end of the range (or of the stream).
   *
   * @throws BadRecordException if the policy throws it
   * @throws IOException if the stream fails
   */
  boolean next() throws IOException;

  /** The current record; valid until the next {@link #next()}. */
  Row row();

  /** The byte offset of the current record in the object. */
  long recordOffset();

  /**
   * The byte offset where the next record starts: a record boundary, so a task that stops here can
   * continue with {@link RecordSource#continuation}. Meaningful for text formats; {@link
   * #continuation()} works for every format.
   */
  long position();

  /**
   * Where to continue after the records read so far, for {@link RecordFormat#reader(InputFile, Split,
   * Position, Schema, ReadOptions)}. Text formats: {@code Position.atByte(position())}.
   */
  default Position continuation() {
    return Position.atByte(position());
  }

  /** How many bad records were reported to the policy and skipped so far. */
  long badRecords();
}
