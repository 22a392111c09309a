package io.sluice.parquet;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.record.BadRecordPolicy;
import io.sluice.record.FieldType;
import io.sluice.record.InputFile;
import io.sluice.record.MutableRow;
import io.sluice.record.ReadOptions;
import io.sluice.record.RecordReader;
import io.sluice.record.RecordWriter;
import io.sluice.record.Row;
import io.sluice.record.Schema;
import io.sluice.record.Split;
import java.io.IOException;
import java.io.OutputStream;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Interop with DuckDB (the real engine, embedded over JDBC, in memory): files DuckDB writes read to
 * the values DuckDB itself returns, and files ParquetFormat writes are read by DuckDB's {@code
 * read_parquet} with the same row count and column sums, Snappy and the intended row groups.
 */
class DuckDbInteropTest {
  @TempDir
  Path dir;

  private static final String SELECT = """
      SELECT i::BIGINT AS id,
             'name-' || (i % 10) AS low_card,
             CASE WHEN i % 7 = 0 THEN NULL ELSE 'x' || i END AS high_card,
             (i % 100)::INTEGER AS i32,
             (i % 100)::SMALLINT AS i16,
             (i % 100)::TINYINT AS i8,
             (i * 1.5)::DOUBLE AS f64,
             (i % 3)::FLOAT AS f32,
             i % 2 = 0 AS b,
             DATE '2020-01-01' + (i % 1000)::INTEGER AS day,
             TIMESTAMP '2020-01-01 00:00:00' + to_seconds(i) + to_microseconds(i) AS ts,
             (i % 10000 / 100.0)::DECIMAL(4,2) AS d4,
             CASE WHEN i % 5 = 0 THEN NULL ELSE (i / 7.0)::DECIMAL(9,3) END AS d9,
             (i * 1000.5)::DECIMAL(18,4) AS d18,
             (i * 123456789.123)::DECIMAL(38,6) AS d38
      FROM range(0, 5000) t(i)
      """;

  @ParameterizedTest
  @ValueSource(strings = {"snappy", "zstd", "gzip"})
  void filesDuckDbWritesReadToTheValuesDuckDbReturns(String compression) throws Exception {
    Path file = dir.resolve("duck-" + compression + ".parquet");
    try (Connection db = DriverManager.getConnection("jdbc:duckdb:"); Statement st = db.createStatement()) {
      st.execute("COPY (" + SELECT + ") TO '" + file + "' (FORMAT parquet, COMPRESSION " + compression + ", ROW_GROUP_SIZE 1000)");
      InputFile in = InputFile.of(file);
      Schema schema = ParquetFormat.schemaOf(in);
      assertThat(schema.field("d4").type()).isEqualTo(FieldType.decimal(4, 2));
      assertThat(schema.field("d38").type()).isEqualTo(FieldType.decimal(38, 6));
      assertThat(schema.field("day").type()).isEqualTo(FieldType.DATE);
      List<Row> rows = readAll(in, schema);
      assertThat(rows).hasSize(5000);
      try (ResultSet rs = st.executeQuery("SELECT *, epoch_us(ts) AS ts_us, (day - DATE '1970-01-01') AS day_n FROM read_parquet('"
          + file + "') ORDER BY id")) {
        int k = 0;
        while (rs.next()) {
          Row r = rows.get(k++);
          assertThat(r.getLong("id")).isEqualTo(rs.getLong("id"));
          assertThat(r.getString("low_card")).isEqualTo(rs.getString("low_card"));
          assertThat(r.isNull("high_card") ? null : r.getString("high_card")).isEqualTo(rs.getString("high_card"));
          assertThat(r.getInt("i32")).isEqualTo(rs.getInt("i32"));
          assertThat(r.get("i16")).isEqualTo(rs.getShort("i16"));
          assertThat(r.get("i8")).isEqualTo(rs.getByte("i8"));
          assertThat(r.getDouble("f64")).isEqualTo(rs.getDouble("f64"));
          assertThat(r.getFloat("f32")).isEqualTo(rs.getFloat("f32"));
          assertThat(r.getBoolean("b")).isEqualTo(rs.getBoolean("b"));
          assertThat(r.getDate("day")).isEqualTo(LocalDate.ofEpochDay(rs.getLong("day_n")));
          assertThat(r.getLong("ts")).isEqualTo(rs.getLong("ts_us"));
          assertThat(r.getDecimal("d4")).isEqualByComparingTo(rs.getBigDecimal("d4"));
          BigDecimal d9 = rs.getBigDecimal("d9");
          if (d9 == null) {
            assertThat(r.isNull("d9")).isTrue();
          } else {
            assertThat(r.getDecimal("d9")).isEqualByComparingTo(d9);
          }
          assertThat(r.getDecimal("d18")).isEqualByComparingTo(rs.getBigDecimal("d18"));
          assertThat(r.getDecimal("d38")).isEqualByComparingTo(rs.getBigDecimal("d38"));
        }
        assertThat(k).isEqualTo(5000);
      }
      try (ResultSet rs = st.executeQuery("SELECT DISTINCT compression FROM parquet_metadata('" + file + "')")) {
        assertThat(rs.next()).isTrue();
        assertThat(rs.getString(1)).isEqualToIgnoringCase(compression);
      }
      // the file holds both encodings: the low-cardinality strings in a dictionary, some column plain
      try (ResultSet rs = st.executeQuery("SELECT path_in_schema, string_agg(DISTINCT encodings, ',') FROM parquet_metadata('" + file
          + "') GROUP BY path_in_schema")) {
        java.util.Map<String, String> encodings = new java.util.HashMap<>();
        while (rs.next()) {
          encodings.put(rs.getString(1), rs.getString(2));
        }
        assertThat(encodings.get("low_card")).contains("DICTIONARY");
        assertThat(encodings.values()).anySatisfy(e -> assertThat(e).doesNotContain("DICTIONARY"));
      }
    }
  }

