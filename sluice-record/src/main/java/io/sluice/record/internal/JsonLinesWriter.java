package io.sluice.record.internal;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.StreamWriteFeature;
import io.sluice.record.FieldType;
import io.sluice.record.Row;
import io.sluice.record.Schema;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/** Writes JSON Lines, nesting dotted field names into objects again so that they read back equal. */
public final class JsonLinesWriter extends BaseWriter {
  private static final JsonFactory FACTORY = JsonFactory.builder()
      .enable(StreamWriteFeature.WRITE_BIGDECIMAL_AS_PLAIN)
      .disable(StreamWriteFeature.FLUSH_PASSED_TO_STREAM)
      .build();

  private final CountingStream counted;
  private final JsonGenerator gen;
  private final FieldTree tree;
  private final FieldType[] types;
  private final byte[] scratch = new byte[64];

  public JsonLinesWriter(OutputStream out, Schema schema) {
    super(schema);
    this.tree = new FieldTree(schema);
    this.types = new FieldType[schema.size()];
    for (int i = 0; i < types.length; i++) {
      types[i] = schema.field(i).type();
    }
    this.counted = new CountingStream(out);
    try {
      this.gen = FACTORY.createGenerator(counted);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    gen.setRootValueSeparator(null);
  }

  @Override
  public void write(Row row) throws IOException {
    checkSchema(row);
    for (int i = 0; i < types.length; i++) {
      if (!nullable[i] && row.isNull(i)) {
        throw requiredNull(i);
      }
    }
    gen.writeStartObject();
    writeMembers(tree.root, row);
    gen.writeEndObject();
    gen.writeRaw('\n');
    records++;
  }

  private void writeMembers(FieldTree.Node node, Row row) throws IOException {
    for (FieldTree.Node child : node.children.values()) {
      gen.writeFieldName(child.name);
      if (!child.isLeaf()) {
        gen.writeStartObject();
        writeMembers(child, row);
        gen.writeEndObject();
        continue;
      }
      int i = child.index;
      if (row.isNull(i)) {
        gen.writeNull();
        continue;
      }
      FieldType type = types[i];
      switch (type.kind()) {
        case STRING -> gen.writeString(row.getString(i));
        case INT32, INT64 -> gen.writeNumber(row.getLong(i));
        case FLOAT64 -> gen.writeNumber(row.getDouble(i));
        case BOOLEAN -> gen.writeBoolean(row.getBoolean(i));
        case DATE -> gen.writeString(ascii(TextValues.putDate(row.getInt(i), scratch, 0)));
        case TIMESTAMP -> gen.writeString(ascii(TextValues.putTimestamp(row.getLong(i), scratch, 0)));
        case DECIMAL -> {
          if (type.isLongDecimal()) {
            gen.writeNumber(ascii(TextValues.putDecimal(row.getDecimalUnscaled(i), type.scale(), scratch, 0)));
          } else {
            gen.writeNumber(row.getDecimal(i));
          }
        }
      }
    }
  }

  private String ascii(int len) {
    return new String(scratch, 0, len, StandardCharsets.ISO_8859_1);
  }

  @Override
  public long bytesWritten() {
    try {
      gen.flush(); // into the counter only: FLUSH_PASSED_TO_STREAM is off
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return counted.count;
  }

  @Override
  public void close() throws IOException {
    gen.close();
    counted.close();
  }

  private static final class CountingStream extends FilterOutputStream {
    long count;

    CountingStream(OutputStream out) {
      super(out);
    }

    @Override
    public void write(int b) throws IOException {
      out.write(b);
      count++;
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
      out.write(b, off, len);
      count += len;
    }
  }
}
