package io.sluice.record.internal;

import io.sluice.record.FieldType;
import io.sluice.record.MutableRow;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;

/**
 * The text form of field values, shared by the CSV and JSON Lines readers and writers: parsing straight
 * from UTF-8 bytes (no String for numbers, dates and timestamps on the common paths) and printing into
 * byte arrays. Years 0000-9999 take the fast paths; others go through {@code java.time}.
 */
final class TextValues {
  private static final long MICROS_PER_DAY = 86_400_000_000L;
  private static final long[] POW10 = new long[19];

  static {
    POW10[0] = 1;
    for (int i = 1; i < POW10.length; i++) {
      POW10[i] = POW10[i - 1] * 10;
    }
  }

  private TextValues() {}

  /** Parses a value of any type but STRING into {@code row}'s field {@code i}. */
  static void parseInto(MutableRow row, int i, FieldType type, byte[] b, int off, int len) throws ValueException {
    switch (type.kind()) {
      case INT32 -> {
        long v = parseLong(b, off, len);
        if (v != (int) v) {
          throw new ValueException(quote(b, off, len) + " is out of the INT32 range");
        }
        row.setInt(i, (int) v);
      }
      case INT64 -> row.setLong(i, parseLong(b, off, len));
      case FLOAT64 -> row.setDouble(i, parseDouble(b, off, len));
      case BOOLEAN -> row.setBoolean(i, parseBoolean(b, off, len));
      case DATE -> row.setInt(i, parseDate(b, off, len));
      case TIMESTAMP -> row.setLong(i, parseTimestamp(b, off, len));
      case DECIMAL -> {
        if (type.isLongDecimal()) {
          row.setDecimalUnscaled(i, parseDecimalUnscaled(b, off, len, type));
        } else {
          row.setDecimal(i, parseWideDecimal(b, off, len, type));
        }
      }
      case STRING -> row.setString(i, new String(b, off, len, StandardCharsets.UTF_8));
    }
  }

  static long parseLong(byte[] b, int off, int len) throws ValueException {
    int i = off;
    int end = off + len;
    boolean negative = false;
    if (i < end && (b[i] == '-' || b[i] == '+')) {
      negative = b[i] == '-';
      i++;
    }
    if (i == end) {
      throw new ValueException(quote(b, off, len) + " is not an integer");
    }
    long v = 0; // accumulated negatively, to reach Long.MIN_VALUE
    for (; i < end; i++) {
      int d = b[i] - '0';
      if (d < 0 || d > 9) {
        throw new ValueException(quote(b, off, len) + " is not an integer");
      }
      if (v < Long.MIN_VALUE / 10 || v * 10 < Long.MIN_VALUE + d) {
        throw new ValueException(quote(b, off, len) + " is out of the INT64 range");
      }
      v = v * 10 - d;
    }
    if (!negative) {
      if (v == Long.MIN_VALUE) {
        throw new ValueException(quote(b, off, len) + " is out of the INT64 range");
      }
      v = -v;
    }
    return v;
  }

  static double parseDouble(byte[] b, int off, int len) throws ValueException {
    String s = new String(b, off, len, StandardCharsets.ISO_8859_1);
    boolean plain = len > 0;
    for (int i = off; i < off + len && plain; i++) {
      byte c = b[i];
      plain = (c >= '0' && c <= '9') || c == '.' || c == '-' || c == '+' || c == 'e' || c == 'E';
    }
    if (plain || s.equals("NaN") || s.equals("Infinity") || s.equals("-Infinity") || s.equals("+Infinity")) {
      try {
        return Double.parseDouble(s);
      } catch (NumberFormatException e) {
        // reported below
      }
    }
    throw new ValueException(quote(b, off, len) + " is not a number");
  }

  static boolean parseBoolean(byte[] b, int off, int len) throws ValueException {
    if (len == 4 && (b[off] | 0x20) == 't' && (b[off + 1] | 0x20) == 'r' && (b[off + 2] | 0x20) == 'u' && (b[off + 3] | 0x20) == 'e') {
      return true;
    }
    if (len == 5 && (b[off] | 0x20) == 'f' && (b[off + 1] | 0x20) == 'a' && (b[off + 2] | 0x20) == 'l'
        && (b[off + 3] | 0x20) == 's' && (b[off + 4] | 0x20) == 'e') {
      return false;
    }
    throw new ValueException(quote(b, off, len) + " is not a boolean (true or false)");
  }

