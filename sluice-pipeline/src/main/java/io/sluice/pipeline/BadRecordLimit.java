package io.sluice.pipeline;

/**
 * How many records a stage may quarantine before it fails: at most {@code maxCount} records, and at
 * most {@code maxFraction} of the records it read. A stage that passes either fails with {@code
 * Sluice.TooManyBadRecords}, naming the counts and where the quarantined records are; its output is
 * not published.
 *
 * @param maxCount the most bad records allowed ({@link Long#MAX_VALUE}: no count limit)
 * @param maxFraction the largest fraction of bad records allowed, 0 to 1 (1: no fraction limit)
 */
public record BadRecordLimit(long maxCount, double maxFraction) {
  /** No bad record at all: the first fails the stage (after the run has quarantined every one, so all are reported). */
  public static final BadRecordLimit NONE = new BadRecordLimit(0, 0);
  /** Any number: bad records are quarantined and counted, never fatal. */
  public static final BadRecordLimit UNLIMITED = new BadRecordLimit(Long.MAX_VALUE, 1);

  public BadRecordLimit {
    if (maxCount < 0) {
      throw new IllegalArgumentException("A bad-record limit must not be negative, got " + maxCount);
    }
    if (!(maxFraction >= 0 && maxFraction <= 1)) {
      throw new IllegalArgumentException("A bad-record fraction is between 0 and 1, got " + maxFraction);
    }
  }

  /** At most {@code count} bad records. */
  public static BadRecordLimit count(long count) {
    return new BadRecordLimit(count, 1);
  }

  /** At most {@code fraction} (0 to 1) of the records read. */
  public static BadRecordLimit fraction(double fraction) {
    return new BadRecordLimit(Long.MAX_VALUE, fraction);
  }

  /**
   * Parses {@code 100} (a count) or {@code 0.5%} / {@code 0.005} (a fraction; a number below 1 with a
   * dot is a fraction), {@code none} or {@code unlimited}.
   */
  public static BadRecordLimit parse(String text) {
    String t = text.trim().toLowerCase(java.util.Locale.ROOT);
    try {
      if (t.equals("none") || t.equals("0")) {
        return NONE;
      }
      if (t.equals("unlimited")) {
        return UNLIMITED;
      }
      if (t.endsWith("%")) {
        return fraction(Double.parseDouble(t.substring(0, t.length() - 1)) / 100);
      }
      if (t.contains(".")) {
        return fraction(Double.parseDouble(t));
      }
      return count(Long.parseLong(t));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("Bad-record limit '" + text + "' is not a count (100), a fraction (0.01 or 1%),"
          + " 'none' or 'unlimited'");
    }
  }

  /** Whether {@code bad} bad records out of {@code read} records pass this limit. */
  public boolean exceededBy(long bad, long read) {
    if (bad > maxCount) {
      return true;
    }
    return read > 0 && (double) bad / read > maxFraction;
  }

  @Override
  public String toString() {
    if (equals(UNLIMITED)) {
      return "unlimited";
    }
    if (maxFraction >= 1) {
      return "at most " + maxCount;
    }
    if (maxCount == Long.MAX_VALUE) {
      return "at most " + (maxFraction * 100) + "%";
    }
    return "at most " + maxCount + " and " + (maxFraction * 100) + "%";
  }
}
