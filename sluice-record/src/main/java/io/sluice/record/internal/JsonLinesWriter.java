package io.sluice.record.internal;

import io.sluice.record.FieldType;
import io.sluice.record.FieldType.Kind;
import io.sluice.record.MutableRow;
import io.sluice.record.Row;
import io.sluice.record.Schema;
import java.io.IOException;
import java.io.OutputStream;
import java.util.List;
import java.util.Map;

/**
 * Writes JSON Lines straight into its one output buffer, nesting dotted field names into objects again
 * (and STRUCT, LIST and MAP values as objects and arrays) so that they read back equal. Strings are
 * copied as UTF-8 bytes with the escapes JSON needs ({@code "}, {@code \}, control characters); no
 * String is built for a row read from text.
 */
public final class JsonLinesWriter extends BaseWriter {
  private static final byte[] NULL = {'n', 'u', 'l', 'l'};
  private static final byte[] HEX = "0123456789abcdef".getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);

  private final ByteSink out;
  private final FieldTree tree;
  private byte[] text = new byte[256];

  /** Writes to {@code out} through one buffer of its own (see {@link ByteSink}). */
  public JsonLinesWriter(OutputStream out, Schema schema, String separator) {
    super(schema);
    this.tree = new FieldTree(schema, separator);
    this.out = new ByteSink(out);
  }

  @Override
  public void write(Row row) throws IOException {
    checkSchema(row);
    for (int i = 0; i < nullable.length; i++) {
      if (!nullable[i] && row.isNull(i)) {
        throw requiredNull(i);
      }
    }
    writeObject(tree.root, row);
    out.write('\n');
    records++;
  }

  private void writeObject(FieldTree.Node node, Row row) throws IOException {
    out.write('{');
    boolean first = true;
    for (FieldTree.Node child : node.children.values()) {
      if (!first) {
        out.write(',');
      }
      first = false;
      out.write('"');
      escape(child.nameBytes, 0, child.nameBytes.length);
      out.write('"');
      out.write(':');
      if (child.isLeaf()) {
        writeValue(child.slot, row, child.index);
      } else {
        writeObject(child, row);
      }
    }
    out.write('}');
  }

  private void writeValue(FieldTree.Slot slot, Row row, int i) throws IOException {
    if (row.isNull(i)) {
      out.write(NULL, 0, NULL.length);
      return;
    }
    FieldType type = slot.type;
    ByteSink out = this.out;
    out.ensure(64);
    switch (type.kind()) {
      case STRING -> writeText(row, i);
      case INT8, INT16, INT32, INT64 -> out.n = TextValues.putLong(row.getLong(i), out.buf, out.n);
      case FLOAT64 -> {
        double d = row.getDouble(i);
        if (Double.isFinite(d)) {
          out.n = TextValues.putDouble(d, out.buf, out.n);
        } else {
          quoted(Double.toString(d));
        }
      }
      case FLOAT32 -> {
        float f = row.getFloat(i);
        String s = Float.toString(f);
        if (Float.isFinite(f)) {
          out.writeUtf8(s, 0, s.length());
        } else {
          quoted(s);
        }
      }
      case BOOLEAN -> {
        String b = row.getBoolean(i) ? "true" : "false";
        out.writeUtf8(b, 0, b.length());
      }
      case DATE -> {
        out.write('"');
        out.n = TextValues.putDate(row.getInt(i), out.buf, out.n);
        out.write('"');
      }
      case TIME -> {
        out.write('"');
        out.n = TextValues.putTime(row.getLong(i), out.buf, out.n);
        out.write('"');
      }
      case TIMESTAMP -> {
        out.write('"');
        out.n = TextValues.putTimestamp(row.getLong(i), out.buf, out.n);
        out.write('"');
      }
      case LOCAL_TIMESTAMP -> {
        out.write('"');
        out.n = TextValues.putLocalTimestamp(row.getLong(i), out.buf, out.n);
        out.write('"');
      }
      case DECIMAL -> {
        if (type.isLongDecimal()) {
          out.n = TextValues.putDecimal(row.getDecimalUnscaled(i), type.scale(), out.buf, out.n);
        } else {
          String s = row.getDecimal(i).toPlainString();
          out.writeUtf8(s, 0, s.length());
        }
      }
      case BINARY -> {
        byte[] b64 = java.util.Base64.getEncoder().encode(row.getBinary(i));
        out.write('"');
        out.write(b64, 0, b64.length);
        out.write('"');
      }
      case STRUCT -> writeObject(slot.struct.root, row.getStruct(i));
      case LIST -> {
        out.write('[');
        List<?> list = row.getList(i);
        MutableRow holder = slot.element.holder;
        for (int k = 0; k < list.size(); k++) {
          if (k > 0) {
            out.write(',');
          }
          holder.set(0, list.get(k));
          writeValue(slot.element, holder, 0);
        }
        holder.setNull(0);
        out.write(']');
      }
      case MAP -> {
        out.write('{');
        boolean first = true;
        MutableRow keys = slot.key.holder;
        MutableRow values = slot.element.holder;
        for (Map.Entry<?, ?> e : row.getMap(i).entrySet()) {
          if (!first) {
            out.write(',');
          }
          first = false;
          keys.set(0, e.getKey());
          if (slot.key.type.kind() == Kind.STRING) {
            writeText(keys, 0);
          } else {
            // a member name is a string: the key's text form, quoted
            out.write('"');
            writeUnquotedScalar(slot.key, keys);
            out.write('"');
          }
          out.write(':');
          values.set(0, e.getValue());
          writeValue(slot.element, values, 0);
        }
        keys.setNull(0);
        values.setNull(0);
        out.write('}');
      }
    }
  }

  /** A map key that is not a string: its value without the quotes JSON would give a date or a time. */
  private void writeUnquotedScalar(FieldTree.Slot slot, MutableRow keys) throws IOException {
    Object key = keys.get(0);
    String s = switch (slot.type.kind()) {
      case TIMESTAMP, DATE, TIME, LOCAL_TIMESTAMP -> {
        byte[] tmp = new byte[48];
        int n = switch (slot.type.kind()) {
          case DATE -> TextValues.putDate(keys.getInt(0), tmp, 0);
          case TIME -> TextValues.putTime(keys.getLong(0), tmp, 0);
          case TIMESTAMP -> TextValues.putTimestamp(keys.getLong(0), tmp, 0);
          default -> TextValues.putLocalTimestamp(keys.getLong(0), tmp, 0);
        };
        yield new String(tmp, 0, n, java.nio.charset.StandardCharsets.ISO_8859_1);
      }
      case DECIMAL -> keys.getDecimal(0).toPlainString();
      default -> String.valueOf(key);
    };
    byte[] b = s.getBytes(java.nio.charset.StandardCharsets.UTF_8);
    escape(b, 0, b.length);
  }

  private void quoted(String ascii) throws IOException {
    out.write('"');
    out.writeUtf8(ascii, 0, ascii.length());
    out.write('"');
  }

  /** A string field as a JSON string: its UTF-8 bytes, copied, with what JSON must escape escaped. */
  private void writeText(Row row, int i) throws IOException {
    int len = row.byteLength(i);
    if (len > text.length) {
      text = new byte[Math.max(len, text.length * 2)];
    }
    row.copyBytes(i, text, 0);
    out.write('"');
    escape(text, 0, len);
    out.write('"');
  }

  private void escape(byte[] b, int off, int len) throws IOException {
    int from = off;
    int end = off + len;
    for (int k = off; k < end; k++) {
      byte c = b[k];
      if (c == '"' || c == '\\' || (c >= 0 && c < 0x20)) {
        out.write(b, from, k - from);
        from = k + 1;
        out.write('\\');
        switch (c) {
          case '"', '\\' -> out.write(c);
          case '\n' -> out.write('n');
          case '\r' -> out.write('r');
          case '\t' -> out.write('t');
          case '\b' -> out.write('b');
          case '\f' -> out.write('f');
          default -> {
            out.write('u');
            out.write('0');
            out.write('0');
            out.write(HEX[c >> 4]);
            out.write(HEX[c & 0xF]);
          }
        }
      }
    }
    out.write(b, from, end - from);
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
