package io.sluice.pipeline;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Sizes as people write them: {@code 256MB}, {@code 1.5 GiB}, {@code 64k}, {@code 1048576}. Binary units (1 MB = 2^20 bytes). */
public final class ByteSize {
  private static final Pattern SIZE = Pattern.compile("(\\d+(?:\\.\\d+)?)\\s*([kmgt]?)(i?b)?");

  private ByteSize() {}

  /**
   * The bytes {@code text} names.
   *
   * @throws IllegalArgumentException naming the text if it is not a positive size
   */
  public static long parse(String text) {
    Matcher m = SIZE.matcher(text.trim().toLowerCase(Locale.ROOT));
    if (!m.matches()) {
      throw new IllegalArgumentException("'" + text + "' is not a size: write a number with an optional unit, such as"
          + " 256MB, 1GB, 64KB or 1048576 (units are binary: 1 MB = 1,048,576 bytes)");
    }
    double n = Double.parseDouble(m.group(1));
    int shift = switch (m.group(2)) {
      case "k" -> 10;
      case "m" -> 20;
      case "g" -> 30;
      case "t" -> 40;
      default -> 0;
    };
    double bytes = n * (1L << shift);
    if (bytes < 1 || bytes > Long.MAX_VALUE / 2) {
      throw new IllegalArgumentException("'" + text + "' is not a usable size: give at least 1 byte and at most a few exabytes");
    }
    return (long) bytes;
  }

  /** {@code bytes} in the largest unit that keeps it at least 1: {@code 256.0 MB}. */
  public static String format(long bytes) {
    String[] units = {"B", "KB", "MB", "GB", "TB"};
    double v = bytes;
    int u = 0;
    while (v >= 1024 && u < units.length - 1) {
      v /= 1024;
      u++;
    }
    return u == 0 ? bytes + " B" : String.format(Locale.ROOT, "%.1f %s", v, units[u]);
  }
}
