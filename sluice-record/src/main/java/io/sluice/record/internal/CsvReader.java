package io.sluice.record.internal;

import io.sluice.record.CsvFormat;
import io.sluice.record.FieldType;
import io.sluice.record.FieldType.Kind;
import io.sluice.record.InvalidSchemaException;
import io.sluice.record.ReadOptions;
import io.sluice.record.RecordSource;
import io.sluice.record.Schema;
import io.sluice.record.BadRecordPolicy;
import io.sluice.record.Field;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Reads CSV records (RFC 4180) straight from the input buffer: one pass notes where each field's
 * content starts and ends; the projected fields are then parsed in place by type. Strings are kept
 * as slices of the buffer (decoded only by {@code getString}); fields outside the projection are
 * neither decoded nor checked. With an escape character, quoted fields holding it (or doubled quotes,
 * without one) are unescaped into a scratch buffer.
 */
public final class CsvReader extends BaseReader {
  private static final int FIELD_START = 0;
  private static final int UNQUOTED = 1;
  private static final int QUOTED = 2;
  private static final int QUOTE_SEEN = 3; // a quote inside a quoted field: closing, or the first of a pair
  private static final int QUOTE_CR = 4; // \r after a closing quote
  private static final int SKIP = 5; // malformed: skip to the end of the line
  private static final int ESCAPED = 6; // the escape character inside a quoted field: the next byte is literal

  private final byte delim;
  private final byte quote;
  /** The escape character, or the quote when quotes are doubled (no escape). */
  private final byte esc;
  private final boolean hasEscape;
  /** The null markers as UTF-8; {@link #emptyIsNull} says whether one is empty. */
  private final byte[][] markers;
  private final boolean emptyIsNull;
  /** Whether the only marker is the empty one (the default: a null is an empty field, nothing else to compare). */
  private final boolean onlyEmptyMarker;
  private final boolean newlinesInQuotes;
  private final boolean header;
  private final boolean trailingDelimiter;
  /** Whether the current record ended with the delimiter and its empty last field was dropped (trailingDelimiter). */
  private boolean trailingDropped;
  /** With a header matched by name: for each column, the schema field it holds, or -1 to skip it; else null (by position). */
  private int[] columnField;
  /** The number of fields every record has. */
  private int columns;

  private int[] starts = new int[16];
  private int[] ends = new int[16];
  private boolean[] quoted = new boolean[16];
  private boolean[] escaped = new boolean[16];
  private int fields;
  private String error;
  /** Unescaped text of quoted fields holding doubled quotes, for the current record. */
  private byte[] scratch = new byte[256];
  private int scratchLen;

  public CsvReader(CsvFormat format, RecordSource source, Schema schema, ReadOptions options) throws IOException {
    super(source, checked(schema), options);
    this.delim = (byte) format.delimiter();
    this.quote = (byte) format.quote();
    this.esc = (byte) (char) format.escape().orElse(format.quote());
    this.hasEscape = format.escape().isPresent();
    List<String> nulls = format.nullStrings();
    this.markers = new byte[nulls.size()][];
    for (int k = 0; k < markers.length; k++) {
      markers[k] = nulls.get(k).getBytes(StandardCharsets.UTF_8);
    }
    this.emptyIsNull = nulls.contains("");
    this.onlyEmptyMarker = nulls.equals(List.of(""));
    this.newlinesInQuotes = format.newlinesInQuotes();
    this.header = format.header();
    this.trailingDelimiter = format.trailingDelimiter();
    this.columns = schema.size();
    if (format.headerMode() == CsvFormat.HeaderMode.BY_NAME && schema != RAW) {
      try {
        matchHeader(format, source);
      } catch (IOException | RuntimeException e) {
        in.close();
        throw e;
      }
    }
  }

  private static final Schema RAW = Schema.of(Field.optional("raw", FieldType.STRING));

  /**
   * A reader of field texts that knows no schema, for headers and schema inference: {@link #nextFields},
   * then {@link #fieldCount}, {@link #fieldText}, {@link #fieldIsNull}. It does not skip the header.
   */
  public static CsvReader raw(CsvFormat format, RecordSource source) throws IOException {
    return new CsvReader(format, source, RAW, ReadOptions.builder().badRecords(BadRecordPolicy.fail())
        .malformedText(ReadOptions.MalformedText.REPLACE).build());
  }