  /** Days since 1970-01-01 of {@code yyyy-MM-dd}. */
  static int parseDate(byte[] b, int off, int len) throws ValueException {
    if (len == 10) {
      long days = fastDate(b, off);
      if (days != Long.MIN_VALUE) {
        return (int) days;
      }
    }
    try {
      long days = LocalDate.parse(new String(b, off, len, StandardCharsets.UTF_8)).toEpochDay();
      if (days != (int) days) {
        throw new ValueException(quote(b, off, len) + " is out of the DATE range");
      }
      return (int) days;
    } catch (DateTimeParseException e) {
      throw new ValueException(quote(b, off, len) + " is not a date (yyyy-MM-dd)");
    }
  }

  /** Microseconds since the epoch of an ISO 8601 date-time; no offset means UTC. */
  static long parseTimestamp(byte[] b, int off, int len) throws ValueException {
    long micros = fastTimestamp(b, off, len);
    if (micros != Long.MIN_VALUE) {
      return micros;
    }
    String s = new String(b, off, len, StandardCharsets.UTF_8).replace(' ', 'T');
    Instant instant;
    try {
      instant = OffsetDateTime.parse(s).toInstant();
    } catch (DateTimeParseException e) {
      try {
        instant = LocalDateTime.parse(s).toInstant(ZoneOffset.UTC);
      } catch (DateTimeParseException e2) {
        try {
          instant = LocalDate.parse(s).atStartOfDay().toInstant(ZoneOffset.UTC);
        } catch (DateTimeParseException e3) {
          throw new ValueException(quote(b, off, len) + " is not a timestamp (ISO 8601, e.g. 2026-11-01T08:30:00Z)");
        }
      }
    }
    if (instant.getNano() % 1_000 != 0) {
      throw new ValueException(quote(b, off, len) + " is more precise than microseconds");
    }
    try {
      return Math.addExact(Math.multiplyExact(instant.getEpochSecond(), 1_000_000L), instant.getNano() / 1_000);
    } catch (ArithmeticException e) {
      throw new ValueException(quote(b, off, len) + " is out of the TIMESTAMP range");
    }
  }

  /** The unscaled value of a plain decimal ({@code -12.30}) for a type of precision at most 18. */
  static long parseDecimalUnscaled(byte[] b, int off, int len, FieldType type) throws ValueException {
    int scale = type.scale();
    int maxIntDigits = type.precision() - scale;
    int i = off;
    int end = off + len;
    boolean negative = false;
    if (i < end && (b[i] == '-' || b[i] == '+')) {
      negative = b[i] == '-';
      i++;
    }
    long v = 0;
    int intDigits = 0;
    int digits = 0;
    for (; i < end && b[i] >= '0' && b[i] <= '9'; i++) {
      digits++;
      if (v == 0 && b[i] == '0') {
        continue; // leading zero
      }
      if (++intDigits > maxIntDigits) {
        throw tooManyDigits(b, off, len, type);
      }
      v = v * 10 + (b[i] - '0');
    }
    int fracDigits = 0;
    if (i < end && b[i] == '.') {
      i++;
      for (; i < end && b[i] >= '0' && b[i] <= '9'; i++) {
        digits++;
        if (fracDigits < scale) {
          v = v * 10 + (b[i] - '0');
          fracDigits++;
        } else if (b[i] != '0') {
          throw new ValueException(quote(b, off, len) + " has more than " + scale + " digits after the point, which "
              + type + " holds");
        }
      }
    }
    if (i != end || digits == 0) {
      if (digits > 0 && i < end && (b[i] == 'e' || b[i] == 'E')) {
        BigDecimal wide = parseWideDecimal(b, off, len, type);
        return wide.unscaledValue().longValueExact();
      }
      throw new ValueException(quote(b, off, len) + " is not a decimal");
    }
    v *= POW10[scale - fracDigits];
    return negative ? -v : v;
  }

  static BigDecimal parseWideDecimal(byte[] b, int off, int len, FieldType type) throws ValueException {
    BigDecimal d;
    try {
      d = new BigDecimal(new String(b, off, len, StandardCharsets.ISO_8859_1));
    } catch (NumberFormatException e) {
      throw new ValueException(quote(b, off, len) + " is not a decimal");
    }
    try {
      d = d.setScale(type.scale(), RoundingMode.UNNECESSARY);
    } catch (ArithmeticException e) {
      throw new ValueException(quote(b, off, len) + " has more than " + type.scale() + " digits after the point, which "
          + type + " holds");
    }
    if (d.unscaledValue().abs().toString().length() > type.precision()) {
      throw tooManyDigits(b, off, len, type);
    }
    return d;
  }

  private static ValueException tooManyDigits(byte[] b, int off, int len, FieldType type) {
    return new ValueException(quote(b, off, len) + " has more digits than " + type + " holds");
  }

