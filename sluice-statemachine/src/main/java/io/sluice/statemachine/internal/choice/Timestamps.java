package io.sluice.statemachine.internal.choice;

import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.DateTimeParseException;
import java.time.format.ResolverStyle;
import java.time.temporal.ChronoField;

/**
 * Timestamps as Choice rules read them: RFC 3339 date-times with an uppercase {@code T} between date
 * and time, seconds, optional fractional seconds, and an offset that is {@code Z} or {@code +hh:mm}.
 */
public final class Timestamps {
  private static final DateTimeFormatter RFC3339 = new DateTimeFormatterBuilder()
      .appendValue(ChronoField.YEAR, 4)
      .appendLiteral('-')
      .appendValue(ChronoField.MONTH_OF_YEAR, 2)
      .appendLiteral('-')
      .appendValue(ChronoField.DAY_OF_MONTH, 2)
      .appendLiteral('T')
      .appendValue(ChronoField.HOUR_OF_DAY, 2)
      .appendLiteral(':')
      .appendValue(ChronoField.MINUTE_OF_HOUR, 2)
      .appendLiteral(':')
      .appendValue(ChronoField.SECOND_OF_MINUTE, 2)
      .optionalStart()
      .appendFraction(ChronoField.NANO_OF_SECOND, 1, 9, true)
      .optionalEnd()
      .appendOffset("+HH:MM", "Z")
      .toFormatter()
      .withResolverStyle(ResolverStyle.STRICT)
      .withChronology(java.time.chrono.IsoChronology.INSTANCE);

  private Timestamps() {}

  /** The timestamp, or null when {@code text} is not one. */
  public static OffsetDateTime parse(String text) {
    try {
      return OffsetDateTime.parse(text, RFC3339);
    } catch (DateTimeParseException e) {
      return null;
    }
  }
}
