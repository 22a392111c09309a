package io.sluice.record.internal;

import io.sluice.record.CsvFormat;
import io.sluice.record.FieldType;
import io.sluice.record.FieldType.Kind;
import io.sluice.record.Row;
import io.sluice.record.Schema;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;

/**
 * Writes CSV that {@link CsvReader} reads back equal: null as the first null marker (an empty field by
 * default), the empty string as {@code ""}, fields quoted only when they hold the delimiter, the quote
 * or a line break, or equal a null marker; inside quotes, quotes doubled or, with an escape character,
 * the quote and the escape escaped. Records end with {@code \n}, after a delimiter if the format has a
 * {@linkplain CsvFormat#trailingDelimiter() trailing delimiter}.
 */
public final class CsvWriter extends BaseWriter {
  private final ByteSink out;
  private final byte delim;
  private final char quote;
  private final char delimChar;
  /** The escape character, or the quote if quotes are doubled. */
  private final byte esc;
  private final byte[] nullText;
  /** The null markers as UTF-8, when some is not empty (else null: no value's text can equal one but "", always quoted). */
  private final byte[][] markers;
  private final int maxMarker;
  private final boolean newlinesInQuotes;
  private final boolean trailingDelimiter;
  private final Kind[] kinds;
  private final int[] scales;
  private byte[] text = new byte[256];

  /** Writes to {@code stream} through one buffer of its own (see {@link ByteSink}). */
  public CsvWriter(CsvFormat format, OutputStream stream, Schema schema) {
    super(CsvReader.checked(schema));
    this.out = new ByteSink(stream);
    this.delimChar = format.delimiter();
    this.delim = (byte) delimChar;
    this.quote = format.quote();
    this.esc = (byte) (char) format.escape().orElse(format.quote());
    java.util.List<String> nulls = format.nullStrings();
    this.nullText = nulls.get(0).getBytes(java.nio.charset.StandardCharsets.UTF_8);
    byte[][] m = new byte[nulls.size()][];
    int max = 0;
    for (int k = 0; k < m.length; k++) {
      m[k] = nulls.get(k).getBytes(java.nio.charset.StandardCharsets.UTF_8);
      max = Math.max(max, m[k].length);
    }
    this.markers = max == 0 ? null : m;
    this.maxMarker = max;
    this.newlinesInQuotes = format.newlinesInQuotes();
    this.trailingDelimiter = format.trailingDelimiter();
    this.kinds = new Kind[schema.size()];
    this.scales = new int[schema.size()];
    for (int i = 0; i < kinds.length; i++) {
      kinds[i] = schema.field(i).type().kind();
      scales[i] = schema.field(i).type().scale();
    }
    if (format.header()) {
      try {
        for (int i = 0; i < kinds.length; i++) {
          if (i > 0) {
            out.write(delim);
          }
          writeString(schema.field(i).name(), i);
        }
        endRecord();
      } catch (IOException e) {
        throw new UncheckedIOException("Cannot write the CSV header", e);
      }
    }
  }

  @Override
  public void write(Row row) throws IOException {
    checkSchema(row);
    ByteSink out = this.out;
    for (int i = 0; i < kinds.length; i++) {
      if (i > 0) {
        out.write(delim);
      }
      if (row.isNull(i)) {
        if (!nullable[i]) {
          throw requiredNull(i);
        }
        if (nullText.length > 0) {
          out.write(nullText, 0, nullText.length);
        }
        continue;
      }
      out.ensure(64);
      long before = out.count();
      int at = out.n;
      switch (kinds[i]) {
        case STRING -> writeText(row, i);
        case INT32, INT64, INT16, INT8 -> out.n = TextValues.putLong(row.getLong(i), out.buf, out.n);
        case FLOAT64 -> out.n = TextValues.putDouble(row.getDouble(i), out.buf, out.n);
        case FLOAT32 -> {
          String f = Float.toString(row.getFloat(i));
          out.writeUtf8(f, 0, f.length());
        }
        case BOOLEAN -> {
          String b = row.getBoolean(i) ? "true" : "false";
          out.writeUtf8(b, 0, b.length());
        }
        case DATE -> out.n = TextValues.putDate(row.getInt(i), out.buf, out.n);
        case TIME -> out.n = TextValues.putTime(row.getLong(i), out.buf, out.n);
        case TIMESTAMP -> out.n = TextValues.putTimestamp(row.getLong(i), out.buf, out.n);
        case LOCAL_TIMESTAMP -> out.n = TextValues.putLocalTimestamp(row.getLong(i), out.buf, out.n);
        case BINARY -> {
          byte[] b64 = java.util.Base64.getEncoder().encode(row.getBinary(i));
          if (b64.length == 0) {
            out.write(quote); // "" is the empty value, as for strings; an empty field is null
            out.write(quote);
          }
          out.write(b64, 0, b64.length);
        }
        case DECIMAL -> {
          FieldType type = schema.field(i).type();
          if (type.isLongDecimal()) {
            out.n = TextValues.putDecimal(row.getDecimalUnscaled(i), scales[i], out.buf, out.n);
          } else {
            String s = row.getDecimal(i).toPlainString();
            out.writeUtf8(s, 0, s.length());
          }
        }
        case STRUCT, LIST, MAP -> throw new IllegalStateException("refused when the writer was built");
      }
      if (markers != null && kinds[i] != Kind.STRING) {
        quoteIfMarker(before, at);
      }
    }
    endRecord();
    records++;
  }

