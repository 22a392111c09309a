package io.sluice.record.internal;

import io.sluice.record.CsvFormat;
import io.sluice.record.Field;
import io.sluice.record.FieldType;
import io.sluice.record.FieldType.Kind;
import io.sluice.record.RecordSource;
import io.sluice.record.Schema;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Infers a schema from a sample of CSV or JSON Lines, for {@code io.sluice.record.SchemaInference}.
 * Each value is given the narrowest of BOOLEAN, INT64, FLOAT64, DATE, TIMESTAMP and STRING that the
 * format's reader parses it as; a column's type is the join of its values' ({@link Shape#join}).
 */
public final class Inferrer {
  private Inferrer() {}

  /**
   * What is known of one column or value: its kind (null while only nulls were seen), whether a null was
   * seen, and for a LIST its element, for a STRUCT its members. Mutable, joined in place.
   */
  static final class Shape {
    Kind kind;
    boolean sawNull;
    long present;
    Shape element;
    LinkedHashMap<String, Shape> members;

    void observe(Shape value) {
      if (value == null) {
        sawNull = true;
        return;
      }
      present++;
      join(value);
    }

    /** Widens this to hold {@code other} too: INT64 with FLOAT64 is FLOAT64, DATE with TIMESTAMP is TIMESTAMP, else STRING. */
    void join(Shape other) {
      if (other.kind == null) {
        return;
      }
      if (kind == null) {
        kind = other.kind;
        element = other.element;
        members = other.members;
        return;
      }
      if (kind == other.kind) {
        if (kind == Kind.LIST) {
          if (element == null) {
            element = other.element;
          } else if (other.element != null) {
            element.join(other.element);
          }
        } else if (kind == Kind.STRUCT) {
          for (Map.Entry<String, Shape> e : other.members.entrySet()) {
            Shape mine = members.get(e.getKey());
            if (mine == null) {
              members.put(e.getKey(), e.getValue());
            } else {
              mine.join(e.getValue());
            }
          }
        }
        return;
      }
      if (isOneOf(Kind.INT64, Kind.FLOAT64, other)) {
        kind = Kind.FLOAT64;
      } else if (isOneOf(Kind.DATE, Kind.TIMESTAMP, other)) {
        kind = Kind.TIMESTAMP;
      } else {
        kind = Kind.STRING; // the JSON reader reads any value, even an object or an array, into a STRING as its text
        element = null;
        members = null;
      }
    }

    private boolean isOneOf(Kind a, Kind b, Shape other) {
      return (kind == a && other.kind == b) || (kind == b && other.kind == a);
    }

    FieldType type() {
      if (kind == null) {
        return FieldType.STRING;
      }
      return switch (kind) {
        case BOOLEAN -> FieldType.BOOLEAN;
        case INT64 -> FieldType.INT64;
        case FLOAT64 -> FieldType.FLOAT64;
        case DATE -> FieldType.DATE;
        case TIMESTAMP -> FieldType.TIMESTAMP;
        case LIST -> FieldType.list(element == null ? FieldType.STRING : element.type());
        case STRUCT -> {
          List<Field> fields = new ArrayList<>();
          members.forEach((name, shape) -> fields.add(Field.optional(name, shape.type())));
          yield FieldType.struct(Schema.of(fields));
        }
        default -> FieldType.STRING;
      };
    }

    static Shape of(Kind kind) {
      Shape s = new Shape();
      s.kind = kind;
      return s;
    }
  }

  /** The kind the text readers parse {@code b[off, off + len)} as, the narrowest first. */
  static Kind guess(byte[] b, int off, int len, boolean numbers) {
    if (len == 0) {
      return Kind.STRING;
    }
    if (numbers) {
      try {
        TextValues.parseBoolean(b, off, len);
        return Kind.BOOLEAN;
      } catch (ValueException e) {
        // not a boolean
      }
      try {
        TextValues.parseLong(b, off, len);
        return Kind.INT64;
      } catch (ValueException e) {
        // not an integer
      }
      byte c = b[off];
      // only text that looks like a number: not "NaN" or "Infinity", which are more likely words
      if ((c >= '0' && c <= '9') || c == '-' || c == '+' || c == '.') {
        try {
          TextValues.parseDouble(b, off, len);
          return Kind.FLOAT64;
        } catch (ValueException e) {
          // not a number
        }
      }
    }
    if (len >= 10 && b[off] >= '0' && b[off] <= '9') {
      try {
        TextValues.parseDate(b, off, len);
        return Kind.DATE;
      } catch (ValueException e) {
        // not a date
      }
      try {
        TextValues.parseTimestamp(b, off, len);
        return Kind.TIMESTAMP;
      } catch (ValueException e) {
        // not a timestamp
      }
    }
    return Kind.STRING;
  }

