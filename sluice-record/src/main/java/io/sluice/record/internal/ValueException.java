package io.sluice.record.internal;

/** A field value that does not parse as its type; the message says why. Cheap: no stack trace. */
final class ValueException extends Exception {
  ValueException(String reason) {
    super(reason, null, false, false);
  }
}