  private void endRecord() throws IOException {
    if (trailingDelimiter) {
      out.write(delim);
    }
    out.write('\n');
  }

  /** Quotes the value just written at {@code out.buf[at, out.n)} if its text equals a null marker. */
  private void quoteIfMarker(long before, int at) throws IOException {
    int len = out.n - at;
    if (len > maxMarker || out.count() - before != len || !isMarker(out.buf, at, len)) {
      return; // (written past the buffer only if longer than 64 bytes, so longer than any marker that matters)
    }
    byte[] value = java.util.Arrays.copyOfRange(out.buf, at, out.n);
    out.n = at;
    out.write(quote);
    out.write(value, 0, value.length);
    out.write(quote);
  }

  private boolean isMarker(byte[] b, int off, int len) {
    for (byte[] m : markers) {
      if (m.length == len && java.util.Arrays.equals(m, 0, len, b, off, off + len)) {
        return true;
      }
    }
    return false;
  }

  /** Copies a string field's UTF-8 bytes (no String is built for a row read from text), quoting them if needed. */
  private void writeText(Row row, int field) throws IOException {
    int len = row.byteLength(field);
    if (len > text.length) {
      text = new byte[Math.max(len, text.length * 2)];
    }
    byte[] t = text;
    row.copyBytes(field, t, 0);
    boolean special = len == 0 || (markers != null && len <= maxMarker && isMarker(t, 0, len));
    boolean quotes = false;
    byte q = (byte) quote;
    byte esc = this.esc;
    for (int i = 0; i < len; i++) {
      byte c = t[i];
      if (c == delim || c == '\r') {
        special = true;
      } else if (c == q) {
        special = true;
        quotes = true;
      } else if (c == esc) {
        quotes = true; // escaped if the field is quoted for another reason
      } else if (c == '\n') {
        if (!newlinesInQuotes) {
          throw lineBreakRefused(field);
        }
        special = true;
      }
    }
    if (!special) {
      out.write(t, 0, len);
      return;
    }
    out.write(q);
    int from = 0;
    if (quotes) {
      for (int i = 0; i < len; i++) {
        if (t[i] == q || t[i] == esc) {
          out.write(t, from, i - from);
          out.write(esc); // the escape, or the first quote of a pair
          from = i;
        }
      }
    }
    out.write(t, from, len - from);
    out.write(q);
  }

  private IllegalArgumentException lineBreakRefused(int field) {
    return new IllegalArgumentException("Field '" + schema.field(field).name() + "' of row " + (records + 1)
        + " holds a line break, which CSV with newlinesInQuotes(false) cannot hold");
  }

  private void writeString(String s, int field) throws IOException {
    int n = s.length();
    boolean special = n == 0;
    boolean quotes = false;
    char esc = (char) this.esc;
    for (int i = 0; i < n; i++) {
      char c = s.charAt(i);
      if (c == delimChar || c == '\r') {
        special = true;
      } else if (c == quote) {
        special = true;
        quotes = true;
      } else if (c == esc) {
        quotes = true;
      } else if (c == '\n') {
        if (!newlinesInQuotes) {
          throw lineBreakRefused(field);
        }
        special = true;
      }
    }
    if (!special) {
      out.writeUtf8(s, 0, n);
      return;
    }
    out.write(quote);
    int from = 0;
    if (quotes) {
      for (int i = 0; i < n; i++) {
        if (s.charAt(i) == quote || s.charAt(i) == esc) {
          out.writeUtf8(s, from, i);
          out.write(esc);
          from = i;
        }
      }
    }
    out.writeUtf8(s, from, n);
    out.write(quote);
  }

  @Override
  public long bytesWritten() {
    return out.count();
  }

  @Override
  public void close() throws IOException {
    out.close();
  }
}
