package io.sluice.record;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@link JsonLinesFormat.Builder}: the flattening separator, or no flattening. */
class JsonLinesFlattenOptionsTest {
  private static final String LINE = "{\"a\": {\"b\": 1}, \"a.b\": 2, \"x\": [1]}\n";

  @Test
  void anotherSeparatorFlattensByIt() {
    JsonLinesFormat underscores = JsonLinesFormat.builder().separator("__").build();
    Schema s = Schema.parse("a__b bigint, `a.b` bigint, x array<bigint>");
    assertThat(Records.readAll(underscores, s, LINE, BadRecordPolicy.fail()))
        .containsExactly(Row.of(s, 1L, 2L, List.of(1L)));
    Row row = Row.of(s, 5L, 6L, List.of(7L));
    String written = new String(Records.write(underscores, s, List.of(row)), StandardCharsets.UTF_8);
    assertThat(written).startsWith("{\"a\":{\"b\":5}");
    assertThat(Records.readAll(underscores, s, written, BadRecordPolicy.fail())).containsExactly(row);
  }

  @Test
  void withoutFlatteningNamesAreMemberNames() {
    JsonLinesFormat flat = JsonLinesFormat.builder().flatten(false).build();
    Schema s = Schema.parse("`a.b` bigint, a string");
    assertThat(Records.readAll(flat, s, LINE, BadRecordPolicy.fail())).containsExactly(Row.of(s, 2L, "{\"b\": 1}"));
    assertThat(JsonLinesFormat.builder().build()).isSameAs(JsonLinesFormat.DEFAULT);
  }
}