  /** Reads the next record's fields (blank lines too), without a schema; false at the end of the range. */
  public boolean nextFields() throws IOException {
    long at = in.position();
    if (at >= end || !readRecord()) {
      return false;
    }
    recordOffset = at;
    return true;
  }

  /** The number of fields of the record {@link #nextFields} read. */
  public int fieldCount() {
    return fields;
  }

  /** Why the record {@link #nextFields} read is malformed (an unterminated quote, ...), or null. */
  public String recordError() {
    return overlong ? "record is longer than " + MAX_RECORD_BYTES + " bytes" : error;
  }

  /** Whether field {@code j} of that record is null (an unquoted null marker). */
  public boolean fieldIsNull(int j) {
    return !quoted[j] && marker(starts[j], ends[j] - starts[j]) >= 0;
  }

  /** Whether the record {@link #nextFields} read is a blank line (one empty unquoted field). */
  public boolean recordIsBlank() {
    return fields == 1 && error == null && !overlong && !trailingDropped && !quoted[0] && starts[0] == ends[0];
  }

  /** The index of the null marker equal to {@code in.buf[s, s + len)}, or -1. */
  private int marker(int s, int len) {
    if (onlyEmptyMarker) {
      return len == 0 ? 0 : -1;
    }
    byte[] buf = in.buf;
    for (int k = 0; k < markers.length; k++) {
      byte[] m = markers[k];
      if (m.length == len && Arrays.equals(m, 0, len, buf, s, s + len)) {
        return k;
      }
    }
    return -1;
  }

  /** The text of field {@code j} of that record, unquoted and unescaped (malformed UTF-8 replaced). */
  public String fieldText(int j) {
    if (!escaped[j]) {
      return new String(in.buf, starts[j], ends[j] - starts[j], StandardCharsets.UTF_8);
    }
    byte[] out = new byte[ends[j] - starts[j]];
    int n = unescape(in.buf, starts[j], ends[j], out, 0);
    return new String(out, 0, n, StandardCharsets.UTF_8);
  }

  /**
   * Copies the content of a quoted field {@code b[from, to)} to {@code out} at {@code n}, without its
   * escapes (the escape character, or the first quote of a doubled pair); returns the end in {@code out}.
   */
  private int unescape(byte[] b, int from, int to, byte[] out, int n) {
    byte esc = this.esc;
    for (int i = from; i < to; i++) {
      if (b[i] == esc && i + 1 < to) {
        i++; // escape + byte, or the first quote of a pair: keep the byte after it
      }
      out[n++] = b[i];
    }
    return n;
  }

  /** Reads the header at offset 0 (here, or through a stream of its own) and maps its columns to the schema. */
  private void matchHeader(CsvFormat format, RecordSource source) throws IOException {
    List<String> names = new ArrayList<>();
    if (source.start() == 0) {
      if (!readRecord()) {
        return; // an empty object: no header, no records
      }
      String reason = recordError();
      if (reason != null) {
        throw new InvalidSchemaException("Cannot read the CSV header of '" + source.name() + "': " + reason);
      }
      for (int j = 0; j < fields; j++) {
        names.add(fieldText(j));
      }
    } else {
      try (CsvReader h = raw(format, RecordSource.continuation(source.name(), 0, 1, source::open))) {
        if (!h.nextFields()) {
          throw new InvalidSchemaException("Cannot read the CSV header of '" + source.name() + "': the object is empty");
        }
        if (h.recordError() != null) {
          throw new InvalidSchemaException("Cannot read the CSV header of '" + source.name() + "': " + h.recordError());
        }
        for (int j = 0; j < h.fieldCount(); j++) {
          names.add(h.fieldText(j));
        }
      }
    }
    columnField = mapColumns(source.name(), names, schema, format.headerIgnoreCase(), format.ignoreExtraColumns());
    columns = columnField.length;
  }