  // ---------------------------------------------------------------- CSV

  /**
   * Infers the columns of CSV {@code sample}: names from the header if the format has one (else c0, c1,
   * ...), types from the values of every other record. {@code truncated} says the sample was cut from a
   * longer object, so its last record may be partial and is left out.
   */
  public static Schema csv(CsvFormat format, byte[] sample, boolean truncated, boolean allNullable) {
    List<String> header = null;
    List<Shape> columns = new ArrayList<>();
    long records = 0;
    boolean blank = false;
    try (CsvReader in = CsvReader.raw(format, RecordSource.of("sample", new ByteArrayInputStream(sample)))) {
      boolean first = true;
      while (in.nextFields()) {
        boolean atEnd = in.position() >= sample.length;
        if (truncated && atEnd && (sample.length == 0 || sample[sample.length - 1] != '\n' || in.recordError() != null)) {
          break; // the sample cut this record
        }
        if (first && format.header()) {
          first = false;
          header = new ArrayList<>();
          for (int j = 0; j < in.fieldCount(); j++) {
            header.add(in.fieldText(j));
          }
          continue;
        }
        first = false;
        if (in.recordIsBlank()) {
          blank = true; // a blank line: skipped, or the null of a schema of one field
          continue;
        }
        if (in.recordError() != null) {
          continue; // a malformed record says nothing of the columns
        }
        records++;
        for (int j = 0; j < in.fieldCount(); j++) {
          if (j == columns.size()) {
            Shape s = new Shape();
            s.sawNull = records > 1; // earlier records lacked the column
            columns.add(s);
          }
          if (in.fieldIsNull(j)) {
            columns.get(j).observe(null);
          } else {
            byte[] text = in.fieldText(j).getBytes(StandardCharsets.UTF_8);
            columns.get(j).observe(Shape.of(guess(text, 0, text.length, true)));
          }
        }
        for (int j = in.fieldCount(); j < columns.size(); j++) {
          columns.get(j).observe(null);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e); // an in-memory stream does not fail
    }
    int n = Math.max(columns.size(), header == null ? 0 : header.size());
    if (n == 0) {
      throw new IllegalArgumentException("Cannot infer a schema from an empty CSV sample" + (truncated ? " (no whole record in it)" : ""));
    }
    List<Field> fields = new ArrayList<>();
    Set<String> used = new HashSet<>();
    for (int j = 0; j < n; j++) {
      String name = header != null && j < header.size() && !header.get(j).isEmpty() ? header.get(j) : "c" + j;
      String unique = name;
      for (int k = 2; !used.add(unique); k++) {
        unique = name + "_" + k;
      }
      Shape s = j < columns.size() ? columns.get(j) : new Shape();
      boolean emptyIsNull = format.nullStrings().contains("");
      if (blank && n == 1 && !emptyIsNull) {
        s.join(Shape.of(Kind.STRING)); // a blank line is a record of one empty field: the empty string, not null
      }
      boolean nullable = allNullable || s.sawNull || s.kind == null || records == 0 || (blank && n == 1 && emptyIsNull);
      fields.add(new Field(unique, s.type(), nullable));
    }
    return Schema.of(fields);
  }

  // ---------------------------------------------------------------- JSON Lines

  /**
   * Infers the members of JSON Lines {@code sample}: the union of the lines' keys in the order first seen,
   * nested objects flattened to names joined by {@code separator}, arrays as LIST (of STRUCT for objects).
   * A name that is an object in one line and a value in another is a STRING (the reader keeps an object's
   * JSON text in a STRING field). Lines that are not JSON objects are left out.
   */
  public static Schema jsonLines(byte[] sample, boolean truncated, boolean allNullable, String separator) {
    LinkedHashMap<String, Shape> columns = new LinkedHashMap<>();
    long records = 0;
    int start = 0;
    while (start < sample.length) {
      int nl = start;
      while (nl < sample.length && sample[nl] != '\n') {
        nl++;
      }
      if (nl == sample.length && truncated) {
        break; // the sample cut this line
      }
      Object value;
      try {
        value = new Json(sample, start, nl).document();
      } catch (IllegalArgumentException malformed) {
        value = null;
      }
      start = nl + 1;
      if (!(value instanceof Json.Obj object)) {
        continue;
      }
      records++;
      Map<String, List<Shape>> line = new LinkedHashMap<>();
      flatten(object, "", separator, line);
      for (Map.Entry<String, List<Shape>> e : line.entrySet()) {
        Shape col = columns.get(e.getKey());
        if (col == null) {
          col = new Shape();
          col.sawNull = records > 1;
          columns.put(e.getKey(), col);
        }
        for (Shape v : e.getValue()) { // a member may come twice: the reader reads both
          col.observe(v);
        }
      }
      for (Map.Entry<String, Shape> e : columns.entrySet()) {
        if (!line.containsKey(e.getKey())) {
          e.getValue().sawNull = true;
        }
      }
    }
    // a name that is both a value and a prefix of others: keep the value as STRING (its JSON text), drop the others
    List<String> names = new ArrayList<>(columns.keySet());
    for (String name : separator == null ? List.<String>of() : names) {
      if (!columns.containsKey(name)) {
        continue;
      }
      String prefix = name + separator;
      boolean clash = columns.keySet().removeIf(other -> other.startsWith(prefix));
      if (clash) {
        Shape s = columns.get(name);
        s.kind = Kind.STRING;
        s.element = null;
        s.members = null;
        s.sawNull = true;
      }
    }
    if (columns.isEmpty()) {
      throw new IllegalArgumentException("Cannot infer a schema from a JSON Lines sample without members"
          + (records == 0 ? " (no whole line holds a JSON object)" : ""));
    }
    List<Field> fields = new ArrayList<>();
    columns.forEach((name, s) -> fields.add(new Field(name, s.type(), allNullable || s.sawNull || s.kind == null)));
    return Schema.of(fields);
  }

  private static void flatten(Json.Obj object, String prefix, String separator, Map<String, List<Shape>> out) {
    for (Map.Entry<String, Object> e : object.members()) {
      String name = prefix + e.getKey();
      if (separator != null && e.getValue() instanceof Json.Obj nested && !nested.members().isEmpty()) {
        flatten(nested, name + separator, separator, out);
      } else {
        out.computeIfAbsent(name, k -> new ArrayList<>()).add(shape(e.getValue()));
      }
    }
  }

  /** The shape of one JSON value (null for JSON null). */
  private static Shape shape(Object value) {
    if (value == null) {
      return null;
    }
    if (value instanceof Boolean) {
      return Shape.of(Kind.BOOLEAN);
    }
    if (value instanceof Json.Number n) {
      return Shape.of(n.integral() && fitsLong(n.text()) ? Kind.INT64 : Kind.FLOAT64);
    }
    if (value instanceof String s) {
      byte[] b = s.getBytes(StandardCharsets.UTF_8);
      return Shape.of(guess(b, 0, b.length, false));
    }
    if (value instanceof List<?> list) {
      Shape s = Shape.of(Kind.LIST);
      for (Object element : list) {
        Shape e = shape(element);
        if (e == null) {
          continue;
        }
        if (s.element == null) {
          s.element = e;
        } else {
          s.element.join(e);
        }
      }
      return s;
    }
    Json.Obj object = (Json.Obj) value;
    if (object.members().isEmpty()) {
      return Shape.of(Kind.STRING); // {} names no member: keep its text
    }
    Shape s = Shape.of(Kind.STRUCT);
    s.members = new LinkedHashMap<>();
    for (Map.Entry<String, Object> e : object.members()) {
      Shape m = shape(e.getValue());
      Shape had = s.members.get(e.getKey());
      if (had == null) {
        s.members.put(e.getKey(), m == null ? new Shape() : m);
      } else if (m != null) {
        had.join(m);
      }
    }
    return s;
  }

  private static boolean fitsLong(String text) {
    try {
      Long.parseLong(text);
      return true;
    } catch (NumberFormatException e) {
      return false;
    }
  }

  /** A small strict JSON parser of one line into maps, lists, strings, {@link Number}s, booleans and null. */
  static final class Json {
    record Number(String text, boolean integral) {}

    /** An object's members in order, repeats kept. */
    record Obj(List<Map.Entry<String, Object>> members) {}

    private final byte[] b;
    private final int end;
    private int p;

    Json(byte[] b, int start, int end) {
      this.b = b;
      this.p = start;
      this.end = end > start && b[end - 1] == '\r' ? end - 1 : end;
    }

    Object document() {
      space();
      Object v = value(0);
      space();
      if (p != end) {
        throw new IllegalArgumentException("trailing text");
      }
      return v;
    }

    private Object value(int depth) {
      if (depth > 200) {
        throw new IllegalArgumentException("too deep");
      }
      space();
      if (p >= end) {
        throw new IllegalArgumentException("end of line");
      }
      byte c = b[p];
      switch (c) {
        case '{' -> {
          p++;
          Obj m = new Obj(new ArrayList<>());
          space();
          if (p < end && b[p] == '}') {
            p++;
            return m;
          }
          while (true) {
            space();
            if (p >= end || b[p] != '"') {
              throw new IllegalArgumentException("expected a member name");
            }
            String key = string();
            space();
            expect(':');
            m.members().add(new java.util.AbstractMap.SimpleEntry<>(key, value(depth + 1)));
            space();
            if (p < end && b[p] == ',') {
              p++;
              continue;
            }
            expect('}');
            return m;
          }
        }
        case '[' -> {
          p++;
          List<Object> list = new ArrayList<>();
          space();
          if (p < end && b[p] == ']') {
            p++;
            return list;
          }
          while (true) {
            list.add(value(depth + 1));
            space();
            if (p < end && b[p] == ',') {
              p++;
              continue;
            }
            expect(']');
            return list;
          }
        }
        case '"' -> {
          return string();
        }
        case 't' -> {
          word("true");
          return Boolean.TRUE;
        }
        case 'f' -> {
          word("false");
          return Boolean.FALSE;
        }
        case 'n' -> {
          word("null");
          return null;
        }
        default -> {
          int start = p;
          boolean integral = true;
          while (p < end && (Character.isDigit(b[p]) || b[p] == '-' || b[p] == '+' || b[p] == '.' || b[p] == 'e' || b[p] == 'E')) {
            integral &= b[p] != '.' && b[p] != 'e' && b[p] != 'E';
            p++;
          }
          if (p == start) {
            throw new IllegalArgumentException("unexpected character");
          }
          String text = new String(b, start, p - start, StandardCharsets.US_ASCII);
          try {
            Double.parseDouble(text);
          } catch (NumberFormatException e) {
            throw new IllegalArgumentException("bad number");
          }
          return new Number(text, integral);
        }
      }
    }

    private String string() {
      p++; // the opening quote
      StringBuilder sb = new StringBuilder();
      int run = p;
      while (true) {
        if (p >= end) {
          throw new IllegalArgumentException("unterminated string");
        }
        byte c = b[p];
        if (c == '"') {
          sb.append(new String(b, run, p - run, StandardCharsets.UTF_8));
          p++;
          return sb.toString();
        }
        if (c == '\\') {
          sb.append(new String(b, run, p - run, StandardCharsets.UTF_8));
          if (p + 1 >= end) {
            throw new IllegalArgumentException("unterminated escape");
          }
          byte e = b[p + 1];
          p += 2;
          switch (e) {
            case 'n' -> sb.append('\n');
            case 't' -> sb.append('\t');
            case 'r' -> sb.append('\r');
            case 'b' -> sb.append('\b');
            case 'f' -> sb.append('\f');
            case 'u' -> {
              if (p + 4 > end) {
                throw new IllegalArgumentException("bad \\u escape");
              }
              sb.append((char) Integer.parseInt(new String(b, p, 4, StandardCharsets.US_ASCII), 16));
              p += 4;
            }
            default -> sb.append((char) e);
          }
          run = p;
          continue;
        }
        p++;
      }
    }

    private void word(String w) {
      for (int i = 0; i < w.length(); i++) {
        if (p >= end || b[p] != w.charAt(i)) {
          throw new IllegalArgumentException("expected " + w);
        }
        p++;
      }
    }

    private void expect(char c) {
      space();
      if (p >= end || b[p] != c) {
        throw new IllegalArgumentException("expected " + c);
      }
      p++;
    }

    private void space() {
      while (p < end && (b[p] == ' ' || b[p] == '\t' || b[p] == '\r' || b[p] == '\n')) {
        p++;
      }
    }
  }
}
