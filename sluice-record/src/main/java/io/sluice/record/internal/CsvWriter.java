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
 * Writes CSV that {@link CsvReader} reads back equal: null as an empty field, the empty string as
 * {@code ""}, fields quoted only when they hold the delimiter, the quote or a line break, records ended
 * by {@code \n}.
 */
public final class CsvWriter extends BaseWriter {
  private final ByteSink out;
  private final byte delim;
  private final char quote;
  private final char delimChar;
  private final boolean newlinesInQuotes;
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
    this.newlinesInQuotes = format.newlinesInQuotes();
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
        out.write('\n');
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
        continue;
      }
      out.ensure(64);
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
    }
    out.write('\n');
    records++;
  }

  /** Copies a string field's UTF-8 bytes (no String is built for a row read from text), quoting them if needed. */
  private void writeText(Row row, int field) throws IOException {
    int len = row.byteLength(field);
    if (len > text.length) {
      text = new byte[Math.max(len, text.length * 2)];
    }
    byte[] t = text;
    row.copyBytes(field, t, 0);
    boolean special = len == 0;
    boolean quotes = false;
    byte q = (byte) quote;
    for (int i = 0; i < len; i++) {
      byte c = t[i];
      if (c == delim || c == '\r') {
        special = true;
      } else if (c == q) {
        special = true;
        quotes = true;
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
        if (t[i] == q) {
          out.write(t, from, i + 1 - from);
          out.write(q);
          from = i + 1;
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
    for (int i = 0; i < n; i++) {
      char c = s.charAt(i);
      if (c == delimChar || c == '\r') {
        special = true;
      } else if (c == quote) {
        special = true;
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
        if (s.charAt(i) == quote) {
          out.writeUtf8(s, from, i + 1);
          out.write(quote);
          from = i + 1;
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
