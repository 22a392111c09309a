package io.sluice.record;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The types, options and inputs of the second record model. */
class NewTypesTest {
  private static final Schema POINT = Schema.builder().required("x", FieldType.INT32).optional("label", FieldType.STRING).build();
  private static final Schema SCHEMA = Schema.builder()
      .optional("bin", FieldType.BINARY).optional("i8", FieldType.INT8).optional("i16", FieldType.INT16)
      .optional("f32", FieldType.FLOAT32).optional("time", FieldType.TIME).optional("local", FieldType.LOCAL_TIMESTAMP)
      .optional("point", FieldType.struct(POINT)).optional("tags", FieldType.list(FieldType.STRING))
      .optional("counts", FieldType.map(FieldType.STRING, FieldType.INT64)).build();

  @Test
  void typedSettersAndGettersOfTheNewTypes() {
    MutableRow row = new MutableRow(SCHEMA);
    byte[] bytes = {1, 2, 3};
    row.setBinary(0, bytes);
    row.setInt(1, -128);
    row.setInt(2, 32767);
    row.setFloat(3, 1.5f);
    row.setTime(4, LocalTime.of(8, 30, 0, 123_456_789));
    row.setLocalTimestamp(5, LocalDateTime.of(2026, 11, 1, 8, 30));
    row.setStruct(6, Row.of(POINT, 3, "p"));
    row.setList(7, java.util.Arrays.asList("a", null));
    row.setMap(8, Map.of("k", 2L));

    assertThat(row.getBinary(0)).containsExactly(1, 2, 3).isNotSameAs(bytes);
    assertThat(row.getInt(1)).isEqualTo(-128);
    assertThat(row.get(1)).isEqualTo((byte) -128);
    assertThat(row.get(2)).isEqualTo((short) 32767);
    assertThat(row.getFloat(3)).isEqualTo(1.5f);
    assertThat(row.getDouble(3)).isEqualTo(1.5);
    assertThat(row.getTime(4)).isEqualTo(LocalTime.of(8, 30, 0, 123_456_000));
    assertThat(row.getLong(4)).isEqualTo((8 * 3600 + 30 * 60) * 1_000_000L + 123_456);
    assertThat(row.getLocalTimestamp(5)).isEqualTo(LocalDateTime.of(2026, 11, 1, 8, 30));
    assertThat(row.getStruct(6).getString("label")).isEqualTo("p");
    assertThat(row.getList(7)).isEqualTo(java.util.Arrays.asList("a", null));
    assertThat(row.getMap(8)).isEqualTo(Map.of("k", 2L));
    assertThat(row.copy()).isEqualTo(row).hasSameHashCodeAs(row);
  }

  @Test
  void settersCheckRangesAndNestedTypesNamingTheField() {
    MutableRow row = new MutableRow(SCHEMA);
    assertThatThrownBy(() -> row.setInt(1, 128)).hasMessage("Field 'i8': 128 is out of the INT8 range");
    assertThatThrownBy(() -> row.setLong(4, -1)).hasMessageContaining("Field 'time'").hasMessageContaining("not a TIME");
    assertThatThrownBy(() -> row.setStruct(6, Row.of(Schema.of(Field.required("y", FieldType.INT32)), 1)))
        .hasMessageContaining("Field 'point' is STRUCT<x INT32, label STRING NULL>; cannot set it to a row of schema (y INT32)");
    assertThatThrownBy(() -> row.setList(7, List.of(1))).hasMessageContaining("Field 'tags'[0] is STRING; cannot set it to a Integer");
    assertThatThrownBy(() -> FieldType.map(FieldType.list(FieldType.INT32), FieldType.INT32)).isInstanceOf(InvalidSchemaException.class);
  }

  @Test
  void nestedValuesAreCopiedSoRowsStayImmutable() {
    MutableRow row = new MutableRow(SCHEMA);
    List<String> tags = new ArrayList<>(List.of("a"));
    row.setList(7, tags);
    tags.add("b");
    assertThat(row.getList(7)).isEqualTo(List.of("a"));
    assertThatThrownBy(() -> ((List<Object>) row.getList(7)).add("c")).isInstanceOf(UnsupportedOperationException.class);
  }