  @Test
  void nestedAndOtherTypesDuckDbWritesRead() throws Exception {
    Path file = dir.resolve("duck-nested.parquet");
    try (Connection db = DriverManager.getConnection("jdbc:duckdb:"); Statement st = db.createStatement()) {
      st.execute("COPY (SELECT i AS id, {'x': i::INTEGER, 'label': 'l' || i} AS point,"
          + " CASE WHEN i % 4 = 0 THEN NULL ELSE [i, NULL, i + 1] END AS nums,"
          + " MAP {'a': i, 'b': NULL} AS m, [['p', 'q'], [], NULL] AS nested,"
          + " TIME '01:02:03' + to_seconds(i) AS t, ('b' || i)::BLOB AS bin,"
          + " TIMESTAMPTZ '2026-01-01 00:00:00+00' + to_seconds(i) AS tstz, (i % 200)::UTINYINT AS u8"
          + " FROM range(0, 500) t(i)) TO '" + file + "' (FORMAT parquet)");
      InputFile in = InputFile.of(file);
      Schema schema = ParquetFormat.schemaOf(in);
      List<Row> rows = readAll(in, schema);
      assertThat(rows).hasSize(500);
      try (ResultSet rs = st.executeQuery("SELECT id, point.x AS x, point.label AS label, nums, m['a'] AS ma, cardinality(m) AS mlen,"
          + " t::VARCHAR AS t, bin::VARCHAR AS bin, epoch_us(tstz) AS tstz, u8 FROM read_parquet('" + file + "') ORDER BY id")) {
        int k = 0;
        while (rs.next()) {
          Row r = rows.get(k++);
          long i = rs.getLong("id");
          assertThat(r.getLong("id")).isEqualTo(i);
          Row point = r.getStruct("point");
          assertThat(point.getInt("x")).isEqualTo(rs.getInt("x"));
          assertThat(point.getString("label")).isEqualTo(rs.getString("label"));
          if (i % 4 == 0) {
            assertThat(r.isNull("nums")).isTrue();
          } else {
            assertThat(r.getList("nums")).isEqualTo(java.util.Arrays.asList(i, null, i + 1));
          }
          java.util.Map<Object, Object> m = new java.util.LinkedHashMap<>();
          m.put("a", i);
          m.put("b", null);
          assertThat(r.getMap("m")).isEqualTo(m).hasSize(rs.getInt("mlen"));
          assertThat(r.getList("nested")).isEqualTo(java.util.Arrays.asList(List.of("p", "q"), List.of(), null));
          assertThat(r.getTime("t")).isEqualTo(java.time.LocalTime.parse(rs.getString("t")));
          assertThat(new String(r.getBinary("bin"), java.nio.charset.StandardCharsets.UTF_8)).isEqualTo(rs.getString("bin"));
          assertThat(r.getLong("tstz")).isEqualTo(rs.getLong("tstz"));
          assertThat(((Number) r.get("u8")).intValue()).isEqualTo(rs.getInt("u8"));
        }
        assertThat(k).isEqualTo(500);
      }
    }
  }

