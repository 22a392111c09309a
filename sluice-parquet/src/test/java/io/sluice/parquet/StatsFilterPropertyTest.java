package io.sluice.parquet;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.record.BadRecordPolicy;
import io.sluice.record.FieldType;
import io.sluice.record.InputFile;
import io.sluice.record.ReadOptions;
import io.sluice.record.RecordPredicate;
import io.sluice.record.RecordReader;
import io.sluice.record.RecordWriter;
import io.sluice.record.Row;
import io.sluice.record.Schema;
import io.sluice.record.Split;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Whatever the predicate and the data, a filtered read returns every row the predicate matches:
 * row-group skipping by statistics never drops a match (values from small domains, so that
 * predicates often hit min/max exactly; row groups of 1 to 20 rows).
 */
class StatsFilterPropertyTest {
  private static final Schema SCHEMA = Schema.builder()
      .required("id", FieldType.INT64)
      .optional("s", FieldType.STRING)
      .optional("day", FieldType.DATE)
      .optional("dec", FieldType.decimal(20, 2))
      .optional("small", FieldType.decimal(5, 1))
      .optional("ts", FieldType.TIMESTAMP)
      .optional("i8", FieldType.INT8)
      .optional("b", FieldType.BOOLEAN)
      .optional("f", FieldType.FLOAT64)
      .build();

  private static Arbitrary<Object> value(String field) {
    Arbitrary<?> a = switch (field) {
      case "id" -> Arbitraries.longs().between(-5, 5);
      case "s" -> Arbitraries.of("", "a", "b", "ab", "\u00e9", "z");
      case "day" -> Arbitraries.integers().between(-3, 3).map(LocalDate::ofEpochDay);
      case "dec" -> Arbitraries.integers().between(-300, 300).map(u -> BigDecimal.valueOf(u, 2));
      case "small" -> Arbitraries.integers().between(-30, 30).map(u -> BigDecimal.valueOf(u, 1));
      case "ts" -> Arbitraries.integers().between(-3, 3).map(s -> Instant.ofEpochSecond(s, 500_000));
      case "i8" -> Arbitraries.bytes().between((byte) -3, (byte) 3);
      case "b" -> Arbitraries.of(true, false);
      case "f" -> Arbitraries.of(-1.0, 0.0, -0.0, 2.5, Double.NaN);
      default -> throw new AssertionError(field);
    };
    return a.map(v -> (Object) v);
  }

  private static Arbitrary<Row> row() {
    List<Arbitrary<Object>> parts = new ArrayList<>();
    for (String f : SCHEMA.names()) {
      parts.add(f.equals("id") ? value(f) : value(f).injectNull(0.2));
    }
    return Combinators.combine(parts).as(values -> Row.of(SCHEMA, values.toArray()));
  }

  private static Arbitrary<RecordPredicate> leaf() {
    Arbitrary<String> fields = Arbitraries.of(SCHEMA.names());
    return fields.flatMap(f -> Arbitraries.oneOf(
        Combinators.combine(Arbitraries.of(RecordPredicate.Op.values()), value(f))
            .as((op, v) -> (RecordPredicate) new RecordPredicate.Compare(f, op, v)),
        Arbitraries.just(RecordPredicate.isNull(f))));
  }

  @Provide
  Arbitrary<RecordPredicate> predicates() {
    return Arbitraries.recursive(StatsFilterPropertyTest::leaf, p -> Arbitraries.oneOf(
        p.map(RecordPredicate::not),
        p.list().ofMinSize(1).ofMaxSize(3).map(l -> (RecordPredicate) new RecordPredicate.And(l)),
        p.list().ofMinSize(1).ofMaxSize(3).map(l -> (RecordPredicate) new RecordPredicate.Or(l))), 0, 3);
  }

  @Provide
  Arbitrary<List<Row>> rows() {
    return row().list().ofMaxSize(80);
  }

  @Property(tries = 300)
  void aFilteredReadKeepsEveryMatchingRow(@ForAll("rows") List<Row> rows, @ForAll("predicates") RecordPredicate p,
      @ForAll @net.jqwik.api.constraints.IntRange(min = 1, max = 20) int groupRows) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (RecordWriter w = ParquetFormat.builder().rowGroupRows(groupRows).build().writer(out, SCHEMA)) {
      for (Row r : rows) {
        w.write(r);
      }
    }
    InputFile file = InputFile.of("f", out.toByteArray());
    ReadOptions options = ReadOptions.builder().badRecords(BadRecordPolicy.fail()).filter(p).build();
    List<Row> read = new ArrayList<>();
    for (Split s : ParquetFormat.DEFAULT.splits(file, 1)) {
      try (RecordReader in = ParquetFormat.DEFAULT.reader(file, s, SCHEMA, options)) {
        while (in.next()) {
          read.add(in.row().copy());
        }
      }
    }
    assertThat(read.stream().filter(p::test).toList()).isEqualTo(rows.stream().filter(p::test).toList());
  }
}