  @Test
  void aStringSliceAndTheSameStringAreEqualAndHashAlike() {
    Schema s = Schema.of(Field.required("s", FieldType.STRING));
    byte[] buf = "xx caf\u00e9 \ud83d\ude00 yy".getBytes(StandardCharsets.UTF_8);
    MutableRow slice = new MutableRow(s);
    slice.setStringUtf8(0, buf, 3, buf.length - 6);
    MutableRow string = new MutableRow(s);
    string.setString(0, "caf\u00e9 \ud83d\ude00");
    assertThat(slice).isEqualTo(string).hasSameHashCodeAs(string);
    assertThat(slice.copy()).isEqualTo(string).hasSameHashCodeAs(string);
    assertThat(slice.byteLength(0)).isEqualTo(string.byteLength(0));
    assertThat(slice.getString(0)).isEqualTo("caf\u00e9 \ud83d\ude00");
    assertThatThrownBy(() -> slice.setStringUtf8(0, new byte[] {(byte) 0xFF}, 0, 1)).hasMessageContaining("not valid UTF-8");
  }

  @Test
  void aCopyOwnsItsTextAfterTheBufferChanges() {
    Schema s = Schema.of(Field.required("s", FieldType.STRING));
    byte[] buf = "abc".getBytes(StandardCharsets.UTF_8);
    MutableRow row = new MutableRow(s);
    row.setStringUtf8(0, buf, 0, 3);
    Row copy = row.copy();
    buf[0] = 'z';
    assertThat(copy.getString(0)).isEqualTo("abc");
  }

  @Test
  void csvRefusesNestedTypesNamingTheField() {
    assertThatThrownBy(() -> CsvFormat.DEFAULT.writer(new java.io.ByteArrayOutputStream(), SCHEMA))
        .isInstanceOf(InvalidSchemaException.class)
        .hasMessageStartingWith("CSV cannot hold field 'point' of type STRUCT<x INT32, label STRING NULL>");
  }

  @Test
  void jsonLinesReadsNestedJsonIntoStructsListsAndMaps() {
    String text = "{\"point\":{\"x\":1,\"label\":\"p\"},\"tags\":[\"a\",null,\"b\"],\"counts\":{\"k\":2,\"j\":null},\"time\":\"08:30:00.5\","
        + "\"local\":\"2026-11-01T08:30:00\",\"bin\":\"AQID\",\"i8\":-3,\"f32\":0.1}\n";
    List<Row> rows = Records.readAll(JsonLinesFormat.DEFAULT, SCHEMA, text, BadRecordPolicy.fail());
    Row r = rows.get(0);
    assertThat(r.getStruct("point")).isEqualTo(Row.of(POINT, 1, "p"));
    assertThat(r.getList("tags")).isEqualTo(java.util.Arrays.asList("a", null, "b"));
    java.util.Map<String, Long> counts = new java.util.LinkedHashMap<>();
    counts.put("k", 2L);
    counts.put("j", null);
    assertThat(r.getMap("counts")).isEqualTo(counts);
    assertThat(new ArrayList<Object>(r.getMap("counts").keySet())).isEqualTo(List.of("k", "j"));
    assertThat(r.getTime("time")).isEqualTo(LocalTime.of(8, 30, 0, 500_000_000));
    assertThat(r.getBinary("bin")).containsExactly(1, 2, 3);
    assertThat(r.getFloat("f32")).isEqualTo(0.1f);
    byte[] again = Records.write(JsonLinesFormat.DEFAULT, SCHEMA, rows);
    assertThat(new String(again, StandardCharsets.UTF_8)).startsWith("{\"bin\":\"AQID\",\"i8\":-3,\"i16\":null,\"f32\":0.1,"
        + "\"time\":\"08:30:00.500000\",\"local\":\"2026-11-01T08:30:00\",\"point\":{\"x\":1,\"label\":\"p\"},\"tags\":[\"a\",null,\"b\"]");
    assertThat(Records.readAll(JsonLinesFormat.DEFAULT, SCHEMA, again, BadRecordPolicy.fail())).isEqualTo(rows);
  }

