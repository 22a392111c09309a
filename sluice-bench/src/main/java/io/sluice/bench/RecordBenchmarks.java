package io.sluice.bench;

import io.sluice.record.BadRecordPolicy;
import io.sluice.record.CsvFormat;
import io.sluice.record.FieldType;
import io.sluice.record.InputFile;
import io.sluice.record.JsonLinesFormat;
import io.sluice.record.MutableRow;
import io.sluice.record.RecordFormat;
import io.sluice.record.ReadOptions;
import io.sluice.record.RecordReader;
import io.sluice.record.RecordWriter;
import io.sluice.record.Row;
import io.sluice.record.Schema;
import io.sluice.record.Split;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Single-threaded throughput of the CSV and JSON Lines readers and writers, in MB/s of text (so per
 * core), on generated orders of the demo's shape: {@code order_id,tenant_id,ordered_at,sku,quantity,unit_price}.
 * The data (about {@value #TARGET_MB} MB per format) is generated in memory; writers write to a stream
 * that only counts, readers read from memory, so the numbers are the record model's CPU cost alone.
 * Each measurement runs twice to warm up, then {@value #REPEATS} times; the median is reported.
 *
 * <ul>
 *   <li>write: rows held in memory (Strings, as user code builds them) written to the format;
 *   <li>read, all 6 columns: every value read with its typed getter ({@code getString} for strings);
 *   <li>read, 3 of 6 columns: {@code tenant_id}, {@code quantity}, {@code unit_price}, what an
 *       aggregation by tenant reads, with a projection ({@link ReadOptions.Builder#project}); the
 *       record model before projections existed read all six columns and used three;
 *   <li>read, then write: each row read is written again, as the demo's cleaning stage does.
 * </ul>
 *
 * <pre>
 *   scripts/bench-records [--quick]
 * </pre>
 */
public final class RecordBenchmarks {
  private static final int TARGET_MB = 128;
  private static final int REPEATS = 5;

  static final Schema ORDERS = Schema.builder()
      .required("order_id", FieldType.STRING)
      .required("tenant_id", FieldType.STRING)
      .required("ordered_at", FieldType.TIMESTAMP)
      .required("sku", FieldType.STRING)
      .required("quantity", FieldType.INT32)
      .required("unit_price", FieldType.decimal(9, 2))
      .build();
  static final CsvFormat CSV = CsvFormat.builder().newlinesInQuotes(false).build();
  static final ReadOptions ALL = ReadOptions.of(BadRecordPolicy.fail());
  static final ReadOptions THREE = ReadOptions.builder().badRecords(BadRecordPolicy.fail())
      .project("tenant_id", "quantity", "unit_price").build();

  private RecordBenchmarks() {}

  public static void main(String[] args) throws Exception {
    boolean quick = List.of(args).contains("--quick");
    long targetBytes = (quick ? 16L : TARGET_MB) << 20;
    List<Row> rows = sampleRows(1 << 16);
    System.out.printf("Record model, one thread, %s (%d MB of generated orders per format)%n%n",
        Runtime.version(), targetBytes >> 20);
    System.out.println("| format | operation | MB/s (median) | rows/s |");
    System.out.println("|---|---|---|---|");
    for (RecordFormat format : List.of(CSV, JsonLinesFormat.DEFAULT)) {
      byte[] data = generate(format, rows, targetBytes);
      long n = countRows(format, data);
      report(format, "write", data.length, n, () -> write(format, rows, n));
      report(format, "read, all 6 columns", data.length, n, () -> readAll(format, data));
      report(format, "read, 3 of 6 columns", data.length, n, () -> readThree(format, data));
      report(format, "read, then write", data.length, n, () -> copy(format, data));
    }
  }

  interface Run {
    long run() throws IOException;
  }

  static void report(RecordFormat format, String what, long bytes, long rows, Run run) throws IOException {
    long sink = 0;
    for (int i = 0; i < 2; i++) {
      sink += run.run();
    }
    double[] seconds = new double[REPEATS];
    for (int i = 0; i < REPEATS; i++) {
      long t0 = System.nanoTime();
      sink += run.run();
      seconds[i] = (System.nanoTime() - t0) / 1e9;
    }
    Arrays.sort(seconds);
    double s = seconds[REPEATS / 2];
    System.out.printf("| %s | %s | %.0f | %,.0f |%n", format.name(), what, bytes / 1e6 / s, rows / s);
    if (sink == 42) {
      System.out.println(); // keeps the results alive
    }
  }

  /** Distinct rows to cycle through: unique order ids, 40 tenants, 5,000 SKUs, as the demo's data. */
  static List<Row> sampleRows(int n) {
    SplittableRandom random = new SplittableRandom(7);
    List<Row> rows = new ArrayList<>(n);
    MutableRow row = new MutableRow(ORDERS);
    long day = 20_400L * 86_400_000_000L;
    for (int i = 0; i < n; i++) {
      row.setString(0, "o" + (i % 30) + "-" + (1_000_000 + i));
      row.setString(1, String.format("tenant-%02d", (int) Math.floor(Math.pow(random.nextDouble(), 1.6) * 40)));
      row.setLong(2, day + random.nextInt(86_400) * 1_000_000L);
      row.setString(3, "sku-" + random.nextInt(5_000));
      row.setInt(4, 1 + random.nextInt(9));
      row.setDecimalUnscaled(5, 199 + random.nextInt(19_800));
      rows.add(row.copy());
    }
    return rows;
  }

  static byte[] generate(RecordFormat format, List<Row> rows, long targetBytes) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream((int) targetBytes + (1 << 20));
    try (RecordWriter w = format.writer(out, ORDERS)) {
      for (int i = 0; w.bytesWritten() < targetBytes; i++) {
        w.write(rows.get(i % rows.size()));
      }
    }
    return out.toByteArray();
  }

  static long countRows(RecordFormat format, byte[] data) throws IOException {
    long n = 0;
    try (RecordReader in = reader(format, data, ALL)) {
      while (in.next()) {
        n++;
      }
    }
    return n;
  }

  static long write(RecordFormat format, List<Row> rows, long n) throws IOException {
    CountingSink sink = new CountingSink();
    try (RecordWriter w = format.writer(sink, ORDERS)) {
      for (long i = 0; i < n; i++) {
        w.write(rows.get((int) (i % rows.size())));
      }
    }
    return sink.count;
  }

  static long readAll(RecordFormat format, byte[] data) throws IOException {
    long acc = 0;
    try (RecordReader in = reader(format, data, ALL)) {
      while (in.next()) {
        Row r = in.row();
        acc += r.getString(0).length() + r.getString(1).length() + r.getLong(2) + r.getString(3).length() + r.getInt(4)
            + r.getDecimalUnscaled(5);
      }
    }
    return acc;
  }

  static long readThree(RecordFormat format, byte[] data) throws IOException {
    long acc = 0;
    try (RecordReader in = reader(format, data, THREE)) {
      while (in.next()) {
        Row r = in.row();
        acc += r.getString(0).length() + r.getInt(1) * r.getDecimalUnscaled(2);
      }
    }
    return acc;
  }

  static long copy(RecordFormat format, byte[] data) throws IOException {
    CountingSink sink = new CountingSink();
    try (RecordReader in = reader(format, data, ALL); RecordWriter w = format.writer(sink, ORDERS)) {
      while (in.next()) {
        w.write(in.row());
      }
    }
    return sink.count;
  }

  static RecordReader reader(RecordFormat format, byte[] data, ReadOptions options) throws IOException {
    InputFile file = InputFile.of("bench", data);
    return format.reader(file, Split.whole(file.length()), ORDERS, options);
  }

  /** An output stream that keeps nothing: what is measured is the writer. */
  static final class CountingSink extends OutputStream {
    long count;

    @Override
    public void write(int b) {
      count++;
    }

    @Override
    public void write(byte[] b, int off, int len) {
      count += len;
    }
  }
}
