package io.sluice.table.internal;

import io.sluice.record.Field;
import io.sluice.record.FieldType;
import io.sluice.record.Schema;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Reads back the text {@link FieldType#toString()} gives ({@code INT32}, {@code DECIMAL(9,2)}, {@code
 * STRUCT<a INT32, b STRING NULL>}, {@code LIST<INT32>}, {@code MAP<STRING, INT64>}), so a table's schema
 * travels as JSON in its manifest.
 */
public final class TypeText {
  private final String text;
  private int at;

  private TypeText(String text) {
    this.text = text;
  }

  /** The type {@code text} names. @throws IllegalArgumentException naming the text and position if malformed */
  public static FieldType parse(String text) {
    TypeText p = new TypeText(text);
    FieldType t = p.type();
    p.space();
    if (p.at != text.length()) {
      throw p.error("unexpected text after the type");
    }
    return t;
  }

  private FieldType type() {
    space();
    String word = word().toUpperCase(Locale.ROOT);
    switch (word) {
      case "DECIMAL" -> {
        expect('(');
        int p = Integer.parseInt(word().strip());
        expect(',');
        int s = Integer.parseInt(word().strip());
        expect(')');
        return FieldType.decimal(p, s);
      }
      case "LIST" -> {
        expect('<');
        FieldType e = type();
        expect('>');
        return FieldType.list(e);
      }
      case "MAP" -> {
        expect('<');
        FieldType k = type();
        expect(',');
        FieldType v = type();
        expect('>');
        return FieldType.map(k, v);
      }
      case "STRUCT" -> {
        expect('<');
        List<Field> fields = new ArrayList<>();
        do {
          space();
          String name = name();
          FieldType t = type();
          space();
          boolean nullable = false;
          if (text.startsWith("NULL", at)) {
            at += 4;
            nullable = true;
          }
          fields.add(new Field(name, t, nullable));
          space();
        } while (at < text.length() && text.charAt(at) == ',' && ++at > 0);
        expect('>');
        return FieldType.struct(Schema.of(fields));
      }
      default -> {
        try {
          FieldType.Kind kind = FieldType.Kind.valueOf(word);
          return (FieldType) FieldType.class.getField(kind.name()).get(null);
        } catch (ReflectiveOperationException | IllegalArgumentException e) {
          throw error("unknown type '" + word + "'");
        }
      }
    }
  }

  private String name() {
    int start = at;
    while (at < text.length() && text.charAt(at) != ' ') {
      at++;
    }
    return text.substring(start, at);
  }

  private String word() {
    space();
    int start = at;
    while (at < text.length() && (Character.isLetterOrDigit(text.charAt(at)) || text.charAt(at) == '_')) {
      at++;
    }
    if (start == at) {
      throw error("expected a word");
    }
    return text.substring(start, at);
  }

  private void expect(char c) {
    space();
    if (at >= text.length() || text.charAt(at) != c) {
      throw error("expected '" + c + "'");
    }
    at++;
  }

  private void space() {
    while (at < text.length() && text.charAt(at) == ' ') {
      at++;
    }
  }

  private IllegalArgumentException error(String what) {
    return new IllegalArgumentException("Type '" + text + "': " + what + " at character " + (at + 1));
  }
}
