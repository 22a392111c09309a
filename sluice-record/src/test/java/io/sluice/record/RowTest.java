package io.sluice.record;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import org.junit.jupiter.api.Test;

class RowTest {
  private final Schema schema = Schema.builder()
      .required("s", FieldType.STRING)
      .optional("i", FieldType.INT32)
      .optional("l", FieldType.INT64)
      .optional("d", FieldType.FLOAT64)
      .optional("b", FieldType.BOOLEAN)
      .optional("day", FieldType.DATE)
      .optional("ts", FieldType.TIMESTAMP)
      .optional("price", FieldType.decimal(9, 2))
      .optional("big", FieldType.decimal(30, 4))
      .build();

  @Test
  void typedSettersAndGettersRoundTripWithoutBoxing() {
    MutableRow row = new MutableRow(schema);
    row.setString(0, "x");
    row.setInt(1, -7);
    row.setLong(2, Long.MAX_VALUE);
    row.setDouble(3, 2.5);
    row.setBoolean(4, true);
    row.setDate(5, LocalDate.of(2026, 11, 1));
    row.setTimestamp(6, Instant.parse("2026-11-01T08:30:00.123456Z"));
    row.setDecimalUnscaled(7, 1999);
    row.setDecimal(8, new BigDecimal("12345678901234567890.5"));

    assertThat(row.getString("s")).isEqualTo("x");
    assertThat(row.getInt(1)).isEqualTo(-7);
    assertThat(row.getLong(1)).isEqualTo(-7L);
    assertThat(row.getLong("l")).isEqualTo(Long.MAX_VALUE);
    assertThat(row.getDouble(3)).isEqualTo(2.5);
    assertThat(row.getBoolean(4)).isTrue();
    assertThat(row.getInt(5)).isEqualTo((int) LocalDate.of(2026, 11, 1).toEpochDay());
    assertThat(row.getDate("day")).isEqualTo(LocalDate.of(2026, 11, 1));
    assertThat(row.getLong(6)).isEqualTo(Instant.parse("2026-11-01T08:30:00.123456Z").toEpochMilli() * 1000 + 456);
    assertThat(row.getTimestamp(6)).isEqualTo(Instant.parse("2026-11-01T08:30:00.123456Z"));
    assertThat(row.getDecimal(7)).isEqualTo(new BigDecimal("19.99"));
    assertThat(row.getDecimalUnscaled(7)).isEqualTo(1999);
    assertThat(row.getDecimal("big")).isEqualTo(new BigDecimal("12345678901234567890.5000"));
  }

  @Test
  void aClearedRowIsAllNull() {
    MutableRow row = new MutableRow(schema);
    row.setString(0, "x");
    row.setInt(1, 1);
    row.clear();
    for (int i = 0; i < schema.size(); i++) {
      assertThat(row.isNull(i)).isTrue();
      assertThat(row.get(i)).isNull();
    }
  }

  @Test
  void gettersRefuseOtherTypesNamingTheField() {
    MutableRow row = new MutableRow(schema);
    row.setString(0, "x");
    assertThatThrownBy(() -> row.getInt(0)).isInstanceOf(IllegalArgumentException.class)
        .hasMessage("Field 's' is STRING; getInt needs INT32, INT16, INT8 or DATE");
    assertThatThrownBy(() -> row.getString(1)).hasMessageContaining("Field 'i' is INT32; getString needs STRING");
    assertThatThrownBy(() -> row.setLong(1, 3)).hasMessageContaining("setLong needs INT64 or TIMESTAMP");
  }

  @Test
  void primitiveGettersRefuseNullsObjectGettersReturnNull() {
    MutableRow row = new MutableRow(schema);
    assertThatThrownBy(() -> row.getInt(1)).isInstanceOf(IllegalStateException.class).hasMessageContaining("'i' is null");
    assertThat(row.getString(0)).isNull();
    assertThat(row.getDecimal(7)).isNull();
    assertThat(row.getDate(5)).isNull();
  }

  @Test
  void decimalsAreNeverRounded() {
    MutableRow row = new MutableRow(schema);
    assertThatThrownBy(() -> row.setDecimal(7, new BigDecimal("1.005")))
        .hasMessageContaining("more than 2 digits after the point");
    assertThatThrownBy(() -> row.setDecimal(7, new BigDecimal("12345678.00")))
        .hasMessageContaining("more than 9 digits");
    assertThatThrownBy(() -> row.setDecimalUnscaled(7, 1_000_000_000L)).hasMessageContaining("more than 9 digits");
    row.setDecimal(7, new BigDecimal("1.500"));
    assertThat(row.getDecimal(7)).isEqualTo(new BigDecimal("1.50"));
  }

  @Test
  void aCopyKeepsItsValuesWhenTheRowIsReused() {
    MutableRow row = new MutableRow(schema);
    row.setString(0, "first");
    row.setInt(1, 1);
    Row copy = row.copy();
    row.clear();
    row.setString(0, "second");
    assertThat(copy.getString(0)).isEqualTo("first");
    assertThat(copy.getInt(1)).isEqualTo(1);
    assertThat(copy.copy()).isSameAs(copy);
    assertThat(copy).isNotEqualTo(row);
  }

  @Test
  void rowsCompareByValue() {
    Row a = Row.of(schema, "x", 1, 2L, 0.5, true, LocalDate.of(2026, 1, 2), Instant.EPOCH, new BigDecimal("1.20"), null);
    MutableRow b = new MutableRow(schema);
    b.setAll(a);
    assertThat(b).isEqualTo(a);
    assertThat(b.copy()).isEqualTo(a).hasSameHashCodeAs(a);
    assertThat(a).hasToString("{s=x, i=1, l=2, d=0.5, b=true, day=2026-01-02, ts=1970-01-01T00:00:00Z, price=1.20, big=null}");
  }

  @Test
  void genericSetRefusesTheWrongClass() {
    MutableRow row = new MutableRow(schema);
    assertThatThrownBy(() -> row.set(1, "12")).hasMessageContaining("Field 'i' is INT32; cannot set it to a String");
  }
}
