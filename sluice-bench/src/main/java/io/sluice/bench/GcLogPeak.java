package io.sluice.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The peak heap of a JVM read from its {@code -Xlog:gc} log: each collection's line has the heap used
 * before and after it and the heap's committed size ({@code Pause Young (Normal) (G1 Evacuation Pause)
 * 120M->30M(256M) 5.1ms}). {@code before} is the most heap in use seen (garbage included: it rises with
 * the heap the JVM is allowed); {@code after} is the most still in use right after a collection (an upper
 * bound of the live data); {@code committed} the largest heap the JVM reserved from the OS.
 *
 * @param collections the number of collection lines read; 0 when the JVM never collected (the values are then 0)
 */
public record GcLogPeak(long before, long after, long committed, int collections) {
  private static final Pattern SIZES = Pattern.compile("(\\d+)([KMG])->(\\d+)([KMG])\\((\\d+)([KMG])\\)");

  /** Reads {@code log}; a missing log (the JVM did not start) is an error. */
  public static GcLogPeak read(Path log) throws IOException {
    return parse(Files.readAllLines(log, StandardCharsets.UTF_8));
  }

  /** The peaks over {@code lines} of a {@code -Xlog:gc} log (JDK 9+ unified logging, any collector). */
  public static GcLogPeak parse(List<String> lines) {
    long before = 0;
    long after = 0;
    long committed = 0;
    int n = 0;
    for (String line : lines) {
      Matcher m = SIZES.matcher(line);
      if (m.find()) {
        before = Math.max(before, bytes(m.group(1), m.group(2)));
        after = Math.max(after, bytes(m.group(3), m.group(4)));
        committed = Math.max(committed, bytes(m.group(5), m.group(6)));
        n++;
      }
    }
    return new GcLogPeak(before, after, committed, n);
  }

  private static long bytes(String number, String unit) {
    long v = Long.parseLong(number);
    return switch (unit) {
      case "K" -> v << 10;
      case "M" -> v << 20;
      default -> v << 30;
    };
  }
}