  @Test
  void jsonLinesReportsANestedValueOfTheWrongShape() {
    List<BadRecord> bad = new ArrayList<>();
    Records.readAll(JsonLinesFormat.DEFAULT, SCHEMA, "{\"tags\":{\"a\":1}}\n{\"point\":{\"label\":\"no x\"}}\n{\"counts\":{\"k\":\"x\"}}\n",
        BadRecordPolicy.skipAndReport(bad::add));
    assertThat(bad).extracting(BadRecord::reason).containsExactly(
        "field 'tags' (LIST<STRING>): expected an array, got an object",
        "field 'point' (STRUCT<x INT32, label STRING NULL>): field 'x' is missing or null but required",
        "field 'counts' (MAP<STRING, INT64>): value of key 'k': 'x' is not an integer");
  }

  @Test
  void inputFilesReadPositionsOfBytesAndPaths(@TempDir Path dir) throws IOException {
    Path p = dir.resolve("in.csv");
    Files.write(p, "0123456789".getBytes(StandardCharsets.UTF_8));
    for (InputFile f : List.of(InputFile.of(p), InputFile.of("mem", Files.readAllBytes(p)))) {
      assertThat(f.length()).isEqualTo(10);
      assertThat(f.etag()).isNull();
      byte[] b = new byte[3];
      f.readFully(7, b, 0, 3);
      assertThat(new String(b, StandardCharsets.US_ASCII)).isEqualTo("789");
      assertThatThrownBy(() -> f.readFully(8, b, 0, 3)).isInstanceOf(java.io.EOFException.class);
      try (var in = f.open(4)) {
        assertThat(new String(in.readAllBytes(), StandardCharsets.US_ASCII)).isEqualTo("456789");
      }
    }
  }

  @Test
  void readOptionsNeedAPolicyAndAProjectionOfDistinctNames() {
    assertThatThrownBy(() -> ReadOptions.builder().build()).isInstanceOf(IllegalStateException.class).hasMessageContaining("badRecords(");
    assertThatThrownBy(() -> ReadOptions.builder().badRecords(BadRecordPolicy.fail()).project("a", "a").build())
        .hasMessageContaining("names a field twice");
    ReadOptions o = ReadOptions.builder().badRecords(BadRecordPolicy.fail()).project("i8", "bin").build();
    assertThat(o.projectedSchema(SCHEMA).names()).containsExactly("i8", "bin");
    assertThat(o.toBuilder().project((List<String>) null).build().projectedSchema(SCHEMA)).isSameAs(SCHEMA);
  }

  @Test
  void predicatesEvaluateExactlyAndCompareNullsAsFalse() {
    Schema s = Schema.builder().optional("tenant", FieldType.STRING).optional("at", FieldType.TIMESTAMP).optional("price", FieldType.decimal(9, 2)).build();
    Row row = Row.of(s, "t-7", Instant.parse("2026-11-01T08:00:00Z"), null);
    RecordPredicate p = RecordPredicate.and(RecordPredicate.eq("tenant", "t-7"), RecordPredicate.ge("at", Instant.parse("2026-11-01T00:00:00Z")));
    assertThat(p.test(row)).isTrue();
    assertThat(RecordPredicate.lt("price", new BigDecimal("1.00")).test(row)).isFalse();
    assertThat(RecordPredicate.not(RecordPredicate.lt("price", new BigDecimal("1.00"))).test(row)).isTrue();
    assertThat(RecordPredicate.or(RecordPredicate.isNull("price"), RecordPredicate.ne("tenant", "t-7")).test(row)).isTrue();
    assertThatThrownBy(() -> RecordPredicate.eq("tenant", 7).test(row)).hasMessageContaining("Cannot compare field 'tenant'");
  }

  @Test
  void positionsAndSplitsAreCheckedWhenMade() {
    assertThatThrownBy(() -> new Split(5, 4)).hasMessageContaining("0 <= start <= end");
    assertThatThrownBy(() -> new Position(-1, 0)).hasMessageContaining("offset >= 0");
    InputFile file = InputFile.of("mem", "a\nb\n".getBytes(StandardCharsets.UTF_8));
    assertThatThrownBy(() -> JsonLinesFormat.DEFAULT.reader(file, Split.whole(4), new Position(0, 3), SCHEMA, ReadOptions.of(BadRecordPolicy.fail())))
        .hasMessageContaining("is not a text position");
  }
}
