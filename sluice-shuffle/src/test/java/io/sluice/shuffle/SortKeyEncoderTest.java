package io.sluice.shuffle;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.record.MutableRow;
import io.sluice.record.Row;
import io.sluice.record.Schema;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class SortKeyEncoderTest {
  static final Schema SCHEMA = Schema.parse("s string, n bigint, d double, big decimal(30,2), i int");

  /** The order a sort by (s asc, n desc, d asc, big desc, i asc), nulls last, must give, written out by hand. */
  static final Comparator<Row> EXPECTED = (a, b) -> {
    int c = nullsLast(a, b, 0, Comparator.comparing(r -> new String(r.getString(0).getBytes(StandardCharsets.UTF_8),
        StandardCharsets.ISO_8859_1))); // UTF-8 byte order
    if (c == 0) {
      c = nullsLast(a, b, 1, Comparator.<Row>comparingLong(r -> r.getLong(1)).reversed());
    }
    if (c == 0) {
      c = nullsLast(a, b, 2, Comparator.comparingDouble(r -> r.getDouble(2) == 0.0 ? 0.0 : r.getDouble(2)));
    }
    if (c == 0) {
      c = nullsLast(a, b, 3, Comparator.<Row, BigDecimal>comparing(r -> r.getDecimal(3)).reversed());
    }
    if (c == 0) {
      c = nullsLast(a, b, 4, Comparator.comparingInt(r -> r.getInt(4)));
    }
    return c;
  };

  static int nullsLast(Row a, Row b, int i, Comparator<Row> values) {
    if (a.isNull(i) || b.isNull(i)) {
      return Boolean.compare(a.isNull(i), b.isNull(i));
    }
    return values.compare(a, b);
  }

  @Test
  void encodedKeysSortAsTheValuesDo() {
    Random rnd = new Random(11);
    String[] words = {"", "a", "a\u0000", "a\u0000b", "ab", "b", "é", "z", "\uD83D\uDE00"};
    List<Row> rows = new ArrayList<>();
    for (int i = 0; i < 3000; i++) {
      MutableRow r = new MutableRow(SCHEMA);
      if (rnd.nextInt(8) == 0) {
        r.setNull(0);
      } else {
        r.setString(0, words[rnd.nextInt(words.length)]);
      }
      if (rnd.nextInt(8) == 0) {
        r.setNull(1);
      } else {
        r.setLong(1, rnd.nextInt(3) == 0 ? rnd.nextLong() : rnd.nextInt(5) - 2);
      }
      double[] ds = {-0.0, 0.0, -1.5, 1.5, Double.NEGATIVE_INFINITY, Double.POSITIVE_INFINITY, 1e-300, -1e300};
      r.setDouble(2, ds[rnd.nextInt(ds.length)]);
      if (rnd.nextInt(6) == 0) {
        r.setNull(3);
      } else {
        r.setDecimal(3, new BigDecimal(new BigInteger(rnd.nextInt(90) + 1, rnd).multiply(BigInteger.valueOf(rnd.nextBoolean() ? 1 : -1)), 2));
      }
      r.setInt(4, rnd.nextInt());
      rows.add(r);
    }
    SortKeyEncoder enc = new SortKeyEncoder(SCHEMA, List.of(new SortKeyEncoder.Column("s", false),
        new SortKeyEncoder.Column("n", true), SortKeyEncoder.Column.parse("d asc"), SortKeyEncoder.Column.parse("big desc"),
        SortKeyEncoder.Column.parse("i")));
    List<Row> byKey = new ArrayList<>(rows);
    byKey.sort((a, b) -> {
      enc.encode(a);
      byte[] ka = enc.copy();
      enc.encode(b);
      return Arrays.compareUnsigned(ka, enc.copy());
    });
    List<Row> byValues = new ArrayList<>(rows);
    byValues.sort(EXPECTED);
    for (int i = 0; i < rows.size(); i++) {
      assertThat(EXPECTED.compare(byKey.get(i), byValues.get(i))).as("position %d", i).isZero();
    }
  }

  @Test
  void blocksHoldingARangeIncludeTheBlocksWhereEqualKeysContinue() {
    List<byte[]> first = List.of(new byte[] {1}, new byte[] {3}, new byte[] {3}, new byte[] {7});
    assertThat(SortedMerge.blocks(first, null, null)).containsExactly(0, 4);
    assertThat(SortedMerge.blocks(first, new byte[] {3}, new byte[] {4})).containsExactly(0, 3); // 3s may end block 0
    assertThat(SortedMerge.blocks(first, new byte[] {4}, null)).containsExactly(2, 4);
    assertThat(SortedMerge.blocks(first, null, new byte[] {1})).containsExactly(0, 0);
    assertThat(SortedMerge.blocks(List.of(), null, null)).containsExactly(0, 0);
  }
}
