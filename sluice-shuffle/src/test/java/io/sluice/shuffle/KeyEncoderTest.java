package io.sluice.shuffle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sluice.record.FieldType;
import io.sluice.record.MutableRow;
import io.sluice.record.Schema;
import java.math.BigDecimal;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class KeyEncoderTest {
  @Test
  void equalValuesOfCompatibleTypesEncodeAndHashAlike() {
    Schema a = Schema.parse("k int, s string, p decimal(10,2)");
    Schema b = Schema.parse("k bigint, s string, p decimal(30,2)");
    MutableRow ra = new MutableRow(a);
    ra.setInt(0, -42);
    ra.setString(1, "Grüße");
    ra.setDecimal(2, new BigDecimal("123.45"));
    MutableRow rb = new MutableRow(b);
    rb.setLong(0, -42);
    rb.setString(1, "Grüße");
    rb.setDecimal(2, new BigDecimal("123.45"));
    KeyEncoder ea = new KeyEncoder(a, new int[] {0, 1, 2});
    KeyEncoder eb = new KeyEncoder(b, new int[] {0, 1, 2});
    ea.encode(ra);
    eb.encode(rb);
    assertThat(ea.copy()).isEqualTo(eb.copy());
    assertThat(ea.hash()).isEqualTo(eb.hash());
    rb.setLong(0, -41);
    eb.encode(rb);
    assertThat(ea.copy()).isNotEqualTo(eb.copy());
    for (int i = 0; i < 3; i++) {
      assertThat(KeyEncoder.compatible(a.field(i).type(), b.field(i).type())).isTrue();
    }
    assertThat(KeyEncoder.compatible(FieldType.parse("decimal(10,2)"), FieldType.parse("decimal(10,3)"))).isFalse();
    assertThat(KeyEncoder.compatible(FieldType.parse("int"), FieldType.parse("string"))).isFalse();
  }

  @Test
  void nullIsAKeyOfItsOwnAndZerosAreOne() {
    Schema s = Schema.parse("k bigint, d double");
    MutableRow r = new MutableRow(s);
    KeyEncoder e = new KeyEncoder(s, new int[] {0, 1});
    r.setNull(0);
    r.setDouble(1, 0.0);
    e.encode(r);
    byte[] nullZero = e.copy();
    assertThat(e.hasNull()).isTrue();
    r.setLong(0, 0);
    r.setDouble(1, -0.0);
    e.encode(r);
    assertThat(e.hasNull()).isFalse();
    assertThat(e.copy()).isNotEqualTo(nullZero);
    byte[] zeroNegZero = e.copy();
    r.setDouble(1, 0.0);
    e.encode(r);
    assertThat(e.copy()).isEqualTo(zeroNegZero);
  }

  @Test
  void keysSpreadOverPartitions() {
    Schema s = Schema.parse("k bigint");
    MutableRow r = new MutableRow(s);
    KeyEncoder e = new KeyEncoder(s, new int[] {0});
    int[] counts = new int[16];
    Set<Long> hashes = new HashSet<>();
    for (long k = 0; k < 16_000; k++) {
      r.setLong(0, k * 16); // keys that all share their low bits
      e.encode(r);
      hashes.add(e.hash());
      counts[KeyEncoder.partition(e.hash(), 16)]++;
    }
    assertThat(hashes).hasSize(16_000);
    for (int c : counts) {
      assertThat(c).isBetween(800, 1200);
    }
  }

  @Test
  void nestedFieldsCannotBeKeys() {
    Schema s = Schema.parse("tags array<string>");
    assertThatThrownBy(() -> KeyEncoder.of(s, List.of("tags"))).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'tags'");
  }
}
