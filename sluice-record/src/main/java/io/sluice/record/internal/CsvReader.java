package io.sluice.record.internal;

import io.sluice.record.BadRecordPolicy;
import io.sluice.record.CsvFormat;
import io.sluice.record.FieldType;
import io.sluice.record.FieldType.Kind;
import io.sluice.record.RecordSource;
import io.sluice.record.Schema;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * Reads CSV records (RFC 4180) straight from bytes: one pass copies a record into a buffer while
 * noting where each field's content starts and ends; fields are then parsed in place by type. Only
 * strings become Strings.
 */
public final class CsvReader extends BaseReader {
  private static final int FIELD_START = 0;
  private static final int UNQUOTED = 1;
  private static final int QUOTED = 2;
  private static final int QUOTE_SEEN = 3; // a quote inside a quoted field: closing, or the first of a pair
  private static final int QUOTE_CR = 4; // \r after a closing quote
  private static final int SKIP = 5; // malformed: skip to the end of the line

  private final byte delim;
  private final byte quote;
  private final boolean newlinesInQuotes;
  private final boolean header;
  private final FieldType[] types;
  private final boolean[] nullable;

  private int[] starts = new int[16];
  private int[] ends = new int[16];
  private boolean[] quoted = new boolean[16];
  private boolean[] escaped = new boolean[16];
  private int fields;
  private String error;

  public CsvReader(CsvFormat format, RecordSource source, Schema schema, BadRecordPolicy policy) throws IOException {
    super(source, schema, policy);
    this.delim = (byte) format.delimiter();
    this.quote = (byte) format.quote();
    this.newlinesInQuotes = format.newlinesInQuotes();
    this.header = format.header();
    this.types = new FieldType[schema.size()];
    this.nullable = new boolean[schema.size()];
    for (int i = 0; i < types.length; i++) {
      types[i] = schema.field(i).type();
      nullable[i] = schema.field(i).nullable();
    }
  }

