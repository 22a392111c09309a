package io.sluice.bench;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * What a converted lineitem table holds, read back by DuckDB (an in-memory database in this process)
 * from its {@code year=/month=} directories with Hive partitioning: the rows, the sum of
 * {@code l_extendedprice}, the rows whose partition is not their {@code l_shipdate}'s year and month, and
 * the compression codecs of the column chunks.
 */
public record OutputCheck(long rows, BigDecimal extendedPrice, long misplaced, List<String> codecs) {
  public OutputCheck {
    codecs = List.copyOf(codecs);
  }

  /** Reads the data files two levels down from {@code table} ({@code year=Y/month=M/*.parquet}). */
  public static OutputCheck of(Path table) throws SQLException {
    String glob = DuckDbConvert.literal(table.toAbsolutePath() + "/*/*/*.parquet");
    try (Connection c = DriverManager.getConnection("jdbc:duckdb:"); Statement s = c.createStatement()) {
      s.execute("SET threads = 2");
      long rows;
      BigDecimal sum;
      long misplaced;
      try (ResultSet r = s.executeQuery("SELECT count(*), sum(l_extendedprice),"
          + " count(*) FILTER (WHERE year <> year(l_shipdate) OR month <> month(l_shipdate))"
          + " FROM read_parquet(" + glob + ", hive_partitioning = true)")) {
        r.next();
        rows = r.getLong(1);
        sum = r.getBigDecimal(2);
        misplaced = r.getLong(3);
      }
      List<String> codecs = new ArrayList<>();
      try (ResultSet r = s.executeQuery("SELECT DISTINCT compression FROM parquet_metadata(" + glob + ") ORDER BY 1")) {
        while (r.next()) {
          codecs.add(r.getString(1));
        }
      }
      return new OutputCheck(rows, sum, misplaced, codecs);
    }
  }

  /** Whether the table holds {@code input}'s rows, each in its partition, Snappy-compressed. */
  public boolean matches(TpchLineitem.Generated input) {
    return rows == input.rows() && extendedPrice != null && extendedPrice.compareTo(BigDecimal.valueOf(input.extendedPriceCents(), 2)) == 0
        && misplaced == 0 && codecs.equals(List.of("SNAPPY"));
  }
}
