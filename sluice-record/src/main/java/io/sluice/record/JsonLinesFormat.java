package io.sluice.record;

import io.sluice.record.internal.JsonLinesReader;
import io.sluice.record.internal.JsonLinesWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.util.Objects;

/**
 * JSON Lines: one JSON object per line, UTF-8, lines ended by {@code \n} (or {@code \r\n}). JSON
 * escapes line breaks inside strings, so every {@code \n} ends a record and the format is always
 * {@link #splittable()}.
 *
 * <pre>{@code
 * Schema s = Schema.builder().required("id", FieldType.INT64).optional("customer.city", FieldType.STRING).build();
 * // {"id": 7, "customer": {"city": "Lyon", "zip": "69001"}, "tags": ["a"]}  ->  id=7, customer.city=Lyon
 * }</pre>
 *
 * <h2>Flattening</h2>
 * Nested objects are flattened: the value at {@code {"a": {"b": 1}}} is field {@code a.b}. A key that
 * itself contains dots ({@code {"a.b": 1}}) is read as the same path. Members the schema does not name
 * are ignored (the schema is a projection); a missing member, or {@code null}, is a null value. A
 * {@code STRING} field whose value is an object or an array holds that value's JSON text; other types
 * refuse objects and arrays. The writer writes fields back nested, so what it writes reads back equal.
 * A schema cannot hold both {@code a} and {@code a.b}.
 *
 * <h2>Values</h2>
 * Numbers for numeric types (integers must be integral and in range; decimals are never rounded, as
 * in {@link CsvFormat}), strings holding a number are accepted too; {@code true}/{@code false} (or those
 * strings) for booleans; strings for dates and timestamps, in the forms {@link CsvFormat} reads.
 * {@code FLOAT64} {@code NaN} and infinities are written as strings. A line that is not one JSON object
 * is a bad record; blank lines are skipped.
 */
public final class JsonLinesFormat implements RecordFormat {
  /** The JSON Lines format. */
  public static final JsonLinesFormat DEFAULT = new JsonLinesFormat();

  private JsonLinesFormat() {}

  @Override
  public String name() {
    return "jsonl";
  }

  /** Always true: a line break never occurs inside a JSON Lines record. */
  @Override
  public boolean splittable() {
    return true;
  }

  @Override
  public RecordReader reader(RecordSource source, Schema schema, BadRecordPolicy policy) throws IOException {
    return new JsonLinesReader(Objects.requireNonNull(source, "source"), Objects.requireNonNull(schema, "schema"),
        Objects.requireNonNull(policy, "policy"));
  }

  @Override
  public RecordWriter writer(OutputStream out, Schema schema) {
    return new JsonLinesWriter(Objects.requireNonNull(out, "out"), Objects.requireNonNull(schema, "schema"));
  }

  @Override
  public String toString() {
    return "JsonLinesFormat";
  }
}
