package io.sluice.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** DuckDB's side of bench-convert on a tiny lineitem, read back by the harness's check. */
class DuckDbConvertTest {
  @TempDir Path dir;

  @Test
  void convertsDbgenLinesToPartitionedSnappyParquetThatTheCheckAccepts() throws Exception {
    TpchLineitem.Generated in = TpchLineitem.generate(0.001, 2, dir.resolve("in"), 2);
    Path table = dir.resolve("table");
    DuckDbConvert.convert(dir.resolve("in"), table, 2);
    OutputCheck check = OutputCheck.of(table);
    // dbgen's trailing '|' made no extra column and lost no row
    assertThat(check.rows()).isEqualTo(in.rows());
    assertThat(check.extendedPrice()).isEqualByComparingTo(BigDecimal.valueOf(in.extendedPriceCents(), 2));
    assertThat(check.misplaced()).isZero();
    assertThat(check.codecs()).containsExactly("SNAPPY");
    assertThat(check.matches(in)).isTrue();
    ParquetOutput out = ParquetOutput.scan(table);
    assertThat(out.partitions()).isBetween(70, 84); // 1992-01 to 1998-12 at most
    assertThat(table.resolve("year=1994").resolve("month=1")).isDirectory();
    assertThat(check.matches(new TpchLineitem.Generated(0.001, 2, in.rows() + 1, in.bytes(), in.extendedPriceCents()))).isFalse();
  }

  @Test
  void quotesInPathsAreEscaped() {
    assertThat(DuckDbConvert.literal("/tmp/it's")).isEqualTo("'/tmp/it''s'");
    assertThat(DuckDbConvert.copyStatement(Path.of("/in"), Path.of("/out"))).startsWith("COPY (SELECT *, year(l_shipdate) AS year")
        .contains("read_csv('/in/lineitem.tbl.*', delim = '|'").endsWith("TO '/out' (FORMAT parquet, COMPRESSION snappy, PARTITION_BY (year, month))");
  }
}
