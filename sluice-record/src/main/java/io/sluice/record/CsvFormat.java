package io.sluice.record;

import io.sluice.record.internal.CsvReader;
import io.sluice.record.internal.CsvWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Comma-separated values as RFC 4180 defines them: fields separated by a delimiter, records ended by
 * {@code \n} or {@code \r\n}, a field enclosed in quotes when it holds the delimiter, a quote or a line
 * break, and a quote inside such a field doubled. Text is UTF-8. Columns are matched to the schema by
 * position.
 *
 * <pre>{@code
 * CsvFormat csv = CsvFormat.builder().header(true).newlinesInQuotes(false).build();
 * InputFile file = InputFile.of(Path.of("orders.csv"));
 * for (Split split : csv.splits(file, 64 << 20)) {
 *   try (RecordReader in = csv.reader(file, split, schema, ReadOptions.of(BadRecordPolicy.fail()))) {
 *     while (in.next()) { ... in.row() ... }
 *   }
 * }
 * }</pre>
 *
 * <h2>Values</h2>
 * An empty unquoted field is null; {@code ""} is the empty string (the empty value for {@code BINARY}; for other types, null too).
 * Otherwise values must be exact, without surrounding spaces: integers in decimal; {@code FLOAT64} as
 * Java writes doubles (also {@code NaN}, {@code Infinity}); booleans {@code true}/{@code false} in any
 * case; dates {@code 2026-11-01}; timestamps ISO 8601 ({@code 2026-11-01T08:30:00Z}, {@code
 * 2026-11-01 08:30:00.123456+01:00}; no offset means UTC; at most microseconds); decimals plain
 * ({@code -12.30}), with no more digits after the point than the scale (trailing zeros aside) and no
 * more in all than the precision: values are never rounded. {@code TIME} as {@code 08:30:00[.ffffff]};
 * {@code LOCAL_TIMESTAMP} as {@code 2026-11-01T08:30:00[.ffffff]} (no offset); {@code BINARY} in base64
 * (RFC 4648); {@code FLOAT32} as Java writes floats. {@code STRUCT}, {@code LIST} and {@code MAP} have
 * no CSV form: readers and writers refuse schemas holding them ({@link InvalidSchemaException}). A
 * value that does not parse makes its record bad, naming the field. A quote inside an unquoted field is
 * kept as text.
 *
 * <h2>Text encoding</h2>
 * Text is UTF-8. A string field that is not valid UTF-8 makes its record bad, naming the field and the
 * byte offset of the malformed sequence, unless the read options say {@link
 * ReadOptions.MalformedText#REPLACE}, which decodes it with replacement characters. Fields outside the
 * {@linkplain ReadOptions.Builder#project projection} are not decoded, so not checked either. Readers
 * keep string values as bytes of their input and decode them only when {@link Row#getString} asks.
 *
 * <h2>Blank lines</h2>
 * An empty line (or one holding only {@code \r}) is not a record and is skipped, except with a schema of
 * one field, where it is that field's null (which is how the writer writes it).
 *
 * <h2>Header</h2>
 * With {@link Builder#header(boolean) header}, the writer writes the field names first, and the record
 * at offset 0 is skipped by readers; it is not interpreted (columns go by position), so a range that does
 * not contain offset 0 never needs it.
 *
 * <h2>Splitting and quoted line breaks</h2>
 * Whether a line break ends a record depends on whether it is inside quotes, which only reading from a
 * record boundary can tell. So:
 * <ul>
 *   <li>With {@link Builder#newlinesInQuotes(boolean) newlinesInQuotes(true)} (RFC 4180, the default),
 *       quoted fields may hold line breaks, and the format is not {@link #splittable()}: {@link #splits}
 *       gives one split per object, and a reader refuses a range that starts at an offset not known to
 *       begin a record. Cut objects only at positions a reader reported ({@link RecordReader#continuation()}).</li>
 *   <li>With {@code newlinesInQuotes(false)}, every {@code \n} ends a record, so any offset can be the
 *       start of a range: the format is splittable, {@link #splits} cuts objects into byte ranges of the
 *       size asked for, and a range reads the records whose first byte is in it. A quote still open at the end of a line makes that line a bad record ("unterminated
 *       quoted field"), and the writer refuses values holding {@code \n}.</li>
 * </ul>
 */
public final class CsvFormat implements RecordFormat {
  /** Comma, double quote, no header, quoted line breaks allowed (RFC 4180); not splittable. */
  public static final CsvFormat DEFAULT = builder().build();

  private final char delimiter;
  private final char quote;
  private final boolean header;
  private final boolean newlinesInQuotes;

  private CsvFormat(Builder b) {
    this.delimiter = b.delimiter;
    this.quote = b.quote;
    this.header = b.header;
    this.newlinesInQuotes = b.newlinesInQuotes;
  }

  /** Starts from {@link #DEFAULT}'s settings. */
  public static Builder builder() {
    return new Builder();
  }

  /** A builder holding this format's settings. */
  public Builder toBuilder() {
    Builder b = new Builder();
    b.delimiter = delimiter;
    b.quote = quote;
    b.header = header;
    b.newlinesInQuotes = newlinesInQuotes;
    return b;
  }

  /** Separates fields: {@code ,} by default. */
  public char delimiter() {
    return delimiter;
  }

  /** Encloses fields holding special characters: {@code "} by default. */
  public char quote() {
    return quote;
  }

  /** Whether the first record of an object is a header of field names. */
  public boolean header() {
    return header;
  }

  /** Whether quoted fields may hold line breaks; if so the format is not {@link #splittable()}. */
  public boolean newlinesInQuotes() {
    return newlinesInQuotes;
  }

  @Override
  public String name() {
    return "csv";
  }

  /** True unless quoted fields may hold line breaks. */
  @Override
  public boolean splittable() {
    return !newlinesInQuotes;
  }

  /** Byte ranges of {@code targetBytes} if {@link #splittable()}, else the whole object; none for an empty one. */
  @Override
  public List<Split> splits(InputFile file, long targetBytes) {
    return textSplits(file, targetBytes, splittable());
  }

  static List<Split> textSplits(InputFile file, long targetBytes, boolean splittable) {
    if (targetBytes <= 0) {
      throw new IllegalArgumentException("Splits of '" + file.name() + "' need a positive target size, got " + targetBytes);
    }
    long length = file.length();
    List<Split> splits = new ArrayList<>();
    if (length == 0) {
      return splits;
    }
    if (!splittable) {
      splits.add(Split.whole(length));
      return splits;
    }
    for (long start = 0; start < length; start += targetBytes) {
      splits.add(new Split(start, Math.min(length, start + targetBytes)));
    }
    return splits;
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
    return open(textContinuation(file, split, from), schema, options);
  }

  static RecordSource textContinuation(InputFile file, Split split, Position from) {
    Objects.requireNonNull(split, "split");
    Objects.requireNonNull(from, "from");
    if (from.row() != 0 || from.offset() < split.start()) {
      throw new IllegalArgumentException("Position " + from + " is not a text position in split " + split + " of '"
          + file.name() + "': continue from what a reader of that split gave in continuation()");
    }
    // a split's last record may end past the split: continuing after it reads nothing
    return RecordSource.continuation(file.name(), from.offset(), Math.max(from.offset(), split.end()), file::open);
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
    Objects.requireNonNull(source, "source");
    Objects.requireNonNull(schema, "schema");
    Objects.requireNonNull(options, "options");
    if (!splittable() && !source.startsAtRecord()) {
      throw new IllegalArgumentException("Cannot read " + source + " from byte " + source.start()
          + ": with newlinesInQuotes(true) a CSV range must start at a record boundary (0 or a reader's continuation())."
          + " Read the object whole (splits() gives one split per object), or use newlinesInQuotes(false) if its fields"
          + " never hold line breaks");
    }
    return new CsvReader(this, source, schema, options);
  }

  /** {@inheritDoc} */
  @Override
  public RecordWriter writer(OutputStream out, Schema schema) {
    return new CsvWriter(this, Objects.requireNonNull(out, "out"), Objects.requireNonNull(schema, "schema"));
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof CsvFormat f && f.delimiter == delimiter && f.quote == quote && f.header == header
        && f.newlinesInQuotes == newlinesInQuotes;
  }

  @Override
  public int hashCode() {
    return Objects.hash(delimiter, quote, header, newlinesInQuotes);
  }

  @Override
  public String toString() {
    return "CsvFormat{delimiter='" + delimiter + "', quote='" + quote + "', header=" + header + ", newlinesInQuotes="
        + newlinesInQuotes + "}";
  }

  /** Settings of a {@link CsvFormat}; {@link #build()} checks them. */
  public static final class Builder {
    private char delimiter = ',';
    private char quote = '"';
    private boolean header;
    private boolean newlinesInQuotes = true;

    private Builder() {}

    /** The field separator: one ASCII character other than the quote, {@code \r} and {@code \n}. */
    public Builder delimiter(char delimiter) {
      this.delimiter = delimiter;
      return this;
    }

    /** The quote: one ASCII character other than the delimiter, {@code \r} and {@code \n}. */
    public Builder quote(char quote) {
      this.quote = quote;
      return this;
    }

    /** Whether objects start with a header record of field names (written by writers, skipped by readers). */
    public Builder header(boolean header) {
      this.header = header;
      return this;
    }

    /**
     * Whether quoted fields may hold line breaks (RFC 4180; default true). False makes the format
     * splittable at any byte offset; see the class comment.
     */
    public Builder newlinesInQuotes(boolean newlinesInQuotes) {
      this.newlinesInQuotes = newlinesInQuotes;
      return this;
    }

    /** The format. @throws IllegalArgumentException naming the bad setting */
    public CsvFormat build() {
      check("delimiter", delimiter);
      check("quote", quote);
      if (delimiter == quote) {
        throw new IllegalArgumentException("CSV delimiter and quote must differ, both are '" + delimiter + "'");
      }
      return new CsvFormat(this);
    }

    private static void check(String what, char c) {
      if (c >= 0x80 || c == '\n' || c == '\r') {
        throw new IllegalArgumentException("CSV " + what + " must be one ASCII character other than \\r and \\n, got "
            + (c == '\n' ? "\\n" : c == '\r' ? "\\r" : "'" + c + "' (U+" + String.format("%04X", (int) c) + ")"));
      }
    }
  }
}