  /** Days of {@code yyyy-MM-dd} at {@code b[off]}, or {@code Long.MIN_VALUE} if it is not that. */
  private static long fastDate(byte[] b, int off) throws ValueException {
    int y = digits(b, off, 4);
    int m = digits(b, off + 5, 2);
    int d = digits(b, off + 8, 2);
    if (y < 0 || m < 0 || d < 0 || b[off + 4] != '-' || b[off + 7] != '-') {
      return Long.MIN_VALUE;
    }
    if (m < 1 || m > 12 || d < 1 || d > monthLength(y, m)) {
      throw new ValueException(quote(b, off, 10) + " is not a valid date");
    }
    return daysFromCivil(y, m, d);
  }

  private static long fastTimestamp(byte[] b, int off, int len) throws ValueException {
    if (len < 10) {
      return Long.MIN_VALUE;
    }
    long days = fastDate(b, off);
    if (days == Long.MIN_VALUE) {
      return Long.MIN_VALUE;
    }
    if (len == 10) {
      return days * MICROS_PER_DAY;
    }
    if (len < 19 || (b[off + 10] != 'T' && b[off + 10] != ' ' && b[off + 10] != 't') || b[off + 13] != ':' || b[off + 16] != ':') {
      return Long.MIN_VALUE;
    }
    int h = digits(b, off + 11, 2);
    int mi = digits(b, off + 14, 2);
    int s = digits(b, off + 17, 2);
    if (h < 0 || mi < 0 || s < 0) {
      return Long.MIN_VALUE;
    }
    if (h > 23 || mi > 59 || s > 59) {
      throw new ValueException(quote(b, off, len) + " is not a valid time of day");
    }
    int p = off + 19;
    int end = off + len;
    long fracMicros = 0;
    if (p < end && b[p] == '.') {
      p++;
      int n = 0;
      long nanos = 0;
      while (p < end && b[p] >= '0' && b[p] <= '9') {
        if (++n > 9) {
          return Long.MIN_VALUE;
        }
        nanos = nanos * 10 + (b[p++] - '0');
      }
      if (n == 0) {
        return Long.MIN_VALUE;
      }
      nanos *= POW10[9 - n];
      if (nanos % 1_000 != 0) {
        throw new ValueException(quote(b, off, len) + " is more precise than microseconds");
      }
      fracMicros = nanos / 1_000;
    }
    int offsetSeconds = 0;
    if (p < end) {
      byte z = b[p];
      if ((z == 'Z' || z == 'z') && p + 1 == end) {
        p++;
      } else if (z == '+' || z == '-') {
        int oh;
        int om = 0;
        int rest = end - p - 1;
        if (rest == 2) {
          oh = digits(b, p + 1, 2);
        } else if (rest == 4) {
          oh = digits(b, p + 1, 2);
          om = digits(b, p + 3, 2);
        } else if (rest == 5 && b[p + 3] == ':') {
          oh = digits(b, p + 1, 2);
          om = digits(b, p + 4, 2);
        } else {
          return Long.MIN_VALUE;
        }
        if (oh < 0 || om < 0 || oh > 18 || om > 59) {
          return Long.MIN_VALUE;
        }
        offsetSeconds = (z == '-' ? -1 : 1) * (oh * 3600 + om * 60);
        p = end;
      } else {
        return Long.MIN_VALUE;
      }
    }
    long seconds = days * 86_400 + h * 3600L + mi * 60L + s - offsetSeconds;
    return seconds * 1_000_000L + fracMicros;
  }

  private static int digits(byte[] b, int off, int n) {
    int v = 0;
    for (int i = off; i < off + n; i++) {
      int d = b[i] - '0';
      if (d < 0 || d > 9) {
        return -1;
      }
      v = v * 10 + d;
    }
    return v;
  }

  private static int monthLength(int y, int m) {
    return switch (m) {
      case 2 -> (y % 4 == 0 && (y % 100 != 0 || y % 400 == 0)) ? 29 : 28;
      case 4, 6, 9, 11 -> 30;
      default -> 31;
    };
  }

