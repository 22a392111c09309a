package io.sluice.record;

import java.util.Objects;

/**
 * One named, typed column of a {@link Schema}. Nested JSON values are either flat fields named by
 * their path ({@code customer.address.city}) or fields of a nested type ({@link FieldType#struct}).
 *
 * @param name the field's name: not empty
 * @param type the type of its values
 * @param nullable whether a record may lack a value; a reader reports a record that lacks the value of
 *     a field that is not nullable as a bad record
 */
public record Field(String name, FieldType type, boolean nullable) {
  public Field {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(type, "type");
    if (name.isEmpty()) {
      throw new InvalidSchemaException("A field name must not be empty (field of type " + type + ")");
    }
  }

  /** A field that every record must have. */
  public static Field required(String name, FieldType type) {
    return new Field(name, type, false);
  }

  /** A field that records may leave null. */
  public static Field optional(String name, FieldType type) {
    return new Field(name, type, true);
  }

  /** {@code name TYPE} or {@code name TYPE NULL}. */
  @Override
  public String toString() {
    return name + " " + type + (nullable ? " NULL" : "");
  }
}
