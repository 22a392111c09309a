package io.sluice.record;

/**
 * A part of one object that one task reads: the byte range {@code [start, end)}. Which records a split
 * holds is the format's rule, chosen so that the splits {@link RecordFormat#splits} returns read every
 * record of the object exactly once: for CSV and JSON Lines, the records whose first byte is in the
 * range (a reader skips the partial record it starts in and finishes the one crossing {@code end});
 * for Parquet, the row groups whose first byte is in it. A record, so it travels in a task's input as
 * JSON ({@code {"start":0,"end":134217728}}).
 *
 * @param start the first byte
 * @param end one past the last byte
 */
public record Split(long start, long end) {
  public Split {
    if (start < 0 || end < start) {
      throw new IllegalArgumentException("A split needs 0 <= start <= end, got [" + start + ", " + end + ")");
    }
  }

  /** The whole of an object of {@code length} bytes. */
  public static Split whole(long length) {
    return new Split(0, length);
  }

  /** {@code end - start}. */
  public long length() {
    return end - start;
  }
}
