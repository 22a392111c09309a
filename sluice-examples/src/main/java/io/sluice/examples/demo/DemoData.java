package io.sluice.examples.demo;

import io.sluice.store.ObjectStore;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.SplittableRandom;

/**
 * Writes a deterministic sample: one CSV object per day under {@code prefix}, with a header line and
 * about {@code totalBytes} bytes in all. The same seed and size always give the same bytes. About one
 * line in 50,000 is deliberately malformed, to show how bad records are reported.
 *
 * <p>Columns: {@code order_id,tenant_id,ordered_at,sku,quantity,unit_price}.
 */
public final class DemoData {
  public static final String HEADER = "order_id,tenant_id,ordered_at,sku,quantity,unit_price";
  public static final int TENANTS = 12;
  public static final int DAYS = 7;
  public static final LocalDate FIRST_DAY = LocalDate.of(2026, 11, 1);
  private static final int MALFORMED_EVERY = 50_000;

  private DemoData() {}

  /** Writes the sample; returns the number of data lines written (malformed ones included). */
  public static long generate(ObjectStore store, String prefix, long totalBytes, long seed) {
    long perDay = Math.max(1, totalBytes / DAYS);
    long lines = 0;
    for (int d = 0; d < DAYS; d++) {
      LocalDate day = FIRST_DAY.plusDays(d);
      SplittableRandom random = new SplittableRandom(seed * 31 + d);
      String key = prefix + "orders-" + day + ".csv";
      try (OutputStream raw = store.create(key);
          BufferedWriter out = new BufferedWriter(new OutputStreamWriter(raw, StandardCharsets.UTF_8), 1 << 16)) {
        out.write(HEADER);
        out.write('\n');
        long written = HEADER.length() + 1;
        long n = 0;
        StringBuilder line = new StringBuilder(96);
        while (written < perDay) {
          line.setLength(0);
          n++;
          lines++;
          if (lines % MALFORMED_EVERY == 0) {
            line.append("o").append(d).append('-').append(n).append(",broken line without enough fields");
          } else {
            int tenant = (int) Math.floor(Math.pow(random.nextDouble(), 1.6) * TENANTS);
            int secondOfDay = random.nextInt(86_400);
            int quantity = 1 + random.nextInt(9);
            int priceCents = 199 + random.nextInt(19_800);
            line.append('o').append(d).append('-').append(n).append(',')
                .append(tenantId(tenant)).append(',')
                .append(day).append('T')
                .append(two(secondOfDay / 3600)).append(':').append(two(secondOfDay / 60 % 60)).append(':')
                .append(two(secondOfDay % 60)).append('Z').append(',')
                .append("sku-").append(random.nextInt(5_000)).append(',')
                .append(quantity).append(',')
                .append(priceCents / 100).append('.').append(two(priceCents % 100));
          }
          line.append('\n');
          out.append(line);
          written += line.length();
        }
      } catch (IOException e) {
        throw new UncheckedIOException("Cannot write demo data to " + key, e);
      }
    }
    return lines;
  }

  public static String tenantId(int i) {
    return String.format("tenant-%02d", i);
  }

  private static String two(int v) {
    return v < 10 ? "0" + v : Integer.toString(v);
  }
}
