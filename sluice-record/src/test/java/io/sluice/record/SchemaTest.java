package io.sluice.record;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class SchemaTest {
  private final Schema orders = Schema.builder()
      .required("order_id", FieldType.STRING)
      .required("quantity", FieldType.INT32)
      .optional("price", FieldType.decimal(9, 2))
      .build();

  @Test
  void indexesFieldsByName() {
    assertThat(orders.indexOf("quantity")).isEqualTo(1);
    assertThat(orders.field("price").type()).isEqualTo(FieldType.decimal(9, 2));
    assertThat(orders.field("price").nullable()).isTrue();
    assertThat(orders.contains("nope")).isFalse();
    assertThat(orders.names()).containsExactly("order_id", "quantity", "price");
  }

  @Test
  void unknownNameIsRefusedNamingTheSchema() {
    assertThatThrownBy(() -> orders.indexOf("qty"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("No field 'qty'").hasMessageContaining("quantity INT32");
  }

  @Test
  void duplicateNamesAreRefusedWhenBuilt() {
    Schema.Builder b = Schema.builder().required("a", FieldType.STRING).optional("b", FieldType.INT64).required("a", FieldType.INT32);
    assertThatThrownBy(b::build)
        .isInstanceOf(InvalidSchemaException.class)
        .hasMessageContaining("Duplicate field name 'a' at positions 0 and 2");
  }

  @Test
  void emptyNamesAreRefused() {
    assertThatThrownBy(() -> Schema.builder().required("", FieldType.STRING))
        .isInstanceOf(InvalidSchemaException.class)
        .hasMessageContaining("must not be empty");
  }

  @Test
  void aSchemaNeedsAField() {
    assertThatThrownBy(() -> Schema.builder().build()).isInstanceOf(InvalidSchemaException.class);
  }

  @Test
  void decimalsAreCheckedWhenCreated() {
    assertThatThrownBy(() -> FieldType.decimal(0, 0)).isInstanceOf(InvalidSchemaException.class).hasMessageContaining("got 0");
    assertThatThrownBy(() -> FieldType.decimal(39, 2)).isInstanceOf(InvalidSchemaException.class).hasMessageContaining("got 39");
    assertThatThrownBy(() -> FieldType.decimal(5, 6)).isInstanceOf(InvalidSchemaException.class).hasMessageContaining("got 6");
    assertThat(FieldType.decimal(18, 2).isLongDecimal()).isTrue();
    assertThat(FieldType.decimal(19, 2).isLongDecimal()).isFalse();
    assertThat(FieldType.decimal(9, 2)).hasToString("DECIMAL(9,2)");
  }

  @Test
  void schemasCompareByFields() {
    Schema same = Schema.of(Field.required("order_id", FieldType.STRING), Field.required("quantity", FieldType.INT32),
        Field.optional("price", FieldType.decimal(9, 2)));
    assertThat(same).isEqualTo(orders).hasSameHashCodeAs(orders);
    assertThat(Schema.of(Field.required("order_id", FieldType.STRING))).isNotEqualTo(orders);
  }
}