  static int[] mapColumns(String object, List<String> header, Schema schema, boolean ignoreCase, boolean ignoreExtra) {
    Map<String, Integer> byName = new HashMap<>();
    for (int i = 0; i < schema.size(); i++) {
      String name = schema.field(i).name();
      Integer other = byName.put(ignoreCase ? name.toLowerCase(Locale.ROOT) : name, i);
      if (other != null) {
        throw new InvalidSchemaException("Cannot match the CSV header of '" + object + "' ignoring case: schema fields '"
            + schema.field(other).name() + "' and '" + name + "' differ only in case");
      }
    }
    int[] map = new int[header.size()];
    int[] columnOf = new int[schema.size()];
    Arrays.fill(columnOf, -1);
    List<String> extra = new ArrayList<>();
    for (int j = 0; j < map.length; j++) {
      String h = header.get(j);
      Integer i = byName.get(ignoreCase ? h.toLowerCase(Locale.ROOT) : h);
      if (i == null) {
        map[j] = -1;
        extra.add("'" + h + "' (column " + (j + 1) + ")");
        continue;
      }
      if (columnOf[i] >= 0) {
        throw new InvalidSchemaException("The CSV header of '" + object + "' names field '" + schema.field(i).name()
            + "' twice (columns " + (columnOf[i] + 1) + " and " + (j + 1) + "); header: " + header);
      }
      columnOf[i] = j;
      map[j] = i;
    }
    for (int i = 0; i < schema.size(); i++) {
      if (columnOf[i] < 0) {
        throw new InvalidSchemaException("Schema field '" + schema.field(i).name() + "' is not in the CSV header of '" + object
            + "'" + (ignoreCase ? " (compared ignoring case)" : " (names are compared exactly; headerIgnoreCase(true) ignores case)")
            + "; header: " + header);
      }
    }
    if (!extra.isEmpty() && !ignoreExtra) {
      throw new InvalidSchemaException("The CSV header of '" + object + "' has column" + (extra.size() > 1 ? "s " : " ")
          + String.join(", ", extra) + " that schema " + schema + " does not name; ignoreExtraColumns(true) skips them."
          + " Header: " + header);
    }
    return map;
  }

  /** CSV holds one value per field: nested types have no CSV form. */
  static Schema checked(Schema schema) {
    for (int i = 0; i < schema.size(); i++) {
      FieldType type = schema.field(i).type();
      if (type.isNested()) {
        throw new InvalidSchemaException("CSV cannot hold field '" + schema.field(i).name() + "' of type " + type
            + ": a CSV field is one value. Flatten it into fields of their own, or use JSON Lines (or Parquet)");
      }
    }
    return schema;
  }

  @Override
  public boolean next() throws IOException {
    while (true) {
      long at = in.position();
      if (at >= end || !readRecord()) {
        return false;
      }
      if (header && at == 0) {
        continue; // the header (read already if matched by name)
      }
      if (recordIsBlank() && columns != 1) {
        continue;
      }
      recordOffset = at;
      String reason = overlong ? "record is longer than " + MAX_RECORD_BYTES + " bytes (an unterminated quote?)"
          : error != null ? error : toRow();
      if (reason == null) {
        return true;
      }
      reportBad(at, reason);
    }
  }

  /** Fills the row from the fields of the current record; returns why it cannot, or null. */
  private String toRow() {
    if (fields != columns) {
      return "expected " + columns + " fields" + (columnField == null ? "" : " (as the header has)") + ", got " + fields
          + trailingHint();
    }
    row.clear();
    scratchLen = 0;
    byte[] buf = in.buf;
    int[] columnField = this.columnField;
    for (int j = 0; j < fields; j++) {
      int i = columnField == null ? j : columnField[j];
      if (i < 0) {
        continue;
      }
      int t = target[i];
      if (t < 0) {
        continue;
      }
      int s = starts[j];
      int len = ends[j] - s;
      FieldType type = types[i];
      Kind kind = type.kind();
      if (!quoted[j]) {
        int m = marker(s, len);
        if (m >= 0) {
          if (!nullable[i]) {
            return len == 0 ? "field " + fieldLabel(i) + " is empty but required"
                : "field " + fieldLabel(i) + " holds the null marker '" + new String(markers[m], StandardCharsets.UTF_8)
                    + "' but is required";
          }
          continue;
        }
      }
      if (len == 0 && kind != Kind.STRING && kind != Kind.BINARY) {
        if (!emptyIsNull) {
          return "field " + fieldLabel(i) + " (" + type + ") is empty, which is neither a value nor one of the null markers "
              + quotedMarkers() + " of this format";
        }
        if (!nullable[i]) {
          return "field " + fieldLabel(i) + " is empty but required";
        }
        continue;
      }
      if (kind == Kind.STRING) {
        String reason = escaped[j] ? unescapeInto(t, s, ends[j], i)
            : setText(row, t, buf, s, len, fieldLabel(i), true, s);
        if (reason != null) {
          return reason;
        }
        continue;
      }
      try {
        TextValues.parseInto(row, t, type, buf, s, len);
      } catch (ValueException e) {
        return "field " + fieldLabel(i) + " (" + type + "): " + e.getMessage();
      }
    }
    return null;
  }

