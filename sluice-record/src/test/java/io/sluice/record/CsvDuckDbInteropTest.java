package io.sluice.record;

import static org.assertj.core.api.Assertions.assertThat;

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
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Interop with DuckDB (the real engine, embedded over JDBC, in memory) on CSV with an escape character
 * and null markers: what DuckDB's {@code COPY ... TO} writes, Sluice reads to the values DuckDB returns
 * (whole and by resynchronising splits); what Sluice writes, DuckDB's {@code read_csv} reads back equal.
 *
 * <p>DuckDB refuses an escape character inside the null string ("ESCAPE must not appear in the NULL
 * specification"), so {@code ESCAPE '\'} goes with {@code NULL 'NULL'}, and {@code NULL '\N'} with
 * RFC 4180 doubling.
 */
class CsvDuckDbInteropTest {
  @TempDir
  Path dir;

  /** The two settings, as DuckDB's {@code COPY} and {@code read_csv} options and as a {@link CsvFormat}. */
  enum Dialect {
    BACKSLASH_ESCAPE("ESCAPE '\\', NULL 'NULL', QUOTE '\"'", "escape='\\', nullstr='NULL'",
        CsvFormat.builder().escape('\\').nullString("NULL")),
    BACKSLASH_N_NULL("NULL '\\N', QUOTE '\"'", "nullstr='\\N'", CsvFormat.builder().nullString("\\N"));

    final String copyOptions;
    final String readOptions;
    final CsvFormat format;

    Dialect(String copyOptions, String readOptions, CsvFormat.Builder format) {
      this.copyOptions = copyOptions;
      this.readOptions = readOptions;
      this.format = format.header(CsvFormat.HeaderMode.BY_NAME).build();
    }
  }

  private static final Schema SCHEMA = Schema.parse("id bigint not null, s string, n int, f double, day date, d decimal(9,3)");

  // strings with quotes, backslashes, delimiters, line breaks, the markers' text, the empty string and nulls
  private static final String SELECT = """
      SELECT i::BIGINT AS id,
             CASE i % 9 WHEN 0 THEN NULL WHEN 1 THEN 'NULL' WHEN 2 THEN '' WHEN 3 THEN 'say "hi", ' || i
                        WHEN 4 THEN 'C:\\temp\\' || i WHEN 5 THEN 'line' || chr(10) || 'break \\" ' || i
                        WHEN 6 THEN '\\N' WHEN 7 THEN '"' || i || '\\' ELSE 'x' || i END AS s,
             CASE WHEN i % 5 = 0 THEN NULL ELSE (i % 100)::INTEGER END AS n,
             CASE WHEN i % 3 = 0 THEN NULL ELSE i * 1.5 END::DOUBLE AS f,
             CASE WHEN i % 4 = 0 THEN NULL ELSE DATE '2020-01-01' + (i % 1000)::INTEGER END AS day,
             CASE WHEN i % 6 = 0 THEN NULL ELSE (i / 7.0)::DECIMAL(9,3) END AS d
      FROM range(0, 3000) t(i)
      """;

  @ParameterizedTest
  @EnumSource(Dialect.class)
  void csvDuckDbWritesReadsToTheValuesDuckDbReturns(Dialect dialect) throws Exception {
    Path file = dir.resolve("duck.csv");
    try (Connection db = DriverManager.getConnection("jdbc:duckdb:"); Statement st = db.createStatement()) {
      st.execute("COPY (" + SELECT + ") TO '" + file + "' (FORMAT csv, HEADER, " + dialect.copyOptions + ")");
      InputFile in = InputFile.of(file);
      List<Row> whole = read(dialect.format, in, Long.MAX_VALUE);
      assertThat(whole).hasSize(3000);
      try (ResultSet rs = st.executeQuery(SELECT + " ORDER BY id")) {
        int k = 0;
        while (rs.next()) {
          assertSameRow(whole.get(k++), rs);
        }
        assertThat(k).isEqualTo(3000);
      }
      // and by resynchronising splits of 4 KiB: the same rows, once each
      CsvFormat resync = dialect.format.toBuilder().resynchronize(true).build();
      assertThat(read(resync, in, 4096)).isEqualTo(whole);
    }
  }

  @ParameterizedTest
  @EnumSource(Dialect.class)
  void csvSluiceWritesIsReadByDuckDbEqual(Dialect dialect) throws Exception {
    Path file = dir.resolve("sluice.csv");
    try (Connection db = DriverManager.getConnection("jdbc:duckdb:"); Statement st = db.createStatement()) {
      // the rows, from DuckDB itself
      List<Row> rows = new ArrayList<>();
      try (ResultSet rs = st.executeQuery(SELECT + " ORDER BY id")) {
        while (rs.next()) {
          LocalDate day = rs.getObject("day", LocalDate.class);
          rows.add(Row.of(SCHEMA, rs.getLong("id"), rs.getString("s"), (Integer) rs.getObject("n"), (Double) rs.getObject("f"),
              day, rs.getBigDecimal("d")));
        }
      }
      try (OutputStream out = Files.newOutputStream(file); RecordWriter w = dialect.format.writer(out, SCHEMA)) {
        for (Row r : rows) {
          w.write(r);
        }
      }
      String readCsv = "read_csv('" + file + "', header=true, quote='\"', " + dialect.readOptions + ", allow_quoted_nulls=false,"
          + " columns={'id': 'BIGINT', 's': 'VARCHAR', 'n': 'INTEGER', 'f': 'DOUBLE', 'day': 'DATE', 'd': 'DECIMAL(9,3)'})";
      assertThat(count(st, "SELECT count(*) FROM " + readCsv)).isEqualTo(3000);
      // the same multiset both ways (id is unique): nothing in one that is not in the other
      assertThat(count(st, "SELECT count(*) FROM ((" + SELECT + ") EXCEPT (SELECT * FROM " + readCsv + "))")).isZero();
      assertThat(count(st, "SELECT count(*) FROM ((SELECT * FROM " + readCsv + ") EXCEPT (" + SELECT + "))")).isZero();
      // the markers' text came back as text, not null
      long nullText = count(st, "SELECT count(*) FROM (" + SELECT + ") WHERE s = 'NULL' OR s = '\\N'");
      assertThat(nullText).isPositive();
      assertThat(count(st, "SELECT count(*) FROM " + readCsv + " WHERE s = 'NULL' OR s = '\\N'")).isEqualTo(nullText);
      assertThat(count(st, "SELECT count(*) FROM " + readCsv + " WHERE s IS NULL"))
          .isEqualTo(rows.stream().filter(r -> r.isNull("s")).count()).isPositive();
    }
  }

  private static long count(Statement st, String sql) throws SQLException {
    try (ResultSet rs = st.executeQuery(sql)) {
      rs.next();
      return rs.getLong(1);
    }
  }

  private static List<Row> read(CsvFormat format, InputFile in, long target) throws IOException {
    List<Row> rows = new ArrayList<>();
    for (Split split : format.splits(in, target)) {
      try (RecordReader r = format.reader(in, split, SCHEMA, ReadOptions.of(BadRecordPolicy.fail()))) {
        while (r.next()) {
          rows.add(r.row().copy());
        }
      }
    }
    return rows;
  }

  private static void assertSameRow(Row r, ResultSet rs) throws SQLException {
    long id = rs.getLong("id");
    assertThat(r.getLong("id")).isEqualTo(id);
    assertThat(r.isNull("s") ? null : r.getString("s")).as("s of %d", id).isEqualTo(rs.getString("s"));
    assertThat(r.isNull("n") ? null : r.getInt("n")).as("n of %d", id).isEqualTo(rs.getObject("n"));
    assertThat(r.isNull("f") ? null : r.getDouble("f")).as("f of %d", id).isEqualTo(rs.getObject("f"));
    assertThat(r.isNull("day") ? null : r.getDate("day")).as("day of %d", id).isEqualTo(rs.getObject("day", LocalDate.class));
    BigDecimal d = rs.getBigDecimal("d");
    assertThat(r.isNull("d") ? null : r.getDecimal("d")).as("d of %d", id).isEqualTo(d);
  }
}
