package io.sluice.record;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;
import org.junit.jupiter.api.Test;

/**
 * What every {@link RecordFormat} must do, run by a subclass per format (CSV and JSON Lines here; the
 * Parquet module runs it from this module's test jar): every type it supports round-trips, nulls
 * too; empty input reads as nothing; the splits it plans read every record exactly once, whatever
 * their size, and so do continuations from any record; projections give just the columns asked for;
 * positions and splits survive JSON; types it cannot hold are refused naming the field.
 *
 * <p>A subclass says which format, which types it holds ({@link #supports}) and whether its strings
 * may hold line breaks; {@link TextFormatContract} adds what line-based formats must do.
 */
public abstract class RecordFormatContract {
  /** The format under test. */
  protected abstract RecordFormat format();

  /** Whether the format holds values of {@code type}. */
  protected abstract boolean supports(FieldType type);

  /** Whether STRING values may hold {@code \n} (CSV with {@code newlinesInQuotes(false)} may not). */
  protected boolean stringsHoldLineBreaks() {
    return true;
  }

  private static final List<Field> EVERY_TYPE = List.of(
      Field.required("id", FieldType.INT64),
      Field.optional("s", FieldType.STRING),
      Field.optional("bin", FieldType.BINARY),
      Field.optional("i8", FieldType.INT8),
      Field.optional("i16", FieldType.INT16),
      Field.optional("i32", FieldType.INT32),
      Field.optional("f32", FieldType.FLOAT32),
      Field.optional("f64", FieldType.FLOAT64),
      Field.optional("b", FieldType.BOOLEAN),
      Field.optional("day", FieldType.DATE),
      Field.optional("time", FieldType.TIME),
      Field.optional("ts", FieldType.TIMESTAMP),
      Field.optional("local_ts", FieldType.LOCAL_TIMESTAMP),
      Field.optional("price", FieldType.decimal(9, 2)),
      Field.optional("big", FieldType.decimal(30, 5)),
      Field.optional("point", FieldType.struct(Schema.builder().required("x", FieldType.INT32).optional("label", FieldType.STRING).build())),
      Field.optional("tags", FieldType.list(FieldType.STRING)),
      Field.optional("counts", FieldType.map(FieldType.STRING, FieldType.INT64)),
      Field.optional("matrix", FieldType.list(FieldType.list(FieldType.FLOAT64))));

  /** Every type of {@link FieldType} this format supports, each in one field ({@code id}, INT64, is required). */
  protected final Schema schema() {
    return Schema.of(EVERY_TYPE.stream().filter(f -> supports(f.type())).toList());
  }

  // ---- generators ----

  private static final List<String> ATOMS = List.of("a", "Z", "0", " ", ",", ";", "\t", "\"", "'", "\n", "\r", "é",
      "\u20ac", "\ud83d\ude00", "{", "}", "[", "\\", ":", "null");

  private Arbitrary<String> text() {
    Arbitrary<String> atoms = Arbitraries.of(ATOMS).list().ofMaxSize(6).map(l -> String.join("", l));
    return stringsHoldLineBreaks() ? atoms : atoms.map(s -> s.replace('\n', ' '));
  }

  private Arbitrary<Object> value(FieldType type) {
    Arbitrary<?> a = switch (type.kind()) {
      case STRING -> text();
      case BINARY -> Arbitraries.bytes().array(byte[].class).ofMaxSize(12);
      case INT8 -> Arbitraries.bytes();
      case INT16 -> Arbitraries.shorts();
      case INT32 -> Arbitraries.integers();
      case INT64 -> Arbitraries.longs();
      case FLOAT32 -> Arbitraries.oneOf(Arbitraries.floats(), Arbitraries.of(Float.NaN, Float.NEGATIVE_INFINITY, -0.0f, Float.MIN_VALUE, Float.MAX_VALUE));
      case FLOAT64 -> Arbitraries.oneOf(Arbitraries.doubles(), Arbitraries.of(Double.NaN, Double.POSITIVE_INFINITY, -0.0, Double.MIN_VALUE, 1e22, 0.1));
      case BOOLEAN -> Arbitraries.of(true, false);
      case DATE -> Arbitraries.integers().between(-800_000, 2_900_000).map(LocalDate::ofEpochDay);
      case TIME -> Arbitraries.longs().between(0, 86_399_999_999L).map(us -> LocalTime.ofNanoOfDay(us * 1000));
      case TIMESTAMP -> Arbitraries.longs().between(-60_000_000_000_000_000L, 250_000_000_000_000_000L)
          .map(us -> Instant.ofEpochSecond(Math.floorDiv(us, 1_000_000L), Math.floorMod(us, 1_000_000L) * 1000));
      case LOCAL_TIMESTAMP -> Arbitraries.longs().between(-60_000_000_000_000_000L, 250_000_000_000_000_000L)
          .map(us -> LocalDateTime.ofEpochSecond(Math.floorDiv(us, 1_000_000L), (int) Math.floorMod(us, 1_000_000L) * 1000, ZoneOffset.UTC));
      case DECIMAL -> Arbitraries.bigIntegers()
          .between(BigInteger.TEN.pow(type.precision()).negate().add(BigInteger.ONE), BigInteger.TEN.pow(type.precision()).subtract(BigInteger.ONE))
          .map(u -> new BigDecimal(u, type.scale()));
      case STRUCT -> {
        Schema fields = type.fields();
        List<Arbitrary<Object>> parts = new ArrayList<>();
        for (Field f : fields.fields()) {
          parts.add(f.nullable() ? value(f.type()).injectNull(0.2) : value(f.type()));
        }
        yield net.jqwik.api.Combinators.combine(parts).as(values -> Row.of(fields, values.toArray()));
      }
      case LIST -> value(type.elementType()).injectNull(0.1).list().ofMaxSize(4);
      case MAP -> Arbitraries.maps(text(), value(type.elementType()).injectNull(0.1)).ofMaxSize(3).map(LinkedHashMap::new);
    };
    return a.map(v -> (Object) v);
  }