  @Override
  public boolean next() throws IOException {
    while (true) {
      long at = in.position();
      if (at >= end || !readRecord()) {
        return false;
      }
      if (header && at == 0) {
        continue;
      }
      boolean blank = fields == 1 && error == null && !quoted[0] && starts[0] == ends[0];
      if (blank && types.length != 1) {
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
    if (fields != types.length) {
      return "expected " + types.length + " fields, got " + fields;
    }
    row.clear();
    for (int i = 0; i < fields; i++) {
      int s = starts[i];
      int len = ends[i] - s;
      FieldType type = types[i];
      if (len == 0 && (!quoted[i] || type.kind() != Kind.STRING)) {
        if (!nullable[i]) {
          return "field " + fieldLabel(i) + " is empty but required";
        }
        continue;
      }
      if (type.kind() == Kind.STRING) {
        row.setString(i, escaped[i] ? unescape(s, ends[i]) : new String(rec, s, len, StandardCharsets.UTF_8));
        continue;
      }
      try {
        TextValues.parseInto(row, i, type, rec, s, len);
      } catch (ValueException e) {
        return "field " + fieldLabel(i) + " (" + type + "): " + e.getMessage();
      }
    }
    return null;
  }

  private String unescape(int from, int to) {
    byte[] out = new byte[to - from];
    int n = 0;
    for (int i = from; i < to; i++) {
      out[n++] = rec[i];
      if (rec[i] == quote) {
        i++; // the second quote of a pair
      }
    }
    return new String(out, 0, n, StandardCharsets.UTF_8);
  }

  /** Reads one record into {@link #rec} and the field arrays; false if the stream ended before one began. */
  private boolean readRecord() throws IOException {
    recLen = 0;
    fields = 0;
    error = null;
    overlong = false;
    int state = FIELD_START;
    int fieldStart = 0;
    boolean fieldEscaped = false;
    ByteInput in = this.in;
    while (true) {
      if (in.pos == in.limit && !in.fill()) {
        switch (state) {
          case FIELD_START -> {
            if (recLen == 0) {
              return false;
            }
            addField(recLen, recLen, false, false);
          }
          case UNQUOTED -> addField(fieldStart, stripCr(fieldStart, recLen), false, false);
          case QUOTED -> error = unterminated();
          case QUOTE_SEEN -> addField(fieldStart, recLen - 1, true, fieldEscaped);
          case QUOTE_CR -> addField(fieldStart, recLen - 2, true, fieldEscaped);
          default -> { } // SKIP: the error is set
        }
        return true;
      }
      byte[] buf = in.buf;
      int pos = in.pos;
      int limit = in.limit;
      switch (state) {
        case FIELD_START -> {
          fieldStart = recLen;
          if (buf[pos] == quote) {
            append(quote);
            in.pos = pos + 1;
            fieldStart = recLen;
            fieldEscaped = false;
            state = QUOTED;
          } else {
            state = UNQUOTED;
          }
        }
        case UNQUOTED -> {
          int p = pos;
          byte delim = this.delim;
          while (p < limit && buf[p] != delim && buf[p] != '\n') {
            p++;
          }
          if (p == limit) {
            append(buf, pos, p - pos);
            in.pos = p;
            continue;
          }
          append(buf, pos, p + 1 - pos);
          in.pos = p + 1;
          if (buf[p] == delim) {
            addField(fieldStart, recLen - 1, false, false);
            state = FIELD_START;
          } else {
            addField(fieldStart, stripCr(fieldStart, recLen - 1), false, false);
            return true;
          }
        }
        case QUOTED -> {
          int p = pos;
          byte quote = this.quote;
          boolean stopAtNewline = !newlinesInQuotes;
          while (p < limit && buf[p] != quote && (buf[p] != '\n' || !stopAtNewline)) {
            p++;
          }
          if (p == limit) {
            append(buf, pos, p - pos);
            in.pos = p;
            continue;
          }
          append(buf, pos, p + 1 - pos);
          in.pos = p + 1;
          if (buf[p] == quote) {
            state = QUOTE_SEEN;
          } else {
            error = unterminated();
            return true;
          }
        }
        case QUOTE_SEEN, QUOTE_CR -> {
          byte c = buf[pos];
          in.pos = pos + 1;
          append(c);
          if (state == QUOTE_SEEN && c == quote) {
            fieldEscaped = true;
            state = QUOTED;
          } else if (state == QUOTE_SEEN && c == delim) {
            addField(fieldStart, recLen - 2, true, fieldEscaped);
            state = FIELD_START;
          } else if (c == '\n') {
            addField(fieldStart, recLen - (state == QUOTE_SEEN ? 2 : 3), true, fieldEscaped);
            return true;
          } else if (state == QUOTE_SEEN && c == '\r') {
            state = QUOTE_CR;
          } else {
            error = "unexpected character after the closing quote of field " + fieldLabel(fields);
            state = SKIP;
          }
        }
        default -> { // SKIP
          int p = pos;
          while (p < limit && buf[p] != '\n') {
            p++;
          }
          append(buf, pos, Math.min(p + 1, limit) - pos);
          in.pos = Math.min(p + 1, limit);
          if (p < limit) {
            return true;
          }
        }
      }
    }
  }

  private String unterminated() {
    return "unterminated quoted field " + fieldLabel(fields)
        + (newlinesInQuotes ? " (it runs to the end of the input)" : " (the line ends inside quotes; this format has newlinesInQuotes(false))");
  }

  private int stripCr(int from, int to) {
    return to > from && rec[to - 1] == '\r' ? to - 1 : to;
  }

  private void addField(int start, int end, boolean isQuoted, boolean isEscaped) {
    if (fields == starts.length) {
      int n = fields * 2;
      starts = java.util.Arrays.copyOf(starts, n);
      ends = java.util.Arrays.copyOf(ends, n);
      quoted = java.util.Arrays.copyOf(quoted, n);
      escaped = java.util.Arrays.copyOf(escaped, n);
    }
    starts[fields] = start;
    ends[fields] = Math.min(end, recLen);
    quoted[fields] = isQuoted;
    escaped[fields] = isEscaped;
    fields++;
  }
}