  /** Why a record may have one field more or fewer than expected, when its delimiter at the end explains it. */
  private String trailingHint() {
    if (trailingDropped && fields + 1 == columns) {
      return " (the delimiter ending the record ends no field: this format has trailingDelimiter(true))";
    }
    int last = fields - 1;
    if (!trailingDelimiter && fields == columns + 1 && !quoted[last] && starts[last] == ends[last]) {
      return " (the last is empty: the record ends with the delimiter; trailingDelimiter(true) reads such records)";
    }
    return "";
  }

  private String quotedMarkers() {
    List<String> names = new ArrayList<>();
    for (byte[] m : markers) {
      names.add("'" + new String(m, StandardCharsets.UTF_8) + "'");
    }
    return names.toString();
  }

  private String unescapeInto(int t, int from, int to, int field) {
    if (scratch.length - scratchLen < to - from) {
      // a new array: slices of the old one, set for earlier fields of this record, stay valid
      scratch = Arrays.copyOf(scratch, Math.max(scratch.length * 2, scratchLen + to - from));
    }
    int start = scratchLen;
    byte[] buf = in.buf;
    int n = unescape(buf, from, to, scratch, start);
    scratchLen = n;
    int badAt = Utf8.firstMalformed(scratch, start, n - start);
    if (badAt >= 0 && !replaceMalformed) {
      // find the input byte of the malformed sequence: same content, minus the dropped escapes
      int k = start;
      int i = from;
      while (true) {
        if (buf[i] == esc && i + 1 < to) {
          i++;
        }
        if (k == badAt) {
          break;
        }
        i++;
        k++;
      }
      return malformed(fieldLabel(field), in.offsetOf(i), scratch, badAt, n);
    }
    return setText(row, t, scratch, start, n - start, fieldLabel(field), false, from);
  }

  /**
   * Reads one record's field bounds; false if the stream ended before one began. With a trailing delimiter,
   * drops the empty unquoted field after a delimiter that ends the record.
   */
  private boolean readRecord() throws IOException {
    trailingDropped = false;
    if (!readFields()) {
      return false;
    }
    int last = fields - 1;
    if (trailingDelimiter && last > 0 && error == null && !overlong && !quoted[last] && starts[last] == ends[last]) {
      fields = last;
      trailingDropped = true;
    }
    return true;
  }