  private Arbitrary<Row> row() {
    Schema schema = schema();
    List<Arbitrary<Object>> parts = new ArrayList<>();
    for (Field f : schema.fields()) {
      parts.add(f.nullable() ? value(f.type()).injectNull(0.15) : value(f.type()));
    }
    return net.jqwik.api.Combinators.combine(parts).as(values -> Row.of(schema, values.toArray()));
  }

  @Provide
  Arbitrary<List<Row>> rows() {
    return row().list().ofMaxSize(30);
  }

  // ---- helpers ----

  /** The bytes of {@code rows} written by the format. */
  protected final byte[] write(Schema schema, List<Row> rows) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (RecordWriter w = format().writer(out, schema)) {
      for (Row r : rows) {
        w.write(r);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }

  /** Every record of every split of {@code file}, split by the format at {@code targetBytes}. */
  protected final List<Row> readSplits(InputFile file, long targetBytes, Schema schema, ReadOptions options) {
    List<Row> rows = new ArrayList<>();
    try {
      for (Split split : format().splits(file, targetBytes)) {
        try (RecordReader in = format().reader(file, split, schema, options)) {
          while (in.next()) {
            rows.add(in.row().copy());
          }
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return rows;
  }

  protected static final ReadOptions FAIL = ReadOptions.of(BadRecordPolicy.fail());

  // ---- the contract ----

  @Property(tries = 200)
  void everySupportedTypeRoundTripsWhateverTheSplitSize(@ForAll("rows") List<Row> rows, @ForAll @LongRange(min = 1, max = 5_000) long target) {
    InputFile file = InputFile.of("mem", write(schema(), rows));
    assertThat(readSplits(file, target, schema(), FAIL)).isEqualTo(rows);
  }

  @Test
  void aRowOfNullsRoundTrips() {
    Schema schema = schema();
    MutableRow nulls = new MutableRow(schema);
    nulls.setLong(0, 7);
    List<Row> rows = List.of(nulls.copy(), nulls.copy());
    assertThat(readSplits(InputFile.of("mem", write(schema, rows)), 1 << 20, schema, FAIL)).isEqualTo(rows);
    assertThat(rows.get(0).isNull("s")).isTrue();
  }

  @Test
  void emptyInputHasNoRecords() {
    byte[] nothing = write(schema(), List.of());
    assertThat(readSplits(InputFile.of("mem", nothing), 1 << 20, schema(), FAIL)).isEmpty();
    assertThat(readSplits(InputFile.of("empty", new byte[0]), 1 << 20, schema(), FAIL)).isEmpty();
  }

  @Property(tries = 100)
  void continuingFromAnyRecordReadsEachRecordOnce(@ForAll("rows") List<Row> rows, @ForAll @IntRange(min = 0, max = 30) int stopAfter,
      @ForAll @LongRange(min = 1, max = 4_000) long target) throws IOException {
    InputFile file = InputFile.of("mem", write(schema(), rows));
    ObjectMapper json = new ObjectMapper();
    List<Row> read = new ArrayList<>();
    for (Split split : format().splits(file, target)) {
      Split travelled = json.readValue(json.writeValueAsString(split), Split.class);
      assertThat(travelled).isEqualTo(split);
      Position at = null;
      boolean more = true;
      while (more) {
        try (RecordReader in = at == null ? format().reader(file, travelled, schema(), FAIL)
            : format().reader(file, travelled, at, schema(), FAIL)) {
          int n = 0;
          while (n < Math.max(1, stopAfter) && (more = in.next())) {
            read.add(in.row().copy());
            n++;
          }
          // the position travels in a task continuation, as JSON
          at = json.readValue(json.writeValueAsString(in.continuation()), Position.class);
        }
      }
    }
    assertThat(read).isEqualTo(rows);
  }

  @Property(tries = 100)
  void aProjectionReadsJustTheColumnsAskedForInTheirOrder(@ForAll("rows") List<Row> rows, @ForAll("projections") List<String> columns) {
    Schema schema = schema();
    InputFile file = InputFile.of("mem", write(schema, rows));
    ReadOptions options = ReadOptions.builder().badRecords(BadRecordPolicy.fail()).project(columns).build();
    Schema projected = schema.select(columns);
    List<Row> expected = rows.stream().map(r -> {
      Object[] values = columns.stream().map(r::get).toArray();
      return Row.of(projected, values);
    }).toList();
    List<Row> read = readSplits(file, 1 << 20, schema, options);
    assertThat(read).isEqualTo(expected);
    assertThat(read).allSatisfy(r -> assertThat(r.schema()).isEqualTo(projected));
  }

  @Provide
  Arbitrary<List<String>> projections() {
    return Arbitraries.of(schema().names()).list().uniqueElements().ofMinSize(1).ofMaxSize(schema().size())
        .map(l -> {
          List<String> shuffled = new ArrayList<>(l);
          Collections.reverse(shuffled);
          return shuffled;
        });
  }

  @Test
  void projectingAnUnknownFieldIsRefusedNamingIt() {
    InputFile file = InputFile.of("mem", write(schema(), List.of()));
    ReadOptions options = ReadOptions.builder().badRecords(BadRecordPolicy.fail()).project("id", "nope").build();
    assertThatThrownBy(() -> format().reader(file, Split.whole(file.length()), schema(), options))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'nope'");
  }

  @Test
  void typesTheFormatCannotHoldAreRefusedNamingTheField() {
    for (Field f : EVERY_TYPE) {
      if (supports(f.type())) {
        continue;
      }
      Schema schema = Schema.of(Field.required("id", FieldType.INT64), f);
      assertThatThrownBy(() -> format().writer(new ByteArrayOutputStream(), schema))
          .isInstanceOf(InvalidSchemaException.class).hasMessageContaining("'" + f.name() + "'");
      InputFile file = InputFile.of("mem", new byte[0]);
      assertThatThrownBy(() -> format().reader(file, Split.whole(0), schema, FAIL))
          .isInstanceOf(InvalidSchemaException.class).hasMessageContaining("'" + f.name() + "'");
    }
  }

  @Test
  void splitsNeedAPositiveTargetAndCoverTheObjectInOrder() throws IOException {
    List<Row> rows = new ArrayList<>();
    MutableRow r = new MutableRow(schema());
    for (int k = 0; k < 200; k++) {
      r.setLong(0, k);
      rows.add(r.copy());
    }
    InputFile file = InputFile.of("mem", write(schema(), rows));
    assertThatThrownBy(() -> format().splits(file, 0)).isInstanceOf(IllegalArgumentException.class);
    List<Split> splits = format().splits(file, 100);
    assertThat(splits).isNotEmpty();
    for (int k = 1; k < splits.size(); k++) {
      assertThat(splits.get(k).start()).isGreaterThanOrEqualTo(splits.get(k - 1).end());
    }
    assertThat(splits.get(splits.size() - 1).end()).isLessThanOrEqualTo(file.length());
    if (format().splittable()) {
      assertThat(splits).hasSizeGreaterThan(1);
    } else {
      assertThat(splits).containsExactly(Split.whole(file.length()));
    }
  }

  @Test
  void rowsReadCompareAndHashEqualToRowsBuilt() {
    Schema schema = schema();
    MutableRow built = new MutableRow(schema);
    built.setLong(0, 1);
    built.setString(schema.indexOf("s"), "caf\u00e9 \ud83d\ude00");
    List<Row> rows = List.of(built.copy());
    Row read = readSplits(InputFile.of("mem", write(schema, rows)), 1 << 20, schema, FAIL).get(0);
    assertThat(read).isEqualTo(built).hasSameHashCodeAs(built);
    Map<Row, Integer> byRow = new java.util.HashMap<>();
    byRow.put(read, 1);
    assertThat(byRow).containsKey(built);
  }
}
