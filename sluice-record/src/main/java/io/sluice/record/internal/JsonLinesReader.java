package io.sluice.record.internal;

import io.sluice.record.FieldType;
import io.sluice.record.FieldType.Kind;
import io.sluice.record.MutableRow;
import io.sluice.record.ReadOptions;
import io.sluice.record.RecordSource;
import io.sluice.record.Schema;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads JSON Lines with a parser of its own that works on the input buffer: one pass over each line,
 * member names matched as bytes against the schema's {@link FieldTree}, strings kept as slices of the
 * line (decoded only by {@code getString}), numbers parsed from their bytes, members outside the
 * projection skipped without being decoded. Nothing is allocated per line for a flat schema of
 * scalars; nested values (STRUCT, LIST, MAP) are built as rows, lists and maps.
 */
public final class JsonLinesReader extends BaseReader {
  private static final int MAX_DEPTH = 500;

  private final FieldTree tree;
  private byte[] buf;
  private int p;
  private int lineEnd;
  private int lineStart;
  /** Unescaped strings of the current line. */
  private byte[] scratch = new byte[256];
  private int scratchLen;
  // the last string parsed: where its content is
  private byte[] strArr;
  private int strOff;
  private int strLen;
  private boolean strInInput;
  private int strToken;

  public JsonLinesReader(RecordSource source, Schema schema, ReadOptions options, String separator) throws IOException {
    super(source, schema, options);
    new FieldTree(schema, separator); // refuses schemas JSON cannot hold, whatever the projection
    this.tree = new FieldTree(rowSchema, separator);
  }

  /** A line that cannot become a row; the message is the reason. Cheap: no stack trace. */
  private static final class Bad extends Exception {
    final boolean located; // already names its field, or is a syntax error
    final boolean utf8; // "is not valid UTF-8: ...", to follow the field's name

    Bad(String reason, boolean located) {
      this(reason, located, false);
    }

    Bad(String reason, boolean located, boolean utf8) {
      super(reason, null, false, false);
      this.located = located;
      this.utf8 = utf8;
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
    overlong = false;
    ByteInput in = this.in;
    recStart = in.pos;
    while (true) {
      byte[] b = in.buf;
      int q = in.pos;
      int limit = in.limit;
      while (q < limit && b[q] != '\n') {
        q++;
      }
      if (q < limit) {
        in.pos = q + 1;
        recEnd = q + 1;
        return true;
      }
      in.pos = q;
      if (!more()) {
        recEnd = in.pos;
        return in.pos > recStart;
      }
    }
  }

  private boolean isBlank() {
    byte[] b = in.buf;
    for (int i = recStart; i < recEnd; i++) {
      byte c = b[i];
      if (c != ' ' && c != '\t' && c != '\r' && c != '\n') {
        return false;
      }
    }
    return true;
  }

  private String toRow() {
    row.clear();
    scratchLen = 0;
    buf = in.buf;
    lineStart = recStart;
    lineEnd = recEnd;
    p = recStart;
    try {
      ws();
      byte c = buf[p];
      if (c != '{') {
        String what = describe(c);
        if (what == null) {
          throw syntax("unexpected character " + show(c));
        }
        return "expected a JSON object, got " + what;
      }
      p++;
      readObject(tree, row, 0);
      ws();
      if (p < lineEnd) {
        String what = describe(buf[p]);
        if (what == null) {
          throw syntax("unexpected character " + show(buf[p]) + " after the object");
        }
        return "more than one JSON value on the line (then " + what + ")";
      }
      String missing = missingRequired(tree.schema, row, "");
      if (missing != null) {
        return missing;
      }
    } catch (Bad e) {
      return e.getMessage();
    }
    return null;
  }

  private static String missingRequired(Schema schema, MutableRow row, String prefix) {
    for (int i = 0; i < schema.size(); i++) {
      if (row.isNull(i) && !schema.field(i).nullable()) {
        return "field '" + prefix + schema.field(i).name() + "' is missing or null but required";
      }
    }
    return null;
  }

  /** Reads the members of an object whose '{' was just read, into {@code r} (whose schema is {@code t}'s). */
  private void readObject(FieldTree t, MutableRow r, int depth) throws Bad {
    readMembers(t.root, r, depth);
  }

