package io.sluice.record;

/**
 * A record a reader could not turn into a row, as reported to a {@link BadRecordPolicy}.
 *
 * @param source the object (key) or stream it came from
 * @param offset the byte offset in {@code source} where the record starts
 * @param reason what is wrong with it, naming the field where one is at fault
 * @param raw the record's text without its line break, cut to {@value #MAX_RAW_CHARS} characters
 */
public record BadRecord(String source, long offset, String reason, String raw) {
  /** Longest raw text kept: an unterminated quote can make a "record" of the rest of an object. */
  public static final int MAX_RAW_CHARS = 4096;

  /** {@code input/orders.csv@1234: expected 6 fields, got 2}. */
  @Override
  public String toString() {
    return source + "@" + offset + ": " + reason;
  }
}
