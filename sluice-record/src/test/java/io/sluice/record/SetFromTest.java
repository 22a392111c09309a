package io.sluice.record;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;

class SetFromTest {
  static final Schema FROM = Schema.parse("s string, i int, l bigint, d double, b boolean, day date, ts timestamp,"
      + " small decimal(10,2), big decimal(30,4), raw binary, tags array<string>");

  @Test
  void everyTypeCopiesBetweenRowsOfDifferentSchemasAndNullsToo() {
    MutableRow from = new MutableRow(FROM);
    byte[] text = "Grüße".getBytes(StandardCharsets.UTF_8);
    from.setStringUtf8(0, text, 0, text.length);
    from.setInt(1, -7);
    from.setLong(2, Long.MIN_VALUE);
    from.setDouble(3, 2.5);
    from.setBoolean(4, true);
    from.setDate(5, LocalDate.of(2024, 2, 29));
    from.setTimestamp(6, Instant.parse("2024-01-01T00:00:00.123456Z"));
    from.setDecimal(7, new BigDecimal("12.34"));
    from.setDecimal(8, new BigDecimal("123456789012345678901.2345"));
    from.setBinary(9, new byte[] {1, 2});
    from.setList(10, List.of("a", "b"));
    // the same fields in reverse order, with a column in front
    java.util.List<Field> reversed = new java.util.ArrayList<>();
    reversed.add(Field.optional("x", FieldType.INT64));
    for (int i = FROM.size() - 1; i >= 0; i--) {
      reversed.add(FROM.field(i));
    }
    MutableRow to = new MutableRow(Schema.of(reversed));
    to.setLong(0, 1);
    for (int i = 0; i < FROM.size(); i++) {
      to.setFrom(FROM.size() - i, from, i);
    }
    for (int i = 0; i < FROM.size(); i++) {
      Object want = from.get(i);
      Object got = to.get(FROM.size() - i);
      if (want instanceof byte[] w) {
        assertThat((byte[]) got).isEqualTo(w);
      } else {
        assertThat(got).as(FROM.field(i).name()).isEqualTo(want);
      }
    }
    MutableRow nulls = new MutableRow(FROM);
    for (int i = 0; i < FROM.size(); i++) {
      nulls.setNull(i);
      to.setFrom(FROM.size() - i, nulls, i);
      assertThat(to.isNull(FROM.size() - i)).isTrue();
    }
  }

  @Test
  void aFieldOfAnotherTypeIsRefusedNamingBoth() {
    MutableRow from = new MutableRow(FROM);
    from.setInt(1, 3);
    MutableRow to = new MutableRow(Schema.parse("n bigint, p decimal(10,3)"));
    assertThatThrownBy(() -> to.setFrom(0, from, 1)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'n'").hasMessageContaining("'i'");
    from.setDecimal(7, new BigDecimal("1.00"));
    assertThatThrownBy(() -> to.setFrom(1, from, 7)).hasMessageContaining("'small'");
  }
}