  private void readMembers(FieldTree.Node node, MutableRow r, int depth) throws Bad {
    if (depth > MAX_DEPTH) {
      throw syntax("nested more than " + MAX_DEPTH + " deep");
    }
    ws();
    if (peek() == '}') {
      p++;
      return;
    }
    while (true) {
      ws();
      if (peek() != '"') {
        throw syntax("expected a member name, got " + show(peek()));
      }
      string();
      FieldTree.Node child = node.child(strArr, strOff, strLen);
      ws();
      expect(':');
      ws();
      if (child == null) {
        skipValue(depth + 1); // not in the schema (or the projection)
      } else if (child.isLeaf()) {
        try {
          readValue(child.slot, r, child.index, depth + 1);
        } catch (Bad e) {
          if (e.located) {
            throw e;
          }
          if (e.utf8) {
            throw new Bad("field '" + child.path + "' " + e.getMessage(), true);
          }
          throw new Bad("field '" + child.path + "' (" + child.slot.type + "): " + e.getMessage(), true);
        }
      } else if (peek() == '{') {
        p++;
        readMembers(child, r, depth + 1);
      } else if (peek() == 'n') {
        literal("null");
      } else {
        String what = describe(peek());
        if (what == null) {
          throw syntax("unexpected character " + show(peek()));
        }
        throw new Bad("member '" + child.path + "' should be an object (the schema has fields under it), got " + what, true);
      }
      ws();
      byte c = take();
      if (c == '}') {
        return;
      }
      if (c != ',') {
        throw syntax("expected ',' or '}' after a member, got " + show(c));
      }
    }
  }

  /** Reads one value of {@code slot}'s type into field {@code i} of {@code r}. */
  private void readValue(FieldTree.Slot slot, MutableRow r, int i, int depth) throws Bad {
    FieldType type = slot.type;
    Kind kind = type.kind();
    byte c = peek();
    switch (c) {
      case 'n' -> {
        literal("null");
        r.setNull(i);
      }
      case '"' -> {
        int token = p;
        string();
        switch (kind) {
          case STRING -> text(r, i, token);
          case STRUCT, LIST, MAP -> throw new Bad("expected " + (kind == Kind.LIST ? "an array" : "an object") + ", got a string", false);
          default -> parse(r, i, type, strArr, strOff, strLen);
        }
      }
      case '{', '[' -> {
        if (kind == Kind.STRING) {
          int start = p;
          skipValue(depth);
          String bad = checkUtf8(buf, start, p - start);
          if (bad != null) {
            throw new Bad(bad, false, true);
          }
          if (Utf8.firstMalformed(buf, start, p - start) >= 0) {
            r.setString(i, new String(buf, start, p - start, java.nio.charset.StandardCharsets.UTF_8));
          } else {
            r.setStringUtf8(i, buf, start, p - start);
          }
        } else if (kind == Kind.STRUCT && c == '{') {
          p++;
          MutableRow nested = new MutableRow(type.fields());
          readObject(slot.struct, nested, depth);
          String missing = missingRequired(type.fields(), nested, "");
          if (missing != null) {
            throw new Bad(missing, false);
          }
          r.setStruct(i, nested);
        } else if (kind == Kind.LIST && c == '[') {
          p++;
          r.setList(i, readList(slot.element, depth));
        } else if (kind == Kind.MAP && c == '{') {
          p++;
          r.setMap(i, readMap(slot, depth));
        } else {
          throw new Bad(kind == Kind.STRUCT || kind == Kind.MAP ? "expected an object, got " + describe(c)
              : kind == Kind.LIST ? "expected an array, got " + describe(c) : "expected a value, got " + describe(c), false);
        }
      }
      case 't', 'f' -> {
        int start = p;
        boolean v = c == 't';
        literal(v ? "true" : "false");
        switch (kind) {
          case BOOLEAN -> r.setBoolean(i, v);
          case STRING -> r.setStringUtf8(i, buf, start, p - start);
          default -> throw new Bad(expected(kind) + ", got a boolean", false);
        }
      }
      default -> {
        if (c != '-' && (c < '0' || c > '9')) {
          throw syntax("unexpected character " + show(c));
        }
        int start = p;
        boolean integral = number();
        int len = p - start;
        switch (kind) {
          case STRING -> r.setStringUtf8(i, buf, start, len);
          case INT8, INT16, INT32, INT64 -> {
            if (!integral) {
              throw new Bad("expected an integer, got a number", false);
            }
            long v;
            try {
              v = TextValues.parseLong(buf, start, len);
            } catch (ValueException e) {
              throw new Bad(new String(buf, start, len, java.nio.charset.StandardCharsets.ISO_8859_1) + " is out of the " + type + " range", false);
            }
            boolean fits = switch (kind) {
              case INT8 -> v == (byte) v;
              case INT16 -> v == (short) v;
              case INT32 -> v == (int) v;
              default -> true;
            };
            if (!fits) {
              throw new Bad(new String(buf, start, len, java.nio.charset.StandardCharsets.ISO_8859_1) + " is out of the " + type + " range", false);
            }
            if (kind == Kind.INT64) {
              r.setLong(i, v);
            } else {
              r.setInt(i, (int) v);
            }
          }
          case FLOAT64, FLOAT32, DECIMAL -> parse(r, i, type, buf, start, len);
          default -> throw new Bad(expected(kind) + ", got a number", false);
        }
      }
    }
  }

