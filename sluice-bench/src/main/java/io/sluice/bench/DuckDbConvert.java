package io.sluice.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;

/**
 * The DuckDB side of {@code scripts/bench-convert}: converts the lineitem files of a directory
 * ({@link TpchLineitem}) to Snappy Parquet partitioned by year and month of {@code l_shipdate}, in
 * this fresh process, on {@code threads} threads, with DuckDB's own CSV reader and Parquet writer
 * (in-memory database):
 *
 * <pre>
 * SET threads = 2;
 * COPY (SELECT *, year(l_shipdate) AS year, month(l_shipdate) AS month
 *       FROM read_csv('DIR/lineitem.tbl.*', delim = '|', header = false, auto_detect = false, columns = {...}))
 *   TO 'OUT' (FORMAT parquet, COMPRESSION snappy, PARTITION_BY (year, month));
 * </pre>
 *
 * <pre>java -cp sluice-bench.jar io.sluice.bench.DuckDbConvert INPUT_DIR OUTPUT_DIR [THREADS]</pre>
 */
public final class DuckDbConvert {
  private DuckDbConvert() {}

  /** The statement that converts {@code input}'s lineitem files to {@code output}. */
  static String copyStatement(Path input, Path output) {
    // dbgen ends each line with '|': DuckDB's reader takes a trailing delimiter without an extra column
    // (checked by every run's row count, and by DuckDbConvertTest)
    return "COPY (SELECT *, year(l_shipdate) AS year, month(l_shipdate) AS month FROM read_csv("
        + literal(input.resolve("lineitem.tbl.*").toString()) + ", delim = '|', header = false, auto_detect = false,"
        + " columns = " + TpchLineitem.DUCKDB_COLUMNS + "))"
        + " TO " + literal(output.toString()) + " (FORMAT parquet, COMPRESSION snappy, PARTITION_BY (year, month))";
  }

  static String literal(String s) {
    return "'" + s.replace("'", "''") + "'";
  }

  /** Runs the conversion; the output directory must not exist yet or be empty. */
  static void convert(Path input, Path output, int threads) throws SQLException {
    try (Connection c = DriverManager.getConnection("jdbc:duckdb:"); Statement s = c.createStatement()) {
      s.execute("SET threads = " + threads);
      s.execute(copyStatement(input, output));
    }
  }

  public static void main(String[] args) throws Exception {
    if (args.length < 2 || args.length > 3) {
      throw new IllegalArgumentException("Usage: DuckDbConvert INPUT_DIR OUTPUT_DIR [THREADS]");
    }
    Path input = Path.of(args[0]).toAbsolutePath();
    Path output = Path.of(args[1]).toAbsolutePath();
    int threads = args.length == 3 ? Integer.parseInt(args[2]) : 2;
    if (!Files.isDirectory(input)) {
      throw new IllegalArgumentException("INPUT_DIR " + input + " is not a directory");
    }
    long t0 = System.nanoTime();
    convert(input, output, threads);
    System.out.printf(Locale.ROOT, "DuckDB converted %s to %s in %.1f s on %d threads%n", input, output,
        (System.nanoTime() - t0) / 1e9, threads);
  }
}
