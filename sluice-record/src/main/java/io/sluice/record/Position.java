package io.sluice.record;

/**
 * Where a reader stopped, to continue from in another task: opaque to user code, which gets it from
 * {@link RecordReader#continuation()} and hands it back to {@link RecordFormat#reader(InputFile, Split,
 * Position, Schema, ReadOptions)}. A record of two numbers, so it travels in a task continuation as
 * JSON ({@code {"offset":1234,"row":0}}) and reads back equal.
 *
 * <p>What the numbers mean is the format's business: for CSV and JSON Lines, {@code offset} is the
 * byte where the next record starts and {@code row} is 0; for Parquet, {@code offset} is where the row
 * group starts and {@code row} how many of its rows were read.
 *
 * @param offset a byte offset in the object, chosen by the format
 * @param row how many records after {@code offset} were already read
 */
public record Position(long offset, long row) {
  public Position {
    if (offset < 0 || row < 0) {
      throw new IllegalArgumentException("A position needs offset >= 0 and row >= 0, got (" + offset + ", " + row + ")");
    }
  }

  /** The position of a text format: the record starting at byte {@code offset}. */
  public static Position atByte(long offset) {
    return new Position(offset, 0);
  }
}