  private static String expected(Kind kind) {
    return switch (kind) {
      case BOOLEAN -> "expected true or false";
      case FLOAT32, FLOAT64, DECIMAL -> "expected a number";
      case INT8, INT16, INT32, INT64 -> "expected an integer";
      case LIST -> "expected an array";
      case STRUCT, MAP -> "expected an object";
      default -> "expected a string";
    };
  }

  private List<Object> readList(FieldTree.Slot element, int depth) throws Bad {
    List<Object> list = new ArrayList<>();
    ws();
    if (peek() == ']') {
      p++;
      return list;
    }
    MutableRow holder = element.holder;
    while (true) {
      ws();
      try {
        readValue(element, holder, 0, depth + 1);
      } catch (Bad e) {
        throw e.located || e.utf8 ? e : new Bad("element " + list.size() + ": " + e.getMessage(), false);
      }
      list.add(holder.get(0));
      holder.setNull(0);
      ws();
      byte c = take();
      if (c == ']') {
        return list;
      }
      if (c != ',') {
        throw syntax("expected ',' or ']' in an array, got " + show(c));
      }
    }
  }

  private Map<Object, Object> readMap(FieldTree.Slot slot, int depth) throws Bad {
    Map<Object, Object> map = new LinkedHashMap<>();
    ws();
    if (peek() == '}') {
      p++;
      return map;
    }
    MutableRow keys = slot.key.holder;
    MutableRow values = slot.element.holder;
    while (true) {
      ws();
      if (peek() != '"') {
        throw syntax("expected a member name, got " + show(peek()));
      }
      int token = p;
      string();
      if (slot.key.type.kind() == Kind.STRING) {
        text(keys, 0, token);
      } else {
        parse(keys, 0, slot.key.type, strArr, strOff, strLen);
      }
      Object key = keys.get(0);
      ws();
      expect(':');
      ws();
      try {
        readValue(slot.element, values, 0, depth + 1);
      } catch (Bad e) {
        throw e.located || e.utf8 ? e : new Bad("value of key '" + key + "': " + e.getMessage(), false);
      }
      map.put(key, values.get(0));
      values.setNull(0);
      ws();
      byte c = take();
      if (c == '}') {
        return map;
      }
      if (c != ',') {
        throw syntax("expected ',' or '}' after a member, got " + show(c));
      }
    }
  }

  /** Sets the last string parsed as STRING field {@code i}, checking its UTF-8. */
  private void text(MutableRow r, int i, int token) throws Bad {
    try {
      r.setStringUtf8(i, strArr, strOff, strLen); // checks the UTF-8 itself: one pass over the bytes
      return;
    } catch (IllegalArgumentException malformed) {
      // rare: say where, or replace
    }
    int at = Utf8.firstMalformed(strArr, strOff, strLen);
    if (replaceMalformed) {
      r.setString(i, new String(strArr, strOff, strLen, java.nio.charset.StandardCharsets.UTF_8));
    } else {
      // escaped text was unescaped into scratch: name the string's first byte instead
      long offset = in.offsetOf(strInInput ? at : token);
      throw new Bad(describeMalformed(offset, strArr, at, strOff + strLen), false, true);
    }
  }

  /** Why {@code b[off, off + len)} of the input is not valid UTF-8 (without the field's name), or null (also when replacing). */
  private String checkUtf8(byte[] b, int off, int len) {
    int at = Utf8.firstMalformed(b, off, len);
    if (at < 0 || replaceMalformed) {
      return null;
    }
    return describeMalformed(in.offsetOf(at), b, at, off + len);
  }

  private static String describeMalformed(long offset, byte[] b, int at, int end) {
    String full = malformed("x", offset, b, at, end);
    return full.substring("field x ".length());
  }

