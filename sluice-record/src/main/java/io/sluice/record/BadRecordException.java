package io.sluice.record;

/**
 * Thrown by {@link BadRecordPolicy#fail()} for the first bad record: the message names the object, the
 * byte offset and the reason, and {@link #badRecord()} carries them.
 */
public class BadRecordException extends RuntimeException {
  private final transient BadRecord badRecord;

  public BadRecordException(BadRecord badRecord) {
    super("Bad record in '" + badRecord.source() + "' at byte " + badRecord.offset() + ": " + badRecord.reason()
        + " (record: " + abbreviate(badRecord.raw()) + ")");
    this.badRecord = badRecord;
  }

  /** The record that failed. */
  public BadRecord badRecord() {
    return badRecord;
  }

  private static String abbreviate(String raw) {
    return raw.length() <= 200 ? raw : raw.substring(0, 200) + "...";
  }
}
