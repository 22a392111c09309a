package io.sluice.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Results as the engines' processes hand them over: JSON both ways, and Parquet files as Sluice's jobs write them. */
class QueryResultTest {
  @TempDir Path dir;

  @Test
  void jsonKeepsTextNumbersExactlyAndNulls() throws IOException {
    QueryResult r = new QueryResult(List.of("k", "sum", "avg", "n"), List.of(
        List.of("A", new BigDecimal("12345678901234567890.123456"), QueryResult.value(0.049985295838397615), QueryResult.value(42L)),
        Arrays.asList("B", new BigDecimal("1E+3"), null, QueryResult.value(7))));
    Path f = dir.resolve("r.json");
    r.writeJson(f);
    assertThat(Files.readString(f)).contains("12345678901234567890.123456").contains("1000").doesNotContain("E+");
    QueryResult back = QueryResult.readJson(f);
    assertThat(back.columns()).isEqualTo(r.columns());
    assertThat(back.rows().get(0).get(1)).isEqualTo(new BigDecimal("12345678901234567890.123456"));
    assertThat(((BigDecimal) back.rows().get(0).get(2)).doubleValue()).isEqualTo(0.049985295838397615);
    assertThat(back.rows().get(0).get(3)).isEqualTo(new BigDecimal("42"));
    assertThat(back.rows().get(1).get(2)).isNull();
    assertThat(back.rows().get(1).get(0)).isEqualTo("B");
  }

  @Test
  void aFileOfAnotherShapeIsNamed() throws IOException {
    Path f = Files.writeString(dir.resolve("bad.json"), "{\"rows\": []}");
    assertThatThrownBy(() -> QueryResult.readJson(f)).isInstanceOf(IOException.class).hasMessageContaining("bad.json is not a query result");
    Path g = Files.writeString(dir.resolve("short.json"), "{\"columns\": [\"a\", \"b\"], \"rows\": [[1]]}");
    assertThatThrownBy(() -> QueryResult.readJson(g)).hasMessageContaining("short.json: A row of 1 values for 2 columns");
  }

  @Test
  void parquetFilesAtAnyDepthAreReadInTheOrderOfTheKeys() throws Exception {
    Path out = dir.resolve("out");
    Files.createDirectories(out.resolve("result"));
    try (Connection c = DriverManager.getConnection("jdbc:duckdb:"); Statement s = c.createStatement()) {
      // two files, one a level down, rows not in key order, types as a job might write them
      s.execute("COPY (SELECT '3-MEDIUM' AS o_orderpriority, 5::BIGINT AS line_count, 10.5000::DECIMAL(38,4) AS revenue"
          + " UNION ALL SELECT '1-URGENT', 7, 1.0001) TO '" + out.resolve("result").resolve("part-0.parquet") + "' (FORMAT parquet)");
      s.execute("COPY (SELECT '2-HIGH' AS o_orderpriority, 6::BIGINT AS line_count, 2.2500::DECIMAL(38,4) AS revenue) TO '"
          + out.resolve("part-1.parquet") + "' (FORMAT parquet)");
      // a staged or uncommitted copy (Sluice's _sluice/, Spark's _temporary/) is no result
      Files.createDirectories(out.resolve("_sluice").resolve("attempt-1"));
      s.execute("COPY (SELECT '2-HIGH' AS o_orderpriority, 6::BIGINT AS line_count, 2.2500::DECIMAL(38,4) AS revenue) TO '"
          + out.resolve("_sluice").resolve("attempt-1").resolve("part-1.parquet") + "' (FORMAT parquet)");
    }
    Files.writeString(out.resolve("_SUCCESS"), "");
    QueryResult r = QueryResult.fromParquet(out, ShuffleQuery.JOIN);
    assertThat(r.columns()).containsExactly("o_orderpriority", "line_count", "revenue");
    assertThat(r.rows()).extracting(row -> row.get(0)).containsExactly("1-URGENT", "2-HIGH", "3-MEDIUM");
    QueryResult expected = new QueryResult(r.columns(), List.of(List.of("1-URGENT", new BigDecimal(7), new BigDecimal("1.0001")),
        List.of("2-HIGH", new BigDecimal(6), new BigDecimal("2.25")), List.of("3-MEDIUM", new BigDecimal(5), new BigDecimal("10.5"))));
    assertThat(ResultCheck.differences(ShuffleQuery.JOIN, expected, r, "expected")).isEmpty();

    Path none = Files.createDirectories(dir.resolve("none").resolve("_sluice"));
    Files.copy(out.resolve("part-1.parquet"), none.resolve("part-1.parquet"));
    assertThatThrownBy(() -> QueryResult.fromParquet(none.getParent(), ShuffleQuery.JOIN)).isInstanceOf(IOException.class)
        .hasMessageContaining("no Parquet data file (*.parquet outside _ and . directories) under " + none.getParent());
    assertThatThrownBy(() -> QueryResult.fromParquet(dir.resolve("missing"), ShuffleQuery.JOIN)).hasMessageContaining("no directory");
  }
}
