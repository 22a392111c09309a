package io.sluice.record;

import io.sluice.record.internal.CsvReader;
import io.sluice.record.internal.CsvSync;
import io.sluice.record.internal.CsvWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

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
 * <h2>Escape</h2>
 * By default a quote inside a quoted field is doubled ({@code "say ""hi"""}), as RFC 4180 says. With
 * {@link Builder#escape(char) escape('\\')} (PostgreSQL's and DuckDB's {@code ESCAPE}, Spark's {@code
 * escape}), the escape character makes the character after it, whatever it is, literal inside a quoted
 * field: {@code "say \"hi\""} is {@code say "hi"}, {@code "C:\\temp"} is {@code C:\temp}, {@code "a\,b"}
 * is {@code a,b}. A quote inside quotes must then be escaped: a doubled one makes the record bad, as in
 * DuckDB. Outside quotes the escape character is ordinary text ({@code C:\temp} unquoted is {@code
 * C:\temp}), as in DuckDB's {@code read_csv}, which this follows, and Spark, whose escape applies to
 * quoted values only. The writer quotes fields as before and, inside the quotes, puts the escape before
 * the quote and before the escape character; a field holding the escape character but nothing else
 * special is written unquoted, as it is.
 *
 * <h2>Null markers</h2>
 * An unquoted field equal to one of the {@link Builder#nullString(String...) null markers} is null; a
 * quoted one is text ({@code "NULL"} is the string {@code NULL}, as in PostgreSQL, and in DuckDB with
 * {@code allow_quoted_nulls=false}). The default is the empty string alone: an empty unquoted field is
 * null and {@code ""} the empty string. The writer writes null as the first marker and quotes any value
 * whose text equals a marker. A marker in a field that is not nullable makes the record bad, naming the
 * field and the marker.
 *
 * <h2>Values</h2>
 * {@code ""} is the empty string (the empty value for {@code BINARY}), and so is an unquoted empty field
 * of these two types when the empty string is not a null marker. An empty field of any type but these
 * two, quoted or not, is null if the empty string is a null marker (the default), and makes its record
 * bad if not.
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
 * one field, where it is a record of one empty field: null with the default null marker (which is how the
 * writer writes null then), else an empty field as "Values" below says.
 *
 * <h2>Header</h2>
 * With a {@link Builder#header(HeaderMode) header} ({@link HeaderMode#POSITIONAL} or {@link
 * HeaderMode#BY_NAME}), the writer writes the field names first, and readers take the record at offset
 * 0 for the header, never for data. What they do with it:
 * <ul>
 *   <li>{@link HeaderMode#POSITIONAL} ({@code header(true)}): nothing; columns are the schema's fields by
 *       position, so a range that does not contain offset 0 never needs it.</li>
 *   <li>{@link HeaderMode#BY_NAME}: columns are matched to the schema's fields by name, in any order. Names
 *       match exactly (case-sensitively) unless {@link Builder#headerIgnoreCase(boolean) headerIgnoreCase(true)},
 *       which compares them in lower case ({@link java.util.Locale#ROOT}). A schema field missing from the header, a header
 *       column the schema does not have (unless {@link Builder#ignoreExtraColumns(boolean) ignoreExtraColumns(true)},
 *       which skips those columns unread), a column named twice, or two schema fields the header cannot tell
 *       apart are refused when the reader is opened: {@link InvalidSchemaException} naming the object, the
 *       field or column, and the header. A reader of a range that does not start at 0 (or of a continuation)
 *       reads the header first, through {@link InputFile#open(long) open(0)}. Every record must have as many fields as
 *       the header.</li>
 * </ul>
 *
 * <h2>Trailing delimiter</h2>
 * With {@link Builder#trailingDelimiter(boolean) trailingDelimiter(true)}, a record may end with the
 * delimiter, as TPC-H's {@code dbgen} writes its tables ({@code 1|155190|7706|1|17|...|egular courts above the|}):
 * a record whose last field is empty, unquoted and after a delimiter (the delimiter just before the line
 * break, or the end of the object) has no such field. A record not ending with the delimiter is read as it is,
 * so {@code a|b} and {@code a|b|} are both two fields; {@code a|b||} is {@code a}, {@code b} and an empty
 * field. Headers and schema inference see the fields the same way. The writer then ends every record, the
 * header too, with the delimiter, so what it writes reads back equal. It changes no record boundary: splits
 * and resynchronisation work as without it.
 *
 * <h2>Splitting and quoted line breaks</h2>
 * Whether a line break ends a record depends on whether it is inside quotes, which only reading from a
 * record boundary can tell. So:
 * <ul>
 *   <li>With {@link Builder#newlinesInQuotes(boolean) newlinesInQuotes(true)} (RFC 4180, the default),
 *       quoted fields may hold line breaks, and the format is not {@link #splittable()}: {@link #splits}
 *       gives one split per object, and a reader refuses a range that starts at an offset not known to
 *       begin a record. Cut objects only at positions a reader reported ({@link RecordReader#continuation()}).</li>
 *   <li>With {@code newlinesInQuotes(true)} and {@link Builder#resynchronize(boolean) resynchronize(true)},
 *       the format is splittable again: a reader finds its split's first record by running the quoting
 *       automaton from every state until the runs agree, and when they never do (no quote after the
 *       split's start) the split reads nothing and the one before reads on; see {@link Builder#resynchronize}.</li>
 *   <li>With {@code newlinesInQuotes(false)}, every {@code \n} ends a record, so any offset can be the
 *       start of a range: the format is splittable, {@link #splits} cuts objects into byte ranges of the
 *       size asked for, and a range reads the records whose first byte is in it. A quote still open at the end of a line makes that line a bad record ("unterminated
 *       quoted field"), and the writer refuses values holding {@code \n}.</li>
 * </ul>
 */
public final class CsvFormat implements RecordFormat {
  /** What the first record of an object is, and what readers do with it. */
  public enum HeaderMode {
    /** There is no header: the record at offset 0 is data. */
    NONE,
    /** The first record names the fields; readers skip it and take columns by position. */
    POSITIONAL,
    /** The first record names the fields; readers match columns to the schema by these names. */
    BY_NAME
  }


  /** Comma, double quote, no header, quoted line breaks allowed (RFC 4180); not splittable. */
  public static final CsvFormat DEFAULT = builder().build();

  private final char delimiter;
  private final char quote;
  private final HeaderMode header;
  private final boolean headerIgnoreCase;
  private final boolean ignoreExtraColumns;
  private final boolean newlinesInQuotes;
  private final boolean resynchronize;
  private final boolean trailingDelimiter;
  /** The escape, or the quote when there is none (doubling). */
  private final char escape;
  private final List<String> nullStrings;

  private CsvFormat(Builder b) {
    this.delimiter = b.delimiter;
    this.quote = b.quote;
    this.header = b.header;
    this.headerIgnoreCase = b.headerIgnoreCase;
    this.ignoreExtraColumns = b.ignoreExtraColumns;
    this.newlinesInQuotes = b.newlinesInQuotes;
    this.resynchronize = b.resynchronize;
    this.trailingDelimiter = b.trailingDelimiter;
    this.escape = b.escape == NONE ? b.quote : b.escape;
    this.nullStrings = List.copyOf(b.nullStrings);
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
    b.headerIgnoreCase = headerIgnoreCase;
    b.ignoreExtraColumns = ignoreExtraColumns;
    b.newlinesInQuotes = newlinesInQuotes;
    b.resynchronize = resynchronize;
    b.trailingDelimiter = trailingDelimiter;
    b.escape = escape == quote ? NONE : escape;
    b.nullStrings = nullStrings;
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

  /**
   * The escape character of quoted fields, if there is one other than the quote; empty by default (a
   * quote inside quotes is doubled).
   */
  public Optional<Character> escape() {
    return escape == quote ? Optional.empty() : Optional.of(escape);
  }

  /** The null markers, the first being what the writer writes: {@code [""]} (an empty field) by default. */
  public List<String> nullStrings() {
    return nullStrings;
  }

  /** Whether the first record of an object is a header of field names ({@link #headerMode()} is not NONE). */
  public boolean header() {
    return header != HeaderMode.NONE;
  }

  /** What the first record is and how readers use it: {@link HeaderMode#NONE} by default. */
  public HeaderMode headerMode() {
    return header;
  }

  /** Whether {@link HeaderMode#BY_NAME} matches names ignoring case. */
  public boolean headerIgnoreCase() {
    return headerIgnoreCase;
  }

  /** Whether {@link HeaderMode#BY_NAME} skips header columns that the schema does not name (else they are refused). */
  public boolean ignoreExtraColumns() {
    return ignoreExtraColumns;
  }

  /** Whether quoted fields may hold line breaks; if so the format is not {@link #splittable()}. */
  public boolean newlinesInQuotes() {
    return newlinesInQuotes;
  }

  /** Whether a record may end with the delimiter, which then ends no empty field (see the class comment); false by default. */
  public boolean trailingDelimiter() {
    return trailingDelimiter;
  }

  @Override
  public String name() {
    return "csv";
  }

  /** Whether readers of ranges with quoted line breaks find their first record by {@link Builder#resynchronize resynchronisation}. */
  public boolean resynchronize() {
    return resynchronize;
  }

  /** True unless quoted fields may hold line breaks and {@link #resynchronize()} is off. */
  @Override
  public boolean splittable() {
    return !newlinesInQuotes || resynchronize;
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
    if (resyncing()) {
      long start = split.start() == 0 ? 0 : sync(file, split.start());
      return open(RecordSource.continuation(file.name(), start, Math.max(start, sync(file, split.end())), file::open), schema, options);
    }
    return open(RecordSource.range(file.name(), split.start(), split.end(), file::open), schema, options);
  }

  @Override
  public RecordReader reader(InputFile file, Split split, Position from, Schema schema, ReadOptions options) throws IOException {
    Objects.requireNonNull(file, "file");
    if (resyncing()) {
      RecordSource checked = textContinuation(file, split, from);
      return open(RecordSource.continuation(file.name(), checked.start(), Math.max(checked.start(), sync(file, split.end())), file::open),
          schema, options);
    }
    return open(textContinuation(file, split, from), schema, options);
  }

  private boolean resyncing() {
    return newlinesInQuotes && resynchronize;
  }

  /** The first record boundary a resynchronising reader agrees on from {@code offset}: see {@link Builder#resynchronize}. */
  private long sync(InputFile file, long offset) throws IOException {
    if (offset == 0) {
      return 0; // a record starts there: an empty split [0, 0) reads nothing, as its neighbour [0, e) reads from 0
    }
    if (offset >= file.length()) {
      return file.length();
    }
    return CsvSync.sync(file::open, offset, delimiter, quote, escape);
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
    if (resyncing() && !source.startsAtRecord()) {
      throw new IllegalArgumentException("Cannot read " + source + " from byte " + source.start()
          + ": a resynchronising CSV reader reads splits of an InputFile (reader(file, split, ...)), not ranges of a stream");
    }
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
        && f.resynchronize == resynchronize && f.trailingDelimiter == trailingDelimiter
        && f.headerIgnoreCase == headerIgnoreCase && f.ignoreExtraColumns == ignoreExtraColumns
        && f.newlinesInQuotes == newlinesInQuotes && f.escape == escape && f.nullStrings.equals(nullStrings);
  }

  @Override
  public int hashCode() {
    return Objects.hash(delimiter, quote, header, headerIgnoreCase, ignoreExtraColumns, newlinesInQuotes, resynchronize,
        trailingDelimiter, escape, nullStrings);
  }

  @Override
  public String toString() {
    return "CsvFormat{delimiter='" + delimiter + "', quote='" + quote + "'" + (escape == quote ? "" : ", escape='" + escape + "'")
        + (nullStrings.equals(List.of("")) ? "" : ", nullStrings=" + nullStrings) + ", header=" + header
        + (headerIgnoreCase ? ", headerIgnoreCase=true" : "") + (ignoreExtraColumns ? ", ignoreExtraColumns=true" : "")
        + ", newlinesInQuotes="
        + newlinesInQuotes + (resynchronize ? ", resynchronize=true" : "") + (trailingDelimiter ? ", trailingDelimiter=true" : "") + "}";
  }

  private static final char NONE = '\0';

  /** Settings of a {@link CsvFormat}; {@link #build()} checks them. */
  public static final class Builder {
    private char delimiter = ',';
    private char quote = '"';
    private HeaderMode header = HeaderMode.NONE;
    private boolean headerIgnoreCase;
    private boolean ignoreExtraColumns;
    private boolean newlinesInQuotes = true;
    private boolean resynchronize;
    private boolean trailingDelimiter;
    private char escape = NONE;
    private List<String> nullStrings = List.of("");

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

    /**
     * The escape character inside quoted fields (see the class comment): one ASCII character other than the
     * delimiter, {@code \r} and {@code \n}. The quote itself means doubling, the default (RFC 4180).
     */
    public Builder escape(char escape) {
      this.escape = escape;
      return this;
    }

    /**
     * The null markers: an unquoted field equal to one is null, and the writer writes null as the first
     * (see the class comment). Default: {@code ""} alone. Markers may not hold the delimiter, the quote,
     * {@code \r} or {@code \n}; repeats are dropped.
     *
     * @throws IllegalArgumentException if none is given
     */
    public Builder nullString(String... markers) {
      Objects.requireNonNull(markers, "markers");
      if (markers.length == 0) {
        throw new IllegalArgumentException("CSV nullString needs at least one marker (the default is \"\", an empty field)");
      }
      LinkedHashSet<String> unique = new LinkedHashSet<>();
      for (String m : markers) {
        unique.add(Objects.requireNonNull(m, "a null marker"));
      }
      this.nullStrings = List.copyOf(unique);
      return this;
    }

    /**
     * Whether objects start with a header record of field names (written by writers, skipped by readers):
     * {@link HeaderMode#POSITIONAL} or {@link HeaderMode#NONE}.
     */
    public Builder header(boolean header) {
      this.header = header ? HeaderMode.POSITIONAL : HeaderMode.NONE;
      return this;
    }

    /** What the first record of an object is; see the class comment. */
    public Builder header(HeaderMode header) {
      this.header = Objects.requireNonNull(header, "header");
      return this;
    }

    /** With {@link HeaderMode#BY_NAME}: match header names to field names ignoring case (default false: exactly). */
    public Builder headerIgnoreCase(boolean ignoreCase) {
      this.headerIgnoreCase = ignoreCase;
      return this;
    }

    /** With {@link HeaderMode#BY_NAME}: skip header columns the schema does not name (default false: refuse them). */
    public Builder ignoreExtraColumns(boolean ignore) {
      this.ignoreExtraColumns = ignore;
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

    /**
     * With {@code newlinesInQuotes(true)}: makes the format {@link #splittable()} (default false: one split
     * per object). A reader of a split that does not start at 0 finds its first record by running the
     * quoting automaton from the split's first byte once from every state it could be in there; where all
     * runs agree, the state is known, and the next record end is a true boundary. It reads the records from
     * there to the same point found from its split's end, so splits read every record exactly once. When
     * the runs never agree (no quote after the split's start: every byte could be inside one quoted field),
     * that split reads nothing and the split before it reads on to where they do agree, in the worst case to
     * the end of the object. See {@code docs/records.md}.
     */
    public Builder resynchronize(boolean resynchronize) {
      this.resynchronize = resynchronize;
      return this;
    }

    /**
     * Whether a record may end with the delimiter, as TPC-H's {@code dbgen} output does (default false):
     * readers then take no empty field after a delimiter that ends a record, and the writer ends every
     * record with the delimiter. See the class comment.
     */
    public Builder trailingDelimiter(boolean trailingDelimiter) {
      this.trailingDelimiter = trailingDelimiter;
      return this;
    }

    /** The format. @throws IllegalArgumentException naming the bad setting */
    public CsvFormat build() {
      check("delimiter", delimiter);
      check("quote", quote);
      if (delimiter == quote) {
        throw new IllegalArgumentException("CSV delimiter and quote must differ, both are '" + delimiter + "'");
      }
      if (escape != NONE) {
        check("escape", escape);
        if (escape == delimiter) {
          throw new IllegalArgumentException("CSV delimiter and escape must differ, both are '" + delimiter + "'");
        }
      }
      for (String m : nullStrings) {
        for (int i = 0; i < m.length(); i++) {
          char c = m.charAt(i);
          if (c == delimiter || c == quote || c == '\r' || c == '\n') {
            throw new IllegalArgumentException("CSV null marker '" + m.replace("\r", "\\r").replace("\n", "\\n") + "' holds "
                + (c == delimiter ? "the delimiter '" + c + "'" : c == quote ? "the quote '" + c + "'" : "a line break")
                + ": no unquoted field can equal it. Choose a marker without it");
          }
        }
      }
      if ((headerIgnoreCase || ignoreExtraColumns) && header != HeaderMode.BY_NAME) {
        throw new IllegalArgumentException("CSV " + (headerIgnoreCase ? "headerIgnoreCase" : "ignoreExtraColumns")
            + " applies only to header(HeaderMode.BY_NAME), but the header mode is " + header);
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