  private static List<Row> readAll(InputFile in, Schema schema) throws IOException {
    List<Row> rows = new ArrayList<>();
    for (Split s : ParquetFormat.DEFAULT.splits(in, 1)) {
      try (RecordReader r = ParquetFormat.DEFAULT.reader(in, s, schema, ReadOptions.of(BadRecordPolicy.fail()))) {
        while (r.next()) {
          rows.add(r.row().copy());
        }
      }
    }
    return rows;
  }

  @Test
  void filesParquetFormatWritesReadInDuckDbWithTheSameCountsAndSums() throws Exception {
    Schema schema = Schema.builder()
        .required("id", FieldType.INT64)
        .optional("name", FieldType.STRING)
        .required("price", FieldType.decimal(9, 2))
        .required("big", FieldType.decimal(30, 4))
        .required("amount", FieldType.FLOAT64)
        .required("day", FieldType.DATE)
        .required("at", FieldType.TIMESTAMP)
        .build();
    Path file = dir.resolve("sluice.parquet");
    long idSum = 0;
    BigDecimal priceSum = BigDecimal.ZERO;
    BigDecimal bigSum = BigDecimal.ZERO;
    long nulls = 0;
    try (OutputStream out = Files.newOutputStream(file);
        RecordWriter w = ParquetFormat.builder().rowGroupRows(1000).build().writer(out, schema)) {
      MutableRow r = new MutableRow(schema);
      for (int k = 0; k < 5000; k++) {
        r.setLong(0, k);
        if (k % 9 == 0) {
          r.setNull(1);
          nulls++;
        } else {
          r.setString(1, "n" + (k % 13));
        }
        BigDecimal price = BigDecimal.valueOf(k * 7L, 2);
        BigDecimal big = new BigDecimal("12345678901234567890.1234").add(BigDecimal.valueOf(k));
        r.setDecimal(2, price);
        r.setDecimal(3, big);
        r.setDouble(4, k * 0.5);
        r.setDate(5, LocalDate.of(2026, 1, 1).plusDays(k % 365));
        r.setTimestamp(6, Instant.parse("2026-01-01T00:00:00Z").plusMillis(k * 1001L));
        w.write(r);
        idSum += k;
        priceSum = priceSum.add(price);
        bigSum = bigSum.add(big);
      }
    }
    try (Connection db = DriverManager.getConnection("jdbc:duckdb:"); Statement st = db.createStatement()) {
      try (ResultSet rs = st.executeQuery("SELECT count(*), sum(id), sum(price), sum(big), sum(amount), count(name),"
          + " max(\"day\"), max(\"at\") FROM read_parquet('" + file + "')")) {
        assertThat(rs.next()).isTrue();
        assertThat(rs.getLong(1)).isEqualTo(5000);
        assertThat(rs.getLong(2)).isEqualTo(idSum);
        assertThat(rs.getBigDecimal(3)).isEqualByComparingTo(priceSum);
        assertThat(rs.getBigDecimal(4)).isEqualByComparingTo(bigSum);
        assertThat(rs.getDouble(5)).isEqualTo(4999 * 5000 / 2 * 0.5);
        assertThat(rs.getLong(6)).isEqualTo(5000 - nulls);
        assertThat(rs.getString(7)).isEqualTo("2026-12-31");
      }
      List<Long> rowGroupRows = new ArrayList<>();
      try (ResultSet rs = st.executeQuery("SELECT row_group_id, any_value(row_group_num_rows), string_agg(DISTINCT compression, ','),"
          + " bool_and(stats_min_value IS NOT NULL AND stats_max_value IS NOT NULL) FROM parquet_metadata('" + file + "')"
          + " GROUP BY row_group_id ORDER BY row_group_id")) {
        while (rs.next()) {
          rowGroupRows.add(rs.getLong(2));
          assertThat(rs.getString(3)).isEqualTo("SNAPPY");
          assertThat(rs.getBoolean(4)).as("min/max of every column").isTrue();
        }
      }
      assertThat(rowGroupRows).containsExactly(1000L, 1000L, 1000L, 1000L, 1000L);
    }
  }
}