  /** Reads one record's field bounds, as they are; false if the stream ended before one began. */
  private boolean readFields() throws IOException {
    fields = 0;
    error = null;
    overlong = false;
    ByteInput in = this.in;
    recStart = in.pos;
    int state = FIELD_START;
    int fieldStart = in.pos;
    boolean fieldEscaped = false;
    while (true) {
      if (in.pos == in.limit) {
        boolean got = more();
        int sh = in.shifted;
        fieldStart -= sh;
        for (int f = 0; f < fields; f++) {
          starts[f] -= sh;
          ends[f] -= sh;
        }
        if (!got) {
          int p = in.pos;
          recEnd = p;
          switch (state) {
            case FIELD_START -> {
              if (p == recStart && fields == 0) {
                return false;
              }
              addField(p, p, false, false);
            }
            case UNQUOTED -> addField(fieldStart, stripCr(fieldStart, p), false, false);
            case QUOTED, ESCAPED -> error = unterminated();
            case QUOTE_SEEN -> addField(fieldStart, p - 1, true, fieldEscaped);
            case QUOTE_CR -> addField(fieldStart, p - 2, true, fieldEscaped);
            default -> { } // SKIP: the error is set
          }
          return true;
        }
        continue;
      }
      byte[] buf = in.buf;
      int pos = in.pos;
      int limit = in.limit;
      switch (state) {
        case FIELD_START -> {
          if (buf[pos] == quote) {
            in.pos = pos + 1;
            fieldStart = pos + 1;
            fieldEscaped = false;
            state = QUOTED;
          } else {
            fieldStart = pos;
            state = UNQUOTED;
          }
        }
        case UNQUOTED -> {
          int p = pos;
          byte delim = this.delim;
          while (p < limit && buf[p] != delim && buf[p] != '\n') {
            p++;
          }
          in.pos = p;
          if (p == limit) {
            continue;
          }
          in.pos = p + 1;
          if (buf[p] == delim) {
            addField(fieldStart, p, false, false);
            state = FIELD_START;
          } else {
            addField(fieldStart, stripCr(fieldStart, p), false, false);
            recEnd = p + 1;
            return true;
          }
        }
        case QUOTED -> {
          int p = pos;
          byte quote = this.quote;
          byte esc = this.esc;
          if (!hasEscape) {
            if (newlinesInQuotes) {
              while (p < limit && buf[p] != quote) {
                p++;
              }
            } else {
              while (p < limit && buf[p] != quote && buf[p] != '\n') {
                p++;
              }
            }
          } else if (newlinesInQuotes) {
            while (p < limit && buf[p] != quote && buf[p] != esc) {
              p++;
            }
          } else {
            while (p < limit && buf[p] != quote && buf[p] != esc && buf[p] != '\n') {
              p++;
            }
          }
          in.pos = p;
          if (p == limit) {
            continue;
          }
          in.pos = p + 1;
          if (buf[p] == quote) {
            state = QUOTE_SEEN;
          } else if (buf[p] == esc) {
            fieldEscaped = true;
            state = ESCAPED;
          } else {
            error = unterminated();
            recEnd = p + 1;
            return true;
          }
        }
        case ESCAPED -> {
          in.pos = pos + 1;
          if (buf[pos] == '\n' && !newlinesInQuotes) {
            error = unterminated();
            recEnd = pos + 1;
            return true;
          }
          state = QUOTED;
        }
        case QUOTE_SEEN, QUOTE_CR -> {
          byte c = buf[pos];
          in.pos = pos + 1;
          if (state == QUOTE_SEEN && c == quote && !hasEscape) {
            fieldEscaped = true;
            state = QUOTED;
          } else if (state == QUOTE_SEEN && c == delim) {
            addField(fieldStart, pos - 1, true, fieldEscaped);
            state = FIELD_START;
          } else if (c == '\n') {
            addField(fieldStart, pos - (state == QUOTE_SEEN ? 1 : 2), true, fieldEscaped);
            recEnd = pos + 1;
            return true;
          } else if (state == QUOTE_SEEN && c == '\r') {
            state = QUOTE_CR;
          } else {
            error = "unexpected character after the closing quote of field " + columnLabel(fields)
                + (c == quote ? " (a quote inside quotes is escaped with '" + (char) esc + "' in this format, not doubled)" : "");
            state = SKIP;
          }
        }
        default -> { // SKIP
          int p = pos;
          while (p < limit && buf[p] != '\n') {
            p++;
          }
          in.pos = Math.min(p + 1, limit);
          if (p < limit) {
            recEnd = p + 1;
            return true;
          }
        }
      }
    }
  }

  private String unterminated() {
    return "unterminated quoted field " + columnLabel(fields)
        + (newlinesInQuotes ? " (it runs to the end of the input)" : " (the line ends inside quotes; this format has newlinesInQuotes(false))");
  }

  /** The label of column {@code j}: its schema field's name, or {@code #n} for a column of none. */
  private String columnLabel(int j) {
    if (columnField == null) {
      return fieldLabel(j);
    }
    return j < columnField.length && columnField[j] >= 0 ? fieldLabel(columnField[j]) : "#" + (j + 1);
  }

  private int stripCr(int from, int to) {
    return to > from && to > 0 && in.buf[to - 1] == '\r' ? to - 1 : to;
  }

  private void addField(int start, int end, boolean isQuoted, boolean isEscaped) {
    if (fields == starts.length) {
      int n = fields * 2;
      starts = Arrays.copyOf(starts, n);
      ends = Arrays.copyOf(ends, n);
      quoted = Arrays.copyOf(quoted, n);
      escaped = Arrays.copyOf(escaped, n);
    }
    starts[fields] = start;
    ends[fields] = Math.max(start, end);
    quoted[fields] = isQuoted;
    escaped[fields] = isEscaped;
    fields++;
  }
}
