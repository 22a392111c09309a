package io.sluice.record;

import io.sluice.record.internal.JsonLinesReader;
import io.sluice.record.internal.JsonLinesWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.util.List;
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
 * <h2>Nesting</h2>
 * Two ways, which a schema may mix:
 * <ul>
 *   <li>Flattening, for flat schemas: nested objects are flattened, so the value at {@code {"a": {"b":
 *       1}}} is field {@code a.b}. A key that itself contains dots ({@code {"a.b": 1}}) is read as the
 *       same path. A schema cannot hold both {@code a} and {@code a.b}. The separator is {@code .} by
 *       default ({@link Builder#separator(String)} sets another, {@code "_"} or {@code "__"} say, for
 *       engines where dots in column names are awkward), and {@link Builder#flatten(boolean) flatten(false)}
 *       turns flattening off: field names are then member names as they are, dots and all, and a nested
 *       object is read only by a STRUCT, MAP or STRING field. The writer nests fields by the same rule,
 *       so what it writes reads back equal with the same settings. Arrays are never flattened: a JSON
 *       array is a {@code LIST} (or a STRING holding its text).</li>
 *   <li>Nested types: a {@link FieldType#struct STRUCT} field reads a JSON object into a row of its
 *       fields (flattened again inside, by the same rule), a {@link FieldType#list LIST} a JSON array,
 *       a {@link FieldType#map MAP} a JSON object whose member names are the keys' text.</li>
 * </ul>
 * Members the schema does not name are ignored (the schema is a projection); a missing member, or
 * {@code null}, is a null value. A {@code STRING} field whose value is an object or an array holds
 * that value's JSON text as it is in the input; other scalar types refuse objects and arrays. The
 * writer writes fields back nested, so what it writes reads back equal.
 *
 * <h2>Values</h2>
 * Numbers for numeric types (integers must be integral and in range; decimals are never rounded, as
 * in {@link CsvFormat}), strings holding a number are accepted too; {@code true}/{@code false} (or those
 * strings) for booleans; strings for dates, times and timestamps, in the forms {@link CsvFormat} reads;
 * base64 strings for {@code BINARY}. {@code FLOAT64} and {@code FLOAT32} {@code NaN} and infinities are
 * written as strings. A line that is not one JSON object (strict JSON: RFC 8259) is a bad record;
 * blank lines are skipped. A string that is not valid UTF-8 makes its record bad, naming the field and
 * the byte offset, unless the read options say {@link ReadOptions.MalformedText#REPLACE}.
 *
 * <p>The reader parses JSON itself, from the bytes of its input buffer: strings stay bytes until
 * {@link Row#getString} decodes them, and members outside the projection are skipped undecoded. The
 * {@linkplain RecordPredicate filter} hint is ignored.
 */
public final class JsonLinesFormat implements RecordFormat {
  /** The JSON Lines format, nested objects flattened to names joined by {@code .}. */
  public static final JsonLinesFormat DEFAULT = new JsonLinesFormat(".");

  /** The separator of flattened names, or null when nothing is flattened. */
  private final String separator;

  private JsonLinesFormat(String separator) {
    this.separator = separator;
  }

  /** Starts from {@link #DEFAULT}'s settings: flattened, separator {@code .}. */
  public static Builder builder() {
    return new Builder();
  }

  /** Whether nested objects are flattened into fields named by their path. */
  public boolean flatten() {
    return separator != null;
  }

  /** What joins the member names of a flattened path ({@code .} by default), or null when {@link #flatten()} is false. */
  public String separator() {
    return separator;
  }

  @Override
  public String name() {
    return "jsonl";
  }

  /** Always true: a line break never occurs inside a JSON Lines record. */
  @Override
  public boolean splittable() {
    return true;
  }

  /** Byte ranges of {@code targetBytes}; none for an empty object. */
  @Override
  public List<Split> splits(InputFile file, long targetBytes) {
    return CsvFormat.textSplits(file, targetBytes, true);
  }

  @Override
  public RecordReader reader(InputFile file, Split split, Schema schema, ReadOptions options) throws IOException {
    Objects.requireNonNull(file, "file");
    Objects.requireNonNull(split, "split");
    return open(RecordSource.range(file.name(), split.start(), split.end(), file::open), schema, options);
  }

  @Override
  public RecordReader reader(InputFile file, Split split, Position from, Schema schema, ReadOptions options) throws IOException {
    Objects.requireNonNull(file, "file");
    return open(CsvFormat.textContinuation(file, split, from), schema, options);
  }

  /**
   * {@inheritDoc}
   *
   * @deprecated use {@link #reader(InputFile, Split, Schema, ReadOptions)}
   */
  @Deprecated
  @Override
  public RecordReader reader(RecordSource source, Schema schema, BadRecordPolicy policy) throws IOException {
    return open(source, schema, ReadOptions.of(Objects.requireNonNull(policy, "policy")));
  }

  private RecordReader open(RecordSource source, Schema schema, ReadOptions options) throws IOException {
    return new JsonLinesReader(Objects.requireNonNull(source, "source"), Objects.requireNonNull(schema, "schema"),
        Objects.requireNonNull(options, "options"), separator);
  }

  @Override
  public RecordWriter writer(OutputStream out, Schema schema) {
    return new JsonLinesWriter(Objects.requireNonNull(out, "out"), Objects.requireNonNull(schema, "schema"), separator);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof JsonLinesFormat f && Objects.equals(f.separator, separator);
  }

  @Override
  public int hashCode() {
    return Objects.hashCode(separator);
  }

  @Override
  public String toString() {
    return separator == null ? "JsonLinesFormat{flatten=false}" : separator.equals(".") ? "JsonLinesFormat"
        : "JsonLinesFormat{separator='" + separator + "'}";
  }

  /** Settings of a {@link JsonLinesFormat}. */
  public static final class Builder {
    private boolean flatten = true;
    private String separator = ".";

    private Builder() {}

    /** Whether nested objects are flattened into fields named by their path (default true). */
    public Builder flatten(boolean flatten) {
      this.flatten = flatten;
      return this;
    }

    /** What joins the member names of a flattened path: not empty, {@code .} by default. */
    public Builder separator(String separator) {
      this.separator = Objects.requireNonNull(separator, "separator");
      return this;
    }

    /** The format. @throws IllegalArgumentException if the separator is empty */
    public JsonLinesFormat build() {
      if (separator.isEmpty()) {
        throw new IllegalArgumentException("A JSON Lines flattening separator must not be empty");
      }
      return flatten && separator.equals(".") ? DEFAULT : new JsonLinesFormat(flatten ? separator : null);
    }
  }
}
