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

  /**
   * Parses a scalar value into {@code row}'s field {@code i} (a STRING is decoded with replacement:
   * readers check UTF-8 first and set string slices themselves).
   */
  static void parseInto(MutableRow row, int i, FieldType type, byte[] b, int off, int len) throws ValueException {
    switch (type.kind()) {
      case INT32 -> row.setInt(i, parseInt(b, off, len, Integer.MIN_VALUE, Integer.MAX_VALUE, "INT32"));
      case INT16 -> row.setInt(i, parseInt(b, off, len, Short.MIN_VALUE, Short.MAX_VALUE, "INT16"));
      case INT8 -> row.setInt(i, parseInt(b, off, len, Byte.MIN_VALUE, Byte.MAX_VALUE, "INT8"));
      case FLOAT32 -> row.setFloat(i, parseFloat(b, off, len));
      case TIME -> row.setLong(i, parseTime(b, off, len));
      case LOCAL_TIMESTAMP -> row.setLong(i, parseLocalTimestamp(b, off, len));
      case BINARY -> row.setBinary(i, parseBase64(b, off, len));
      case STRUCT, LIST, MAP -> throw new ValueException("a " + type.kind() + " has no text form here");
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

  static int parseInt(byte[] b, int off, int len, int min, int max, String type) throws ValueException {
    long v = parseLong(b, off, len);
    if (v < min || v > max) {
      throw new ValueException(quote(b, off, len) + " is out of the " + type + " range");
    }
    return (int) v;
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

  private static final double[] EXACT_POW10 = {
      1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22};

  /**
   * A double from its text without a String on the common path: a plain decimal of at most 15
   * significant digits and at most 22 after the point is an exact integer divided by an exact power of
   * ten, which IEEE 754 division rounds correctly (Clinger's fast path). Anything else goes through
   * {@link Double#parseDouble}.
   */
  static double parseDouble(byte[] b, int off, int len) throws ValueException {
    int i = off;
    int end = off + len;
    boolean negative = false;
    if (i < end && (b[i] == '-' || b[i] == '+')) {
      negative = b[i] == '-';
      i++;
    }
    long mantissa = 0;
    int digits = 0;
    int fraction = 0;
    boolean any = false;
    for (; i < end && b[i] >= '0' && b[i] <= '9' && digits <= 15; i++) {
      any = true;
      if (mantissa != 0 || b[i] != '0') {
        mantissa = mantissa * 10 + (b[i] - '0');
        digits++;
      }
    }
    if (i < end && b[i] == '.' && digits <= 15) {
      i++;
      for (; i < end && b[i] >= '0' && b[i] <= '9'; i++) {
        any = true;
        fraction++;
        if (mantissa != 0 || b[i] != '0') {
          mantissa = mantissa * 10 + (b[i] - '0');
          digits++;
        }
        if (digits > 15) {
          break;
        }
      }
    }
    if (i == end && any && digits <= 15 && fraction <= 22) {
      double v = (double) mantissa / EXACT_POW10[fraction];
      return negative ? -v : v;
    }
    return parseDoubleSlow(b, off, len);
  }

  private static double parseDoubleSlow(byte[] b, int off, int len) throws ValueException {
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

  static float parseFloat(byte[] b, int off, int len) throws ValueException {
    double d = parseDoubleSlow(b, off, len); // checks the syntax
    float f = Float.parseFloat(new String(b, off, len, StandardCharsets.ISO_8859_1)); // rounds once, to float
    if (Float.isInfinite(f) && !Double.isInfinite(d)) {
      throw new ValueException(quote(b, off, len) + " is out of the FLOAT32 range");
    }
    return f;
  }

  static byte[] parseBase64(byte[] b, int off, int len) throws ValueException {
    try {
      java.nio.ByteBuffer out = java.util.Base64.getDecoder().decode(java.nio.ByteBuffer.wrap(b, off, len));
      byte[] bytes = new byte[out.remaining()];
      out.get(bytes);
      return bytes;
    } catch (IllegalArgumentException e) {
      throw new ValueException(quote(b, off, len) + " is not base64 (RFC 4648): " + e.getMessage());
    }
  }

  /** Microseconds of the day of {@code HH:mm:ss[.ffffff]} (or {@code HH:mm}). */
  static long parseTime(byte[] b, int off, int len) throws ValueException {
    long micros = fastTime(b, off, off + len);
    if (micros >= 0) {
      return micros;
    }
    try {
      java.time.LocalTime t = java.time.LocalTime.parse(new String(b, off, len, StandardCharsets.UTF_8));
      if (t.getNano() % 1_000 != 0) {
        throw new ValueException(quote(b, off, len) + " is more precise than microseconds");
      }
      return t.toNanoOfDay() / 1_000;
    } catch (DateTimeParseException e) {
      throw new ValueException(quote(b, off, len) + " is not a time of day (HH:mm:ss[.ffffff])");
    }
  }

  /** {@code HH:mm:ss[.f{1,6}]} at {@code b[off, end)} in microseconds, or -1 if it is not that. */
  private static long fastTime(byte[] b, int off, int end) throws ValueException {
    if (end - off < 8 || b[off + 2] != ':' || b[off + 5] != ':') {
      return -1;
    }
    int h = digits(b, off, 2);
    int mi = digits(b, off + 3, 2);
    int s = digits(b, off + 6, 2);
    if (h < 0 || mi < 0 || s < 0) {
      return -1;
    }
    if (h > 23 || mi > 59 || s > 59) {
      throw new ValueException(quote(b, off, end - off) + " is not a valid time of day");
    }
    long frac = 0;
    int p = off + 8;
    if (p < end) {
      if (b[p] != '.' || end - p < 2 || end - p > 10) {
        return -1;
      }
      int n = end - p - 1;
      int f = digits(b, p + 1, n);
      if (f < 0) {
        return -1;
      }
      long nanos = f * POW10[9 - n];
      if (nanos % 1_000 != 0) {
        throw new ValueException(quote(b, off, end - off) + " is more precise than microseconds");
      }
      frac = nanos / 1_000;
    }
    return (h * 3600L + mi * 60L + s) * 1_000_000L + frac;
  }

  /** Microseconds since 1970-01-01T00:00 of a date and time without an offset ({@code 2026-11-01T08:30:00[.ffffff]}). */
  static long parseLocalTimestamp(byte[] b, int off, int len) throws ValueException {
    if (len >= 10) {
      long days = fastDate(b, off);
      if (days != Long.MIN_VALUE) {
        if (len == 10) {
          return days * MICROS_PER_DAY;
        }
        if (b[off + 10] == 'T' || b[off + 10] == ' ' || b[off + 10] == 't') {
          long micros = fastTime(b, off + 11, off + len);
          if (micros >= 0) {
            return days * MICROS_PER_DAY + micros;
          }
        }
      }
    }
    String s = new String(b, off, len, StandardCharsets.UTF_8).replace(' ', 'T');
    try {
      LocalDateTime t = LocalDateTime.parse(s);
      if (t.getNano() % 1_000 != 0) {
        throw new ValueException(quote(b, off, len) + " is more precise than microseconds");
      }
      return Math.addExact(Math.multiplyExact(t.toEpochSecond(ZoneOffset.UTC), 1_000_000L), t.getNano() / 1_000);
    } catch (DateTimeParseException e) {
      throw new ValueException(quote(b, off, len) + " is not a local date-time (ISO 8601 without an offset, e.g. 2026-11-01T08:30:00)");
    } catch (ArithmeticException e) {
      throw new ValueException(quote(b, off, len) + " is out of the LOCAL_TIMESTAMP range");
    }
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

  /** Writes a time of day ({@code 08:30:00}, with {@code .ffffff} when there are microseconds); needs 15 bytes. */
  static int putTime(long micros, byte[] buf, int at) {
    long seconds = micros / 1_000_000L;
    int frac = (int) (micros % 1_000_000L);
    put(buf, at, (int) (seconds / 3600), 2);
    buf[at + 2] = ':';
    put(buf, at + 3, (int) (seconds / 60 % 60), 2);
    buf[at + 5] = ':';
    put(buf, at + 6, (int) (seconds % 60), 2);
    at += 8;
    if (frac != 0) {
      buf[at] = '.';
      put(buf, at + 1, frac, 6);
      at += 7;
    }
    return at;
  }

  /** Writes a local date-time ({@code 2026-11-01T08:30:00[.ffffff]}, no offset); needs 40 bytes. */
  static int putLocalTimestamp(long micros, byte[] buf, int at) {
    long days = Math.floorDiv(micros, MICROS_PER_DAY);
    long inDay = Math.floorMod(micros, MICROS_PER_DAY);
    int end = putDate(days, buf, at);
    if (end - at != 10) {
      LocalDateTime t = LocalDateTime.ofEpochSecond(Math.floorDiv(micros, 1_000_000L), (int) Math.floorMod(micros, 1_000_000L) * 1_000,
          ZoneOffset.UTC);
      byte[] iso = DateTimeFormatter.ISO_LOCAL_DATE_TIME.format(t).getBytes(StandardCharsets.ISO_8859_1);
      System.arraycopy(iso, 0, buf, at, iso.length);
      return at + iso.length;
    }
    buf[end] = 'T';
    return putTime(inDay, buf, end + 1);
  }

  /**
   * Writes a double as {@link Double#toString} does, without a String for integral values under 10^7
   * (the common case of quantities and amounts); others go through {@code Double.toString}. Needs 32 bytes.
   */
  static int putDouble(double d, byte[] buf, int at) {
    if (d == (long) d && Math.abs(d) < 1e7 && (d != 0 || 1 / d > 0)) {
      at = putLong((long) d, buf, at);
      buf[at] = '.';
      buf[at + 1] = '0';
      return at + 2;
    }
    String s = Double.toString(d);
    for (int k = 0; k < s.length(); k++) {
      buf[at++] = (byte) s.charAt(k);
    }
    return at;
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
