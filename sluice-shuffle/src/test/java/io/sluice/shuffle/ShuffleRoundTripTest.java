package io.sluice.shuffle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sluice.record.MutableRow;
import io.sluice.record.Row;
import io.sluice.record.Schema;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ShuffleRoundTripTest {
  static final Schema SCHEMA = Schema.parse("id bigint, name string, n int, x double, ok boolean, d date, ts timestamp,"
      + " price decimal(12,2), big decimal(30,4), raw binary");

  @TempDir Path tmp;

  static MutableRow randomRow(Random rnd, long id) {
    MutableRow r = new MutableRow(SCHEMA);
    r.setLong(0, id);
    if (rnd.nextInt(5) == 0) {
      r.setNull(1);
    } else {
      StringBuilder sb = new StringBuilder();
      for (int i = rnd.nextInt(40); i > 0; i--) {
        sb.append((char) (rnd.nextInt(3) == 0 ? 0x4E00 + rnd.nextInt(200) : 'a' + rnd.nextInt(26)));
      }
      r.setString(1, sb.toString());
    }
    r.setInt(2, rnd.nextInt());
    r.setDouble(3, rnd.nextGaussian());
    r.setBoolean(4, rnd.nextBoolean());
    r.setDate(5, LocalDate.ofEpochDay(rnd.nextInt(20000)));
    r.setTimestamp(6, Instant.ofEpochMilli(rnd.nextLong(4_000_000_000_000L)));
    r.setDecimal(7, BigDecimal.valueOf(rnd.nextLong(1_000_000_000L), 2));
    r.setDecimal(8, new BigDecimal(new java.math.BigInteger(90, rnd), 4));
    if (rnd.nextBoolean()) {
      r.setNull(9);
    } else {
      byte[] b = new byte[rnd.nextInt(20)];
      rnd.nextBytes(b);
      r.setBinary(9, b);
    }
    return r;
  }

  static List<Object> values(Row r) {
    List<Object> v = new ArrayList<>();
    for (int i = 0; i < r.schema().size(); i++) {
      Object o = r.isNull(i) ? null : r.get(i);
      v.add(o instanceof byte[] b ? Arrays.toString(b) : o);
    }
    return v;
  }

  /** Writes rows into random partitions, reads each partition back: the same rows, in the order written. */
  void roundTrip(long seed, int partitions, long memory, int count) throws IOException {
    Random rnd = new Random(seed);
    List<List<List<Object>>> expected = new ArrayList<>();
    for (int p = 0; p < partitions; p++) {
      expected.add(new ArrayList<>());
    }
    ByteArrayOutputStream object = new ByteArrayOutputStream();
    ShuffleIndex index;
    try (ShuffleWriter w = new ShuffleWriter(SCHEMA, partitions, memory, tmp)) {
      for (int i = 0; i < count; i++) {
        MutableRow row = randomRow(rnd, i);
        int p = rnd.nextInt(partitions);
        w.write(p, row);
        expected.get(p).add(values(row));
      }
      index = w.finish(object);
      if (memory < 100_000 && count > 1000) {
        assertThat(w.spilledBytes()).as("a small budget spills").isPositive();
      }
    }
    byte[] bytes = object.toByteArray();
    assertThat(ShuffleReader.trailer(bytes, "test")).isEqualTo(index);
    assertThat(bytes.length).isEqualTo(index.dataBytes() + ShuffleReader.trailerBytes(partitions));
    assertThat(Files.list(tmp).count()).as("spill files are deleted").isZero();
    for (int p = 0; p < partitions; p++) {
      List<List<Object>> got = new ArrayList<>();
      ByteArrayInputStream slice = new ByteArrayInputStream(bytes, (int) index.offset(p), (int) index.bytes(p, p + 1));
      try (ShuffleReader r = new ShuffleReader(slice, SCHEMA, "partition " + p)) {
        while (r.next()) {
          got.add(values(r.row()));
        }
      }
      assertThat(got).as("partition %d", p).isEqualTo(expected.get(p));
      assertThat(index.rows(p, p + 1)).isEqualTo(expected.get(p).size());
    }
  }

  @Test
  void rowsComeBackPerPartitionInMemory() throws IOException {
    roundTrip(1, 7, ShuffleWriter.DEFAULT_MEMORY_BYTES, 5000);
  }

  @Test
  void rowsComeBackPerPartitionThroughSpills() throws IOException {
    for (long seed = 2; seed < 8; seed++) {
      roundTrip(seed, 1 + (int) seed * 5, 20_000, 6000);
    }
  }

  @Test
  void aRangeOfPartitionsReadsAsOneSlice() throws IOException {
    Random rnd = new Random(9);
    ByteArrayOutputStream object = new ByteArrayOutputStream();
    ShuffleIndex index;
    try (ShuffleWriter w = new ShuffleWriter(SCHEMA, 10, 50_000, tmp)) {
      for (int i = 0; i < 3000; i++) {
        w.write(i % 10, randomRow(rnd, i));
      }
      index = w.finish(object);
    }
    byte[] bytes = object.toByteArray();
    List<Long> ids = new ArrayList<>();
    ByteArrayInputStream slice = new ByteArrayInputStream(bytes, (int) index.offset(3), (int) index.bytes(3, 6));
    try (ShuffleReader r = new ShuffleReader(slice, SCHEMA, "3..6")) {
      while (r.next()) {
        ids.add(r.row().getLong(0));
      }
    }
    assertThat(ids).hasSize(900).allMatch(id -> id % 10 >= 3 && id % 10 < 6);
    assertThat(index.rows(3, 6)).isEqualTo(900);
  }

  @Test
  void emptyPartitionsTakeNoBytes() throws IOException {
    ByteArrayOutputStream object = new ByteArrayOutputStream();
    ShuffleIndex index;
    try (ShuffleWriter w = new ShuffleWriter(SCHEMA, 4, 1 << 20, tmp)) {
      w.write(2, randomRow(new Random(1), 1));
      index = w.finish(object);
    }
    assertThat(index.bytes(0, 2)).isZero();
    assertThat(index.bytes(3, 4)).isZero();
    assertThat(index.rows(2, 3)).isEqualTo(1);
    try (ShuffleReader r = new ShuffleReader(new ByteArrayInputStream(new byte[0]), SCHEMA, "empty")) {
      assertThat(r.next()).isFalse();
    }
  }

  @Test
  void aTruncatedOrCorruptSliceIsReportedWithItsSource() throws IOException {
    Random rnd = new Random(3);
    ByteArrayOutputStream object = new ByteArrayOutputStream();
    ShuffleIndex index;
    try (ShuffleWriter w = new ShuffleWriter(SCHEMA, 1, 1 << 20, tmp)) {
      for (int i = 0; i < 2000; i++) {
        w.write(0, randomRow(rnd, i));
      }
      index = w.finish(object);
    }
    byte[] bytes = object.toByteArray();
    int len = (int) index.bytes(0, 1);
    assertThatThrownBy(() -> drain(new ByteArrayInputStream(bytes, 0, len - 7), "runs/r1/x@0"))
        .isInstanceOf(IOException.class).hasMessageContaining("runs/r1/x@0").hasMessageContaining("ends inside a block");
    byte[] bad = Arrays.copyOf(bytes, len);
    bad[12] = 9; // the first block's codec
    assertThatThrownBy(() -> drain(new ByteArrayInputStream(bad), "obj")).isInstanceOf(IOException.class)
        .hasMessageContaining("obj is corrupt");
    assertThatThrownBy(() -> ShuffleReader.trailer(Arrays.copyOf(bytes, 100), "not-a-shuffle"))
        .hasMessageContaining("not-a-shuffle does not end with a shuffle trailer");
  }

  static long drain(ByteArrayInputStream in, String source) throws IOException {
    try (ShuffleReader r = new ShuffleReader(in, SCHEMA, source)) {
      long n = 0;
      while (r.next()) {
        n++;
      }
      return n;
    }
  }

  @Test
  void finishTwiceIsRefused() throws IOException {
    try (ShuffleWriter w = new ShuffleWriter(SCHEMA, 2, 1 << 20, tmp)) {
      w.finish(new ByteArrayOutputStream());
      assertThatThrownBy(() -> w.finish(new ByteArrayOutputStream())).isInstanceOf(IllegalStateException.class);
    }
    assertThat(Stream.of(1)).hasSize(1);
  }
}
