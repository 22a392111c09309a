package io.sluice.record;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.json.JsonWriteFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.From;
import net.jqwik.api.constraints.Size;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * The JSON Lines reader parses JSON by hand, for speed; Jackson, the well-kept parser it replaced, is
 * the oracle here. Lines written by Jackson (with and without escaping every non-ASCII character,
 * with numbers in every notation Jackson uses) must read back as the values that were written.
 */
class JsonLinesAgainstJacksonPropertyTest {
  private static final ObjectMapper PLAIN = new ObjectMapper();
  private static final ObjectMapper ESCAPING = JsonMapper.builder().enable(JsonWriteFeature.ESCAPE_NON_ASCII).build();

  private static final Schema SCHEMA = Schema.builder()
      .optional("s", FieldType.STRING)
      .optional("n", FieldType.INT64)
      .optional("d", FieldType.FLOAT64)
      .optional("b", FieldType.BOOLEAN)
      .optional("o.x", FieldType.STRING)
      .build();

  record Line(String s, Long n, Double d, Boolean b, String ox, boolean escape) {}

  @Provide
  Arbitrary<Line> lines() {
    Arbitrary<String> text = Arbitraries.strings().all().ofMaxLength(40)
        .filter(t -> t.codePoints().noneMatch(c -> c >= 0xD800 && c <= 0xDFFF) && isWellFormed(t));
    Arbitrary<Long> longs = Arbitraries.longs().injectNull(0.1);
    Arbitrary<Double> doubles = Arbitraries.oneOf(
        Arbitraries.doubles().between(-1e12, 1e12),
        Arbitraries.of(0.0, -0.0, 1e-300, 1.7976931348623157e308, 4.9e-324, 123456.789e10),
        Arbitraries.doubles()).injectNull(0.1);
    return Combinators.combine(text.injectNull(0.1), longs, doubles, Arbitraries.of(true, false).injectNull(0.1),
        text.injectNull(0.2), Arbitraries.of(true, false)).as(Line::new);
  }

  private static boolean isWellFormed(String t) {
    // Unpaired surrogates are not text; strings() can make them out of single chars.
    for (int i = 0; i < t.length(); i++) {
      char c = t.charAt(i);
      if (Character.isSurrogate(c)) {
        return false;
      }
    }
    return true;
  }

  @Property(tries = 300)
  void readsBackWhatJacksonWrote(@ForAll @Size(max = 20) List<@From("lines") Line> lines) throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (Line l : lines) {
      Map<String, Object> o = new LinkedHashMap<>();
      o.put("s", l.s());
      o.put("n", l.n());
      o.put("d", l.d());
      o.put("b", l.b());
      o.put("o", l.ox() == null ? null : Map.of("x", l.ox()));
      out.write((l.escape() ? ESCAPING : PLAIN).writeValueAsBytes(o));
      out.write('\n');
    }
    byte[] bytes = out.toByteArray();
    List<Line> read = new ArrayList<>();
    try (RecordReader in = JsonLinesFormat.DEFAULT.reader(InputFile.of("lines.jsonl", bytes), Split.whole(bytes.length),
        SCHEMA, ReadOptions.of(BadRecordPolicy.fail()))) {
      while (in.next()) {
        Row r = in.row();
        read.add(new Line(r.getString(0), r.isNull(1) ? null : r.getLong(1), r.isNull(2) ? null : r.getDouble(2),
            r.isNull(3) ? null : r.getBoolean(3), r.getString(4), false));
      }
    }
    assertThat(read).hasSize(lines.size());
    for (int i = 0; i < lines.size(); i++) {
      Line want = lines.get(i);
      Line got = read.get(i);
      assertThat(got.s()).as("line %d of %s", i, new String(bytes, StandardCharsets.UTF_8)).isEqualTo(want.s());
      assertThat(got.n()).isEqualTo(want.n());
      if (want.d() == null) {
        assertThat(got.d()).isNull();
      } else {
        assertThat(Double.doubleToLongBits(got.d())).as("%s read as %s", want.d(), got.d())
            .isEqualTo(Double.doubleToLongBits(want.d()));
      }
      assertThat(got.b()).isEqualTo(want.b());
      assertThat(got.ox()).isEqualTo(want.ox());
    }
  }
}
