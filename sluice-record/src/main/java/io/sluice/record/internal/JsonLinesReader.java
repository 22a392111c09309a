package io.sluice.record.internal;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sluice.record.BadRecordPolicy;
import io.sluice.record.FieldType;
import io.sluice.record.RecordSource;
import io.sluice.record.Schema;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/** Reads JSON Lines: one object per line, nested members flattened to dotted field names (see {@link FieldTree}). */
public final class JsonLinesReader extends BaseReader {
  /** Immutable once built, so shared; used only to parse (and to re-serialize objects into STRING fields). */
  private static final ObjectMapper MAPPER = new ObjectMapper();

  private final FieldTree tree;
  private final FieldType[] types;

  public JsonLinesReader(RecordSource source, Schema schema, BadRecordPolicy policy) throws IOException {
    super(source, schema, policy);
    this.tree = new FieldTree(schema);
    this.types = new FieldType[schema.size()];
    for (int i = 0; i < types.length; i++) {
      types[i] = schema.field(i).type();
    }
  }

  @Override
  public boolean next() throws IOException {
    while (true) {
      long at = in.position();
      if (at >= end || !readLine()) {
        return false;
      }
      if (isBlank()) {
        continue;
      }
      recordOffset = at;
      String reason = overlong ? "record is longer than " + MAX_RECORD_BYTES + " bytes" : toRow();
      if (reason == null) {
        return true;
      }
      reportBad(at, reason);
    }
  }

  private boolean readLine() throws IOException {
    recLen = 0;
    overlong = false;
    ByteInput in = this.in;
    while (in.pos < in.limit || in.fill()) {
      byte[] buf = in.buf;
      int p = in.pos;
      int limit = in.limit;
      while (p < limit && buf[p] != '\n') {
        p++;
      }
      int stop = p < limit ? p + 1 : p;
      append(buf, in.pos, stop - in.pos);
      in.pos = stop;
      if (p < limit) {
        return true;
      }
    }
    return recLen > 0;
  }

  private boolean isBlank() {
    for (int i = 0; i < recLen; i++) {
      byte c = rec[i];
      if (c != ' ' && c != '\t' && c != '\r' && c != '\n') {
        return false;
      }
    }
    return true;
  }

  private String toRow() throws IOException {
    row.clear();
    try (JsonParser p = MAPPER.getFactory().createParser(rec, 0, recLen)) {
      JsonToken first = p.nextToken();
      if (first != JsonToken.START_OBJECT) {
        return "expected a JSON object, got " + describe(first);
      }
      String reason = readObject(p, tree.root);
      if (reason != null) {
        return reason;
      }
      JsonToken after = p.nextToken();
      if (after != null) {
        return "more than one JSON value on the line (then " + describe(after) + ")";
      }
    } catch (JsonProcessingException e) {
      return "invalid JSON: " + e.getOriginalMessage().replace('\n', ' ') + " at column "
          + (e.getLocation() == null ? "?" : e.getLocation().getColumnNr());
    }
    for (int i = 0; i < types.length; i++) {
      if (row.isNull(i) && !schema.field(i).nullable()) {
        return "field '" + schema.field(i).name() + "' is missing or null but required";
      }
    }
    return null;
  }

  private String readObject(JsonParser p, FieldTree.Node node) throws IOException {
    while (p.nextToken() == JsonToken.FIELD_NAME) {
      String key = p.currentName();
      JsonToken t = p.nextToken();
      FieldTree.Node child = node.child(key);
      if (child == null) {
        p.skipChildren(); // not in the schema: projected away
      } else if (child.isLeaf()) {
        String reason = readValue(p, t, child.index);
        if (reason != null) {
          return "field '" + child.path + "' (" + types[child.index] + "): " + reason;
        }
      } else if (t == JsonToken.START_OBJECT) {
        String reason = readObject(p, child);
        if (reason != null) {
          return reason;
        }
      } else if (t != JsonToken.VALUE_NULL) {
        return "member '" + child.path + "' should be an object (the schema has fields under it), got " + describe(t);
      }
    }
    return null;
  }

  private String readValue(JsonParser p, JsonToken t, int i) throws IOException {
    if (t == JsonToken.VALUE_NULL) {
      row.setNull(i);
      return null;
    }
    FieldType type = types[i];
    if (t == JsonToken.START_OBJECT || t == JsonToken.START_ARRAY) {
      if (type.kind() == FieldType.Kind.STRING) {
        row.setString(i, MAPPER.writeValueAsString(p.readValueAsTree()));
        return null;
      }
      return "expected a value, got " + describe(t);
    }
    try {
      switch (type.kind()) {
        case STRING -> row.setString(i, p.getText());
        case INT32, INT64 -> {
          if (t == JsonToken.VALUE_NUMBER_INT) {
            if (p.getNumberType() == JsonParser.NumberType.BIG_INTEGER
                || (type.kind() == FieldType.Kind.INT32 && p.getNumberType() != JsonParser.NumberType.INT)) {
              return p.getText() + " is out of the " + type + " range";
            }
            if (type.kind() == FieldType.Kind.INT32) {
              row.setInt(i, p.getIntValue());
            } else {
              row.setLong(i, p.getLongValue());
            }
          } else if (t == JsonToken.VALUE_STRING) {
            parseText(p, i, type);
          } else {
            return "expected an integer, got " + describe(t);
          }
        }
        case FLOAT64 -> {
          if (t == JsonToken.VALUE_NUMBER_INT || t == JsonToken.VALUE_NUMBER_FLOAT) {
            row.setDouble(i, p.getDoubleValue());
          } else if (t == JsonToken.VALUE_STRING) {
            parseText(p, i, type);
          } else {
            return "expected a number, got " + describe(t);
          }
        }
        case BOOLEAN -> {
          if (t == JsonToken.VALUE_TRUE || t == JsonToken.VALUE_FALSE) {
            row.setBoolean(i, t == JsonToken.VALUE_TRUE);
          } else if (t == JsonToken.VALUE_STRING) {
            parseText(p, i, type);
          } else {
            return "expected true or false, got " + describe(t);
          }
        }
        case DATE, TIMESTAMP -> {
          if (t != JsonToken.VALUE_STRING) {
            return "expected a string, got " + describe(t);
          }
          parseText(p, i, type);
        }
        case DECIMAL -> {
          if (t != JsonToken.VALUE_NUMBER_INT && t != JsonToken.VALUE_NUMBER_FLOAT && t != JsonToken.VALUE_STRING) {
            return "expected a number, got " + describe(t);
          }
          parseText(p, i, type);
        }
      }
    } catch (ValueException e) {
      return e.getMessage();
    }
    return null;
  }

  private void parseText(JsonParser p, int i, FieldType type) throws IOException, ValueException {
    byte[] text = p.getText().getBytes(StandardCharsets.UTF_8);
    TextValues.parseInto(row, i, type, text, 0, text.length);
  }

  private static String describe(JsonToken t) {
    if (t == null) {
      return "nothing";
    }
    return switch (t) {
      case START_OBJECT -> "an object";
      case START_ARRAY -> "an array";
      case VALUE_STRING -> "a string";
      case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> "a number";
      case VALUE_TRUE, VALUE_FALSE -> "a boolean";
      case VALUE_NULL -> "null";
      default -> t.toString();
    };
  }
}
