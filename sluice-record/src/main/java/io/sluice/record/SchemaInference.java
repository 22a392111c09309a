package io.sluice.record;

import io.sluice.record.internal.Inferrer;
import java.io.IOException;
import java.io.InputStream;
import java.util.Objects;

/**
 * Guesses the schema of CSV or JSON Lines from a sample of its records, so that a user can read a file
 * without writing the schema first, and pin the guess by printing it ({@link Schema#toSql()}) and
 * giving it back ({@link Schema#parse}): the printed schema parses back equal.
 *
 * <pre>{@code
 * Schema guessed = SchemaInference.defaults().infer(CsvFormat.builder().header(true).build(), file);
 * System.out.println(guessed.toSql());   // id bigint not null, name string, price double, day date
 * }</pre>
 *
 * <p>Each value is given the narrowest type the format's reader parses it as, in the text forms of
 * {@code docs/records.md}: {@code BOOLEAN} ({@code true}/{@code false}), {@code INT64}, {@code FLOAT64}
 * (text that starts like a number; {@code NaN} and {@code Infinity} stay strings), {@code DATE}
 * ({@code 2026-11-01}), {@code TIMESTAMP} (ISO 8601) or {@code STRING}. A column's type is the widest of
 * its values': {@code INT64} and {@code FLOAT64} make {@code FLOAT64}, {@code DATE} and {@code TIMESTAMP}
 * make {@code TIMESTAMP}, any other mix {@code STRING}. A column is nullable when the sample holds a null
 * in it (an empty CSV field, a JSON {@code null}, a line without the member) or no value at all (then it
 * is a nullable {@code STRING}); otherwise it is required, unless {@link #allNullable(boolean)} says
 * every column is nullable (safer when the sample is small: a null after it would make a record bad).
 *
 * <ul>
 *   <li><b>CSV</b>: column names come from the header when the format has one ({@link CsvFormat#header()}),
 *       an empty or repeated name made {@code c<j>} or {@code name_2}; without a header they are
 *       {@code c0}, {@code c1}, .... A record with more fields adds columns (nullable); blank lines and
 *       malformed records are left out.</li>
 *   <li><b>JSON Lines</b>: the union of the lines' members, in the order first seen; nested objects are
 *       flattened to dotted names ({@code customer.city}), as the reader reads them; arrays are
 *       {@code LIST}s of their elements' type ({@code LIST<STRUCT<...>>} for objects). A name that is an
 *       object in one line and a value in another becomes a nullable {@code STRING} (the reader keeps the
 *       object's JSON text). Lines that are not JSON objects are left out. Strings holding numbers stay
 *       {@code STRING}.</li>
 * </ul>
 *
 * <p>Immutable; {@link #defaults()} reads at most {@value #DEFAULT_SAMPLE_BYTES} bytes.
 */
public final class SchemaInference {
  /** The sample size of {@link #defaults()}: 1 MiB. */
  public static final int DEFAULT_SAMPLE_BYTES = 1 << 20;

  private static final SchemaInference DEFAULTS = new SchemaInference(DEFAULT_SAMPLE_BYTES, false);

  private final int sampleBytes;
  private final boolean allNullable;

  private SchemaInference(int sampleBytes, boolean allNullable) {
    this.sampleBytes = sampleBytes;
    this.allNullable = allNullable;
  }

  /** Samples the first {@value #DEFAULT_SAMPLE_BYTES} bytes; columns without a null in the sample are required. */
  public static SchemaInference defaults() {
    return DEFAULTS;
  }

  /** The same, sampling at most {@code bytes} bytes of a file. @throws IllegalArgumentException unless positive */
  public SchemaInference sampleBytes(int bytes) {
    if (bytes <= 0) {
      throw new IllegalArgumentException("A schema inference sample needs a positive size, got " + bytes);
    }
    return new SchemaInference(bytes, allNullable);
  }

  /** The same, making every column nullable (true) or only those with a null in the sample (false, the default). */
  public SchemaInference allNullable(boolean allNullable) {
    return new SchemaInference(sampleBytes, allNullable);
  }

  /**
   * The schema of {@code file}, from its first {@link #sampleBytes} bytes (a record the sample cuts is
   * left out).
   *
   * @throws IllegalArgumentException if the format is neither CSV nor JSON Lines, or the sample holds no record
   */
  public Schema infer(RecordFormat format, InputFile file) throws IOException {
    Objects.requireNonNull(file, "file");
    int n = (int) Math.min(file.length(), sampleBytes);
    byte[] sample;
    try (InputStream in = file.open(0)) {
      sample = in.readNBytes(n);
    }
    try {
      return infer(format, sample, file.length() > n);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("Cannot infer the schema of '" + file.name() + "': " + e.getMessage(), e);
    }
  }

  /**
   * The schema of {@code sample}, whole records of CSV or JSON Lines (a last record without a line break
   * counts).
   *
   * @throws IllegalArgumentException if the format is neither CSV nor JSON Lines, or the sample holds no record
   */
  public Schema infer(RecordFormat format, byte[] sample) {
    return infer(format, Objects.requireNonNull(sample, "sample"), false);
  }

  private Schema infer(RecordFormat format, byte[] sample, boolean truncated) {
    Objects.requireNonNull(format, "format");
    if (format instanceof CsvFormat csv) {
      return Inferrer.csv(csv, sample, truncated, allNullable);
    }
    if (format instanceof JsonLinesFormat json) {
      return Inferrer.jsonLines(sample, truncated, allNullable, json.separator());
    }
    throw new IllegalArgumentException("Schema inference reads CSV and JSON Lines, not " + format.name()
        + " (Parquet files carry their schema)");
  }

  @Override
  public String toString() {
    return "SchemaInference{sampleBytes=" + sampleBytes + ", allNullable=" + allNullable + "}";
  }
}