  private void parse(MutableRow r, int i, FieldType type, byte[] b, int off, int len) throws Bad {
    try {
      TextValues.parseInto(r, i, type, b, off, len);
    } catch (ValueException e) {
      throw new Bad(e.getMessage(), false);
    }
  }

  // ---- the grammar ----

  private byte peek() throws Bad {
    if (p >= lineEnd) {
      throw syntax("unexpected end of the line");
    }
    return buf[p];
  }

  private byte take() throws Bad {
    byte c = peek();
    p++;
    return c;
  }

  private void expect(char c) throws Bad {
    byte got = take();
    if (got != c) {
      throw syntax("expected '" + c + "', got " + show(got));
    }
  }

  private void ws() {
    while (p < lineEnd) {
      byte c = buf[p];
      if (c != ' ' && c != '\t' && c != '\r' && c != '\n') {
        return;
      }
      p++;
    }
  }

  private void literal(String word) throws Bad {
    if (lineEnd - p < word.length()) {
      throw syntax("unexpected end of the line in '" + word + "'");
    }
    for (int k = 0; k < word.length(); k++) {
      if (buf[p + k] != word.charAt(k)) {
        throw syntax("unrecognized token (expected '" + word + "')");
      }
    }
    p += word.length();
  }

  /** Scans a number at {@code p}; returns whether it is an integer (no fraction, no exponent). */
  private boolean number() throws Bad {
    int start = p;
    if (buf[p] == '-') {
      p++;
    }
    if (p >= lineEnd || buf[p] < '0' || buf[p] > '9') {
      throw syntax("a number needs a digit after '-'");
    }
    if (buf[p] == '0' && p + 1 < lineEnd && buf[p + 1] >= '0' && buf[p + 1] <= '9') {
      throw syntax("leading zeroes are not allowed in a number");
    }
    while (p < lineEnd && buf[p] >= '0' && buf[p] <= '9') {
      p++;
    }
    boolean integral = true;
    if (p < lineEnd && buf[p] == '.') {
      integral = false;
      p++;
      int digits = p;
      while (p < lineEnd && buf[p] >= '0' && buf[p] <= '9') {
        p++;
      }
      if (p == digits) {
        throw syntax("a number needs digits after '.'");
      }
    }
    if (p < lineEnd && (buf[p] == 'e' || buf[p] == 'E')) {
      integral = false;
      p++;
      if (p < lineEnd && (buf[p] == '+' || buf[p] == '-')) {
        p++;
      }
      int digits = p;
      while (p < lineEnd && buf[p] >= '0' && buf[p] <= '9') {
        p++;
      }
      if (p == digits) {
        throw syntax("a number needs digits in its exponent");
      }
    }
    if (p - start > 1000) {
      throw syntax("a number of more than 1000 characters");
    }
    return integral;
  }

  /** Parses a string at {@code p} (its opening quote); its content is left in {@code strArr[strOff, strOff + strLen)}. */
  private void string() throws Bad {
    strToken = p;
    int start = ++p;
    byte[] b = buf;
    int q = start;
    while (q < lineEnd) {
      byte c = b[q];
      if (c == '"') {
        strArr = b;
        strOff = start;
        strLen = q - start;
        strInInput = true;
        p = q + 1;
        return;
      }
      if (c == '\\') {
        break;
      }
      if (c >= 0 && c < 0x20) {
        throw syntax("a control character (" + show(c) + ") in a string must be escaped");
      }
      q++;
    }
    if (q >= lineEnd) {
      throw syntax("unterminated string");
    }
    // escapes: unescape into scratch
    int need = scratchLen + (lineEnd - start);
    if (scratch.length < need) {
      scratch = java.util.Arrays.copyOf(scratch, Math.max(need, scratch.length * 2)); // older slices keep the old array
    }
    int out = scratchLen;
    System.arraycopy(b, start, scratch, out, q - start);
    out += q - start;
    while (true) {
      if (q >= lineEnd) {
        throw syntax("unterminated string");
      }
      byte c = b[q++];
      if (c == '"') {
        break;
      }
      if (c >= 0 && c < 0x20) {
        throw syntax("a control character (" + show(c) + ") in a string must be escaped");
      }
      if (c != '\\') {
        scratch[out++] = c;
        continue;
      }
      if (q >= lineEnd) {
        throw syntax("unterminated string");
      }
      byte e = b[q++];
      switch (e) {
        case '"', '\\', '/' -> scratch[out++] = e;
        case 'b' -> scratch[out++] = '\b';
        case 'f' -> scratch[out++] = '\f';
        case 'n' -> scratch[out++] = '\n';
        case 'r' -> scratch[out++] = '\r';
        case 't' -> scratch[out++] = '\t';
        case 'u' -> {
          int cp = hex4(q);
          q += 4;
          if (Character.isHighSurrogate((char) cp) && q + 6 <= lineEnd && b[q] == '\\' && b[q + 1] == 'u') {
            int low = hex4(q + 2);
            if (Character.isLowSurrogate((char) low)) {
              cp = Character.toCodePoint((char) cp, (char) low);
              q += 6;
            }
          }
          out = putCodePoint(cp, scratch, out); // a lone surrogate makes bytes that are not UTF-8: the check reports it
        }
        default -> throw syntax("unrecognized escape '\\" + (char) e + "' in a string");
      }
    }
    strArr = scratch;
    strOff = scratchLen;
    strLen = out - scratchLen;
    strInInput = false;
    scratchLen = out;
    p = q;
  }

