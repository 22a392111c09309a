package io.sluice.record;

import java.util.Objects;
import java.util.function.Consumer;

/**
 * What a {@link RecordReader} does with a record it cannot parse: a wrong number of fields, an
 * unterminated quote, a value that is not of its field's type, a missing required value. Readers
 * never throw on a bad record themselves and never drop one silently: each one goes to the policy the
 * reader was built with. There is no default; every reader is given one.
 *
 * <pre>{@code
 * // Stop at the first bad record (the task fails, naming object, offset and reason):
 * csv.reader(source, schema, BadRecordPolicy.fail());
 * // Skip bad records and write each to a rejects output:
 * csv.reader(source, schema, BadRecordPolicy.skipAndReport(bad -> rejects.write(bad)));
 * }</pre>
 *
 * <p>A custom policy may throw (to fail) or return (to skip the record); a reader counts the records it
 * skipped in {@link RecordReader#badRecords()}.
 */
@FunctionalInterface
public interface BadRecordPolicy {
  /** Called once per bad record, in input order; returning skips the record, throwing fails the read. */
  void onBadRecord(BadRecord record);

  /** Fails the read with a {@link BadRecordException} at the first bad record. */
  static BadRecordPolicy fail() {
    return record -> {
      throw new BadRecordException(record);
    };
  }

  /** Skips each bad record after handing it to {@code callback}. */
  static BadRecordPolicy skipAndReport(Consumer<? super BadRecord> callback) {
    Objects.requireNonNull(callback, "callback");
    return callback::accept;
  }
}
