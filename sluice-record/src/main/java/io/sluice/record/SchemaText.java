package io.sluice.record;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The text form of schemas and field types: a parser and a printer of SQL column lists
 * ({@code id bigint not null, name string, price decimal(12,2)}), as {@link Schema#parse} and
 * {@link Schema#toSql} document. Package-private: the entry points are on {@link Schema} and
 * {@link FieldType}.
 */
final class SchemaText {
  /** Type names the parser knows, lower case, to the type each means; the names in {@link #KNOWN} order. */
  private static final Map<String, FieldType> SIMPLE = new LinkedHashMap<>();

  static {
    SIMPLE.put("string", FieldType.STRING);
    SIMPLE.put("varchar", FieldType.STRING);
    SIMPLE.put("char", FieldType.STRING);
    SIMPLE.put("text", FieldType.STRING);
    SIMPLE.put("tinyint", FieldType.INT8);
    SIMPLE.put("byte", FieldType.INT8);
    SIMPLE.put("smallint", FieldType.INT16);
    SIMPLE.put("short", FieldType.INT16);
    SIMPLE.put("int", FieldType.INT32);
    SIMPLE.put("integer", FieldType.INT32);
    SIMPLE.put("bigint", FieldType.INT64);
    SIMPLE.put("long", FieldType.INT64);
    SIMPLE.put("float", FieldType.FLOAT32);
    SIMPLE.put("real", FieldType.FLOAT32);
    SIMPLE.put("double", FieldType.FLOAT64);
    SIMPLE.put("boolean", FieldType.BOOLEAN);
    SIMPLE.put("bool", FieldType.BOOLEAN);
    SIMPLE.put("date", FieldType.DATE);
    SIMPLE.put("time", FieldType.TIME);
    SIMPLE.put("timestamp", FieldType.TIMESTAMP);
    SIMPLE.put("timestamp_ltz", FieldType.TIMESTAMP);
    SIMPLE.put("timestamptz", FieldType.TIMESTAMP);
    SIMPLE.put("timestamp_ntz", FieldType.LOCAL_TIMESTAMP);
    SIMPLE.put("binary", FieldType.BINARY);
    SIMPLE.put("varbinary", FieldType.BINARY);
    SIMPLE.put("bytes", FieldType.BINARY);
  }

  /** Every type name the parser knows, for the message of an unknown one. */
  static final String KNOWN = String.join(", ", SIMPLE.keySet())
      + ", double precision, decimal(p,s), numeric(p,s), array<t>, map<k,v>, struct<name: t, ...>";

  /** Names printed without quotes: words of letters, digits and underscores, joined by dots. */
  private static final Pattern BARE = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*(\\.[A-Za-z_][A-Za-z0-9_]*)*");

  private final String text;
  private int pos;

  private SchemaText(String text) {
    this.text = text;
  }

  // ---------------------------------------------------------------- parsing

  static Schema parseSchema(String text) {
    SchemaText p = new SchemaText(text);
    List<Field> fields = p.fieldList(false, '\0');
    p.skipSpace();
    if (p.pos < text.length()) {
      throw p.error("expected ',' or the end of the schema, found '" + text.charAt(p.pos) + "'");
    }
    return p.build(fields, 0);
  }

  static FieldType parseType(String text) {
    SchemaText p = new SchemaText(text);
    FieldType type = p.type();
    p.skipSpace();
    if (p.pos < text.length()) {
      throw p.error("expected the end of the type, found '" + text.charAt(p.pos) + "'");
    }
    return type;
  }

  /** Columns up to {@code close} (or the end of the text when it is {@code '\0'}); in a struct, {@code name: type} is allowed. */
  private List<Field> fieldList(boolean inStruct, char close) {
    List<Field> fields = new ArrayList<>();
    skipSpace();
    if (atEnd() || peek() == close) {
      throw error(inStruct ? "a struct needs at least one field" : "a schema needs at least one column");
    }
    while (true) {
      fields.add(field(inStruct));
      skipSpace();
      if (!atEnd() && peek() == ',') {
        pos++;
        continue;
      }
      return fields;
    }
  }

  private Field field(boolean inStruct) {
    skipSpace();
    int start = pos;
    String name = name();
    skipSpace();
    if (inStruct && !atEnd() && peek() == ':') {
      pos++;
    }
    FieldType type = type();
    boolean nullable = true;
    int mark = pos;
    String word = word();
    if (word.equalsIgnoreCase("not")) {
      if (!word().equalsIgnoreCase("null")) {
        throw error("expected 'null' after 'not' (column '" + name + "')");
      }
      nullable = false;
    } else if (word.equalsIgnoreCase("null")) {
      nullable = true;
    } else {
      pos = mark;
    }
    try {
      return new Field(name, type, nullable);
    } catch (InvalidSchemaException e) {
      pos = start;
      throw error(e.getMessage());
    }
  }

  private String name() {
    skipSpace();
    if (atEnd()) {
      throw error("expected a column name");
    }
    char c = peek();
    if (c == '`' || c == '"') {
      return quoted(c);
    }
    int start = pos;
    while (!atEnd() && (Character.isLetterOrDigit(peek()) || peek() == '_' || peek() == '.' || peek() == '$')) {
      pos++;
    }
    if (pos == start) {
      throw error("expected a column name, found '" + c + "' (quote names of other characters with `backquotes`)");
    }
    return text.substring(start, pos);
  }

  /** A name in {@code quote}s, the quote doubled inside it. */
  private String quoted(char quote) {
    int start = pos;
    pos++;
    StringBuilder sb = new StringBuilder();
    while (true) {
      if (atEnd()) {
        pos = start;
        throw error("unterminated quoted name (a " + quote + " inside a name is written twice)");
      }
      char c = text.charAt(pos++);
      if (c == quote) {
        if (!atEnd() && peek() == quote) {
          pos++;
        } else {
          return sb.toString();
        }
      }
      sb.append(c);
    }
  }

  private FieldType type() {
    skipSpace();
    int start = pos;
    String word = word().toLowerCase(Locale.ROOT);
    if (word.isEmpty()) {
      throw error(atEnd() ? "expected a type at the end of the text; known types: " + KNOWN
          : "expected a type, found '" + peek() + "'; known types: " + KNOWN);
    }
    switch (word) {
      case "decimal", "numeric", "dec" -> {
        return decimal(start);
      }
      case "array", "list" -> {
        expect('<', word);
        FieldType element = type();
        expect('>', word);
        return FieldType.list(element);
      }
      case "map" -> {
        expect('<', word);
        FieldType key = type();
        expect(',', word);
        FieldType value = type();
        expect('>', word);
        try {
          return FieldType.map(key, value);
        } catch (InvalidSchemaException e) {
          pos = start;
          throw error(e.getMessage());
        }
      }
      case "struct", "row" -> {
        expect('<', word);
        List<Field> fields = fieldList(true, '>');
        expect('>', word);
        return FieldType.struct(build(fields, start));
      }
      case "double" -> {
        int mark = pos;
        if (!word().equalsIgnoreCase("precision")) {
          pos = mark;
        }
        return FieldType.FLOAT64;
      }
      case "varchar", "char" -> {
        lengthIgnored();
        return FieldType.STRING;
      }
      default -> {
        FieldType simple = SIMPLE.get(word);
        if (simple == null) {
          pos = start;
          throw error("unknown type '" + text.substring(start, start + word.length()) + "'; known types: " + KNOWN);
        }
        return simple;
      }
    }
  }

  /** {@code varchar(255)}: the length is accepted and not kept (a STRING has none). */
  private void lengthIgnored() {
    skipSpace();
    if (!atEnd() && peek() == '(') {
      pos++;
      number("a length");
      expect(')', "varchar");
    }
  }

  /** {@code decimal(p,s)}, {@code decimal(p)} (scale 0) or {@code decimal} (decimal(10,0), as Hive and Spark read it). */
  private FieldType decimal(int start) {
    skipSpace();
    int precision = 10;
    int scale = 0;
    if (!atEnd() && peek() == '(') {
      pos++;
      precision = number("a decimal precision");
      skipSpace();
      if (!atEnd() && peek() == ',') {
        pos++;
        scale = number("a decimal scale");
      }
      expect(')', "decimal");
    }
    try {
      return FieldType.decimal(precision, scale);
    } catch (InvalidSchemaException e) {
      int end = pos;
      pos = start;
      throw error("bad decimal '" + text.substring(start, end) + "': " + e.getMessage());
    }
  }

  private int number(String what) {
    skipSpace();
    int start = pos;
    while (!atEnd() && peek() >= '0' && peek() <= '9') {
      pos++;
    }
    if (pos == start) {
      throw error("expected " + what + (atEnd() ? "" : ", found '" + peek() + "'"));
    }
    try {
      return Integer.parseInt(text.substring(start, pos));
    } catch (NumberFormatException e) {
      pos = start;
      throw error(what + " is too large");
    }
  }

  private Schema build(List<Field> fields, int start) {
    try {
      return Schema.of(fields);
    } catch (InvalidSchemaException e) {
      pos = start;
      throw error(e.getMessage());
    }
  }

  private String word() {
    skipSpace();
    int start = pos;
    while (!atEnd() && (Character.isLetterOrDigit(peek()) || peek() == '_')) {
      pos++;
    }
    return text.substring(start, pos);
  }

  private void expect(char c, String in) {
    skipSpace();
    if (atEnd() || peek() != c) {
      throw error("expected '" + c + "' in " + in + (atEnd() ? ", found the end of the text" : ", found '" + peek() + "'"));
    }
    pos++;
  }

  private void skipSpace() {
    while (!atEnd() && Character.isWhitespace(peek())) {
      pos++;
    }
  }

  private boolean atEnd() {
    return pos >= text.length();
  }

  private char peek() {
    return text.charAt(pos);
  }

  private InvalidSchemaException error(String message) {
    return new InvalidSchemaException("Cannot parse schema at character " + (pos + 1) + " of \"" + text + "\": " + message);
  }

  // ---------------------------------------------------------------- printing

  static String print(Schema schema) {
    StringBuilder sb = new StringBuilder();
    fields(schema, sb, false);
    return sb.toString();
  }

  static String print(FieldType type) {
    StringBuilder sb = new StringBuilder();
    type(type, sb);
    return sb.toString();
  }

  private static void fields(Schema schema, StringBuilder sb, boolean inStruct) {
    for (int i = 0; i < schema.size(); i++) {
      Field f = schema.field(i);
      sb.append(i == 0 ? "" : ", ");
      name(f.name(), sb);
      sb.append(inStruct ? ": " : " ");
      type(f.type(), sb);
      if (!f.nullable()) {
        sb.append(" not null");
      }
    }
  }

  private static void name(String name, StringBuilder sb) {
    if (BARE.matcher(name).matches()) {
      sb.append(name);
    } else {
      sb.append('`').append(name.replace("`", "``")).append('`');
    }
  }

  private static void type(FieldType type, StringBuilder sb) {
    switch (type.kind()) {
      case STRING -> sb.append("string");
      case BINARY -> sb.append("binary");
      case INT8 -> sb.append("tinyint");
      case INT16 -> sb.append("smallint");
      case INT32 -> sb.append("int");
      case INT64 -> sb.append("bigint");
      case FLOAT32 -> sb.append("float");
      case FLOAT64 -> sb.append("double");
      case BOOLEAN -> sb.append("boolean");
      case DATE -> sb.append("date");
      case TIME -> sb.append("time");
      case TIMESTAMP -> sb.append("timestamp");
      case LOCAL_TIMESTAMP -> sb.append("timestamp_ntz");
      case DECIMAL -> sb.append("decimal(").append(type.precision()).append(',').append(type.scale()).append(')');
      case LIST -> {
        sb.append("array<");
        type(type.elementType(), sb);
        sb.append('>');
      }
      case MAP -> {
        sb.append("map<");
        type(type.keyType(), sb);
        sb.append(", ");
        type(type.elementType(), sb);
        sb.append('>');
      }
      case STRUCT -> {
        sb.append("struct<");
        fields(type.fields(), sb, true);
        sb.append('>');
      }
    }
  }
}
