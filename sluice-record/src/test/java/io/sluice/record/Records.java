package io.sluice.record;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** Test helpers: write rows to bytes, read bytes back whole or by ranges. */
final class Records {
  private Records() {}

  static byte[] write(RecordFormat format, Schema schema, List<Row> rows) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (RecordWriter w = format.writer(out, schema)) {
      for (Row r : rows) {
        w.write(r);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }

  static RecordSource range(byte[] data, long start, long end) {
    return RecordSource.range("mem", start, end, offset -> new ByteArrayInputStream(data, (int) offset, data.length - (int) offset));
  }

  static List<Row> readAll(RecordFormat format, Schema schema, byte[] data, BadRecordPolicy policy) {
    return read(format, schema, RecordSource.of("mem", new ByteArrayInputStream(data)), policy);
  }

  static List<Row> readAll(RecordFormat format, Schema schema, String text, BadRecordPolicy policy) {
    return readAll(format, schema, text.getBytes(StandardCharsets.UTF_8), policy);
  }

  static List<Row> read(RecordFormat format, Schema schema, RecordSource source, BadRecordPolicy policy) {
    List<Row> rows = new ArrayList<>();
    try (RecordReader r = format.reader(source, schema, policy)) {
      while (r.next()) {
        rows.add(r.row().copy());
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return rows;
  }

  /** Reads the ranges {@code [cuts[k], cuts[k+1])} (0 and the length added) one after the other. */
  static List<Row> readByRanges(RecordFormat format, Schema schema, byte[] data, List<Integer> cuts, BadRecordPolicy policy) {
    List<Long> bounds = new ArrayList<>();
    bounds.add(0L);
    cuts.stream().sorted().forEach(c -> bounds.add((long) c));
    bounds.add((long) data.length);
    List<Row> rows = new ArrayList<>();
    for (int k = 0; k + 1 < bounds.size(); k++) {
      rows.addAll(read(format, schema, range(data, bounds.get(k), bounds.get(k + 1)), policy));
    }
    return rows;
  }
}