  private int hex4(int at) throws Bad {
    if (at + 4 > lineEnd) {
      throw syntax("unterminated \\u escape");
    }
    int v = 0;
    for (int k = at; k < at + 4; k++) {
      int d = Character.digit(buf[k], 16);
      if (d < 0) {
        throw syntax("a \\u escape needs four hex digits");
      }
      v = v * 16 + d;
    }
    return v;
  }

  private static int putCodePoint(int cp, byte[] b, int at) {
    if (cp < 0x80) {
      b[at++] = (byte) cp;
    } else if (cp < 0x800) {
      b[at++] = (byte) (0xC0 | cp >> 6);
      b[at++] = (byte) (0x80 | cp & 0x3F);
    } else if (cp < 0x10000) {
      b[at++] = (byte) (0xE0 | cp >> 12);
      b[at++] = (byte) (0x80 | cp >> 6 & 0x3F);
      b[at++] = (byte) (0x80 | cp & 0x3F);
    } else {
      b[at++] = (byte) (0xF0 | cp >> 18);
      b[at++] = (byte) (0x80 | cp >> 12 & 0x3F);
      b[at++] = (byte) (0x80 | cp >> 6 & 0x3F);
      b[at++] = (byte) (0x80 | cp & 0x3F);
    }
    return at;
  }

  /** Skips one value at {@code p}, checking its syntax. */
  private void skipValue(int depth) throws Bad {
    if (depth > MAX_DEPTH) {
      throw syntax("nested more than " + MAX_DEPTH + " deep");
    }
    byte c = peek();
    switch (c) {
      case '"' -> string();
      case 't' -> literal("true");
      case 'f' -> literal("false");
      case 'n' -> literal("null");
      case '{' -> {
        p++;
        ws();
        if (peek() == '}') {
          p++;
          return;
        }
        while (true) {
          ws();
          if (peek() != '"') {
            throw syntax("expected a member name, got " + show(peek()));
          }
          string();
          ws();
          expect(':');
          ws();
          skipValue(depth + 1);
          ws();
          byte d = take();
          if (d == '}') {
            return;
          }
          if (d != ',') {
            throw syntax("expected ',' or '}' after a member, got " + show(d));
          }
        }
      }
      case '[' -> {
        p++;
        ws();
        if (peek() == ']') {
          p++;
          return;
        }
        while (true) {
          ws();
          skipValue(depth + 1);
          ws();
          byte d = take();
          if (d == ']') {
            return;
          }
          if (d != ',') {
            throw syntax("expected ',' or ']' in an array, got " + show(d));
          }
        }
      }
      default -> {
        if (c != '-' && (c < '0' || c > '9')) {
          throw syntax("unexpected character " + show(c));
        }
        number();
      }
    }
  }

  private Bad syntax(String what) {
    return new Bad("invalid JSON: " + what + " at column " + (Math.min(p, lineEnd) - lineStart + 1), true);
  }

  private static String show(byte c) {
    return c >= 0x20 && c < 0x7F ? "'" + (char) c + "'" : String.format("byte 0x%02X", c & 0xFF);
  }

  /** What a value starting with {@code c} is, or null if nothing starts so. */
  private static String describe(byte c) {
    return switch (c) {
      case '{' -> "an object";
      case '[' -> "an array";
      case '"' -> "a string";
      case 't', 'f' -> "a boolean";
      case 'n' -> "null";
      case '-', '0', '1', '2', '3', '4', '5', '6', '7', '8', '9' -> "a number";
      default -> null;
    };
  }
}
