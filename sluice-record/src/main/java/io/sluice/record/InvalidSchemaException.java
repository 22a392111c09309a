package io.sluice.record;

/**
 * A schema, field or field type that cannot be built: an empty or duplicate field name, a decimal
 * precision out of range, a schema a format cannot represent. The message names the field and the bad
 * value. Thrown when the schema is built or a reader is opened (a CSV header that does not match the
 * schema), never later while records flow.
 */
public class InvalidSchemaException extends IllegalArgumentException {
  public InvalidSchemaException(String message) {
    super(message);
  }
}
