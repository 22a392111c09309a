package io.sluice.record;

import java.io.IOException;
import java.io.OutputStream;

/**
 * A text format of records: {@link CsvFormat} or {@link JsonLinesFormat}. Readers and writers of every
 * format share {@link Schema}, {@link Row} and {@link BadRecordPolicy}, so a stage can switch formats
 * without changing how it handles records.
 */
public interface RecordFormat {
  /** A short name: {@code csv}, {@code jsonl}. */
  String name();

  /**
   * Whether a reader of a byte range that starts at an arbitrary offset finds the first record boundary
   * by itself, so a planner may cut an object at any offsets. When false, cut only at offsets known to
   * start a record (0, or a reader's {@link RecordReader#position()}) or read objects whole.
   */
  boolean splittable();

  /**
   * Reads the records of {@code source} with {@code schema}.
   *
   * @throws IllegalArgumentException if the format is not splittable and the source starts at an
   *     offset not known to begin a record
   * @throws InvalidSchemaException if the format cannot represent the schema
   * @throws IOException if opening the source fails
   */
  RecordReader reader(RecordSource source, Schema schema, BadRecordPolicy policy) throws IOException;

  /**
   * Writes rows of {@code schema} to {@code out}.
   *
   * @throws InvalidSchemaException if the format cannot represent the schema
   */
  RecordWriter writer(OutputStream out, Schema schema);
}