  /** Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's algorithm). */
  static long daysFromCivil(long y, int m, int d) {
    y -= m <= 2 ? 1 : 0;
    long era = Math.floorDiv(y, 400);
    long yoe = y - era * 400;
    long doy = (153L * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
    long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146_097 + doe - 719_468;
  }

  // ---- printing ----

  /** Writes {@code v} in decimal at {@code buf[at]}; returns the index after it. Needs 20 bytes. */
  static int putLong(long v, byte[] buf, int at) {
    if (v == Long.MIN_VALUE) {
      byte[] min = "-9223372036854775808".getBytes(StandardCharsets.ISO_8859_1);
      System.arraycopy(min, 0, buf, at, min.length);
      return at + min.length;
    }
    if (v < 0) {
      buf[at++] = '-';
      v = -v;
    }
    int digits = 1;
    while (digits < 19 && v >= POW10[digits]) {
      digits++;
    }
    for (int i = at + digits - 1; i >= at; i--) {
      buf[i] = (byte) ('0' + v % 10);
      v /= 10;
    }
    return at + digits;
  }

  /** Writes a date ({@code yyyy-MM-dd}) at {@code buf[at]}; returns the index after it. Needs 16 bytes. */
  static int putDate(long days, byte[] buf, int at) {
    // civil from days (H. Hinnant)
    long z = days + 719_468;
    long era = Math.floorDiv(z, 146_097);
    long doe = z - era * 146_097;
    long yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    long y = yoe + era * 400;
    long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    long mp = (5 * doy + 2) / 153;
    int d = (int) (doy - (153 * mp + 2) / 5 + 1);
    int m = (int) (mp < 10 ? mp + 3 : mp - 9);
    y += m <= 2 ? 1 : 0;
    if (y < 0 || y > 9999) {
      byte[] iso = LocalDate.ofEpochDay(days).toString().getBytes(StandardCharsets.ISO_8859_1);
      System.arraycopy(iso, 0, buf, at, iso.length);
      return at + iso.length;
    }
    put(buf, at, (int) y, 4);
    buf[at + 4] = '-';
    put(buf, at + 5, m, 2);
    buf[at + 7] = '-';
    put(buf, at + 8, d, 2);
    return at + 10;
  }

  /**
   * Writes a timestamp ({@code 2026-11-01T08:30:00Z}, with {@code .ffffff} when there are microseconds)
   * at {@code buf[at]}; returns the index after it. Needs 40 bytes.
   */
  static int putTimestamp(long micros, byte[] buf, int at) {
    long days = Math.floorDiv(micros, MICROS_PER_DAY);
    long inDay = Math.floorMod(micros, MICROS_PER_DAY);
    int end = putDate(days, buf, at);
    if (end - at != 10) {
      Instant instant = Instant.ofEpochSecond(Math.floorDiv(micros, 1_000_000L), Math.floorMod(micros, 1_000_000L) * 1_000L);
      byte[] iso = DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(instant.atOffset(ZoneOffset.UTC)).getBytes(StandardCharsets.ISO_8859_1);
      System.arraycopy(iso, 0, buf, at, iso.length);
      return at + iso.length;
    }
    long seconds = inDay / 1_000_000L;
    int frac = (int) (inDay % 1_000_000L);
    buf[end] = 'T';
    put(buf, end + 1, (int) (seconds / 3600), 2);
    buf[end + 3] = ':';
    put(buf, end + 4, (int) (seconds / 60 % 60), 2);
    buf[end + 6] = ':';
    put(buf, end + 7, (int) (seconds % 60), 2);
    end += 9;
    if (frac != 0) {
      buf[end] = '.';
      put(buf, end + 1, frac, 6);
      end += 7;
    }
    buf[end] = 'Z';
    return end + 1;
  }

  /** Writes {@code unscaled} &times; 10<sup>-scale</sup> plainly ({@code -0.05}) at {@code buf[at]}. Needs 22 bytes. */
  static int putDecimal(long unscaled, int scale, byte[] buf, int at) {
    if (scale == 0) {
      return putLong(unscaled, buf, at);
    }
    if (unscaled < 0) {
      buf[at++] = '-';
      unscaled = -unscaled; // precision <= 18, so never Long.MIN_VALUE
    }
    long whole = unscaled / POW10[scale];
    long frac = unscaled % POW10[scale];
    at = putLong(whole, buf, at);
    buf[at++] = '.';
    for (int i = at + scale - 1; i >= at; i--) {
      buf[i] = (byte) ('0' + frac % 10);
      frac /= 10;
    }
    return at + scale;
  }

  private static void put(byte[] buf, int at, int v, int width) {
    for (int i = at + width - 1; i >= at; i--) {
      buf[i] = (byte) ('0' + v % 10);
      v /= 10;
    }
  }

  /** {@code 'text'} of a value, shortened, for messages. */
  static String quote(byte[] b, int off, int len) {
    String s = new String(b, off, Math.min(len, 80), StandardCharsets.UTF_8);
    return "'" + s + (len > 80 ? "..." : "") + "'";
  }
}
