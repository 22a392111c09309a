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
  private final byte[] scratch = new byte[64];

  public CsvWriter(CsvFormat format, OutputStream stream, Schema schema) {
    super(schema);
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
      switch (kinds[i]) {
        case STRING -> writeString(row.getString(i), i);
        case INT32, INT64 -> out.writeLong(row.getLong(i));
        case FLOAT64 -> {
          String d = Double.toString(row.getDouble(i));
          out.writeUtf8(d, 0, d.length());
        }
        case BOOLEAN -> {
          String b = row.getBoolean(i) ? "true" : "false";
          out.writeUtf8(b, 0, b.length());
        }
        case DATE -> out.write(scratch, 0, TextValues.putDate(row.getInt(i), scratch, 0));
        case TIMESTAMP -> out.write(scratch, 0, TextValues.putTimestamp(row.getLong(i), scratch, 0));
        case DECIMAL -> {
          FieldType type = schema.field(i).type();
          if (type.isLongDecimal()) {
            out.write(scratch, 0, TextValues.putDecimal(row.getDecimalUnscaled(i), scales[i], scratch, 0));
          } else {
            String s = row.getDecimal(i).toPlainString();
            out.writeUtf8(s, 0, s.length());
          }
        }
      }
    }
    out.write('\n');
    records++;
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
          throw new IllegalArgumentException("Field '" + schema.field(field).name() + "' of row " + (records + 1)
              + " holds a line break, which CSV with newlinesInQuotes(false) cannot hold");
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
