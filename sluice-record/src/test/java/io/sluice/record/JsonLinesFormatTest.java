package io.sluice.record;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class JsonLinesFormatTest {
  private static final JsonLinesFormat JSONL = JsonLinesFormat.DEFAULT;
  private static final Schema CUSTOMERS = Schema.builder()
      .required("id", FieldType.INT64)
      .optional("name", FieldType.STRING)
      .optional("address.city", FieldType.STRING)
      .optional("address.geo.lat", FieldType.FLOAT64)
      .optional("since", FieldType.DATE)
      .build();

  private final List<BadRecord> bad = new ArrayList<>();
  private final BadRecordPolicy collect = BadRecordPolicy.skipAndReport(bad::add);

  @Test
  void flattensNestedObjectsIntoDottedFields() {
    String text = "{\"id\": 1, \"address\": {\"city\": \"Lyon\", \"geo\": {\"lat\": 45.75, \"lon\": 4.85}}, \"since\": \"2020-01-31\"}\n";
    assertThat(Records.readAll(JSONL, CUSTOMERS, text, collect))
        .containsExactly(Row.of(CUSTOMERS, 1L, null, "Lyon", 45.75, LocalDate.of(2020, 1, 31)));
  }

  @Test
  void dottedKeysAreTheSamePathAsNestedMembers() {
    assertThat(Records.readAll(JSONL, CUSTOMERS, "{\"id\":2,\"address.city\":\"Oslo\",\"address\":{\"geo.lat\":1}}", collect))
        .containsExactly(Row.of(CUSTOMERS, 2L, null, "Oslo", 1.0, null));
  }

  @Test
  void membersOutsideTheSchemaAreIgnoredAndMissingOnesAreNull() {
    assertThat(Records.readAll(JSONL, CUSTOMERS, "{\"tags\":[1,{\"a\":2}],\"id\":3,\"extra\":{\"x\":1},\"address\":null}", collect))
        .containsExactly(Row.of(CUSTOMERS, 3L, null, null, null, null));
    assertThat(bad).isEmpty();
  }

  @Test
  void aStringFieldHoldsTheJsonTextOfAnObjectOrArray() {
    assertThat(Records.readAll(JSONL, CUSTOMERS, "{\"id\":4,\"name\":{\"first\":\"Ada\",\"tags\":[1,2]}}", collect))
        .extracting(r -> r.getString("name")).containsExactly("{\"first\":\"Ada\",\"tags\":[1,2]}");
  }

  @Test
  void badLinesAreReportedWithTheirOffsets() {
    String text = "{\"id\":1}\n[1]\n{\"id\":\"x\"}\n{\"name\":\"no id\"}\n{\"id\":1.5}\n{\"id\":2,\"address\":7}\n{broken\n{\"id\":5} {}\n{\"id\":6}\n";
    List<Row> rows = Records.readAll(JSONL, CUSTOMERS, text, collect);
    assertThat(rows).extracting(r -> r.getLong("id")).containsExactly(1L, 6L);
    assertThat(bad).extracting(BadRecord::offset).containsExactly(9L, 13L, 24L, 41L, 52L, 73L, 81L);
    assertThat(bad.get(0).reason()).isEqualTo("expected a JSON object, got an array");
    assertThat(bad.get(1).reason()).isEqualTo("field 'id' (INT64): 'x' is not an integer");
    assertThat(bad.get(2).reason()).isEqualTo("field 'id' is missing or null but required");
    assertThat(bad.get(3).reason()).isEqualTo("field 'id' (INT64): expected an integer, got a number");
    assertThat(bad.get(4).reason()).isEqualTo("member 'address' should be an object (the schema has fields under it), got a number");
    assertThat(bad.get(5).reason()).startsWith("invalid JSON: ");
    assertThat(bad.get(6).reason()).isEqualTo("more than one JSON value on the line (then an object)");
    assertThat(bad.get(6).raw()).isEqualTo("{\"id\":5} {}");
  }

  @Test
  void numbersInStringsAndRangesAreChecked() {
    Schema s = Schema.builder().optional("i", FieldType.INT32).optional("p", FieldType.decimal(5, 2))
        .optional("ts", FieldType.TIMESTAMP).optional("b", FieldType.BOOLEAN).build();
    List<Row> rows = Records.readAll(JSONL, s,
        "{\"i\":\"12\",\"p\":1.5,\"ts\":\"2026-11-01T08:30:00Z\",\"b\":\"true\"}\n{\"i\":3000000000}\n{\"p\":1.555}\n{\"ts\":12}\n", collect);
    assertThat(rows).containsExactly(Row.of(s, 12, new BigDecimal("1.50"), Instant.parse("2026-11-01T08:30:00Z"), true));
    assertThat(bad).extracting(BadRecord::reason).containsExactly(
        "field 'i' (INT32): 3000000000 is out of the INT32 range",
        "field 'p' (DECIMAL(5,2)): '1.555' has more than 2 digits after the point, which DECIMAL(5,2) holds",
        "field 'ts' (TIMESTAMP): expected a string, got a number");
  }

  @Test
  void writerNestsDottedFieldsAgain() throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    RecordWriter w = JSONL.writer(out, CUSTOMERS);
    try (w) {
      w.write(Row.of(CUSTOMERS, 1L, "Ada \"A\"\n", "Lyon", Double.NaN, LocalDate.of(2020, 1, 31)));
      w.write(Row.of(CUSTOMERS, 2L, null, null, -0.0, null));
    }
    // The writer buffers (it is the one buffer of its output), so the count is checked once all is out.
    assertThat(w.bytesWritten()).isEqualTo(out.size()).isPositive();
    String text = out.toString(StandardCharsets.UTF_8);
    assertThat(text).isEqualTo(
        "{\"id\":1,\"name\":\"Ada \\\"A\\\"\\n\",\"address\":{\"city\":\"Lyon\",\"geo\":{\"lat\":\"NaN\"}},\"since\":\"2020-01-31\"}\n"
            + "{\"id\":2,\"name\":null,\"address\":{\"city\":null,\"geo\":{\"lat\":-0.0}},\"since\":null}\n");
    assertThat(Records.readAll(JSONL, CUSTOMERS, text, BadRecordPolicy.fail())).containsExactly(
        Row.of(CUSTOMERS, 1L, "Ada \"A\"\n", "Lyon", Double.NaN, LocalDate.of(2020, 1, 31)),
        Row.of(CUSTOMERS, 2L, null, null, -0.0, null));
  }

  @Test
  void aSchemaCannotHoldAValueAndAnObjectAtOnePath() {
    Schema both = Schema.builder().optional("a", FieldType.STRING).optional("a.b", FieldType.STRING).build();
    assertThatThrownBy(() -> JSONL.writer(new ByteArrayOutputStream(), both))
        .isInstanceOf(InvalidSchemaException.class).hasMessageContaining("both field 'a' and field 'a.b'");
    Schema reversed = Schema.builder().optional("a.b", FieldType.STRING).optional("a", FieldType.STRING).build();
    assertThatThrownBy(() -> JSONL.writer(new ByteArrayOutputStream(), reversed)).isInstanceOf(InvalidSchemaException.class);
    Schema empty = Schema.builder().optional("a..b", FieldType.STRING).build();
    assertThatThrownBy(() -> JSONL.writer(new ByteArrayOutputStream(), empty)).hasMessageContaining("empty path segment");
  }
}
