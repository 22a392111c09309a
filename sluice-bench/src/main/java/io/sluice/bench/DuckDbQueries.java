package io.sluice.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Locale;

/**
 * The DuckDB side of {@code scripts/bench-shuffle}, and the reference every engine's result is checked
 * against: runs a {@link ShuffleQuery} over the text files of a {@link TpchData} layout in this fresh
 * process, on {@code threads} threads (in-memory database), with DuckDB's own CSV reader behind two views:
 *
 * <pre>
 * SET threads = 2;
 * CREATE VIEW lineitem AS SELECT * FROM read_csv('DIR/lineitem/lineitem.tbl.*', delim = '|', header = false,
 *     auto_detect = false, columns = {...});
 * CREATE VIEW orders AS ... 'DIR/orders/orders.tbl.*' ...;
 * -- then the query's text as it is
 * </pre>
 *
 * and writes the rows as JSON ({@link QueryResult#writeJson}).
 *
 * <pre>java -cp sluice-bench.jar io.sluice.bench.DuckDbQueries --query q1|join --input DIR --out FILE.json [--threads N]</pre>
 */
public final class DuckDbQueries {
  private DuckDbQueries() {}

  /** The statements that make {@code input}'s tables the views {@code lineitem} and {@code orders}. */
  static List<String> views(Path input) {
    // dbgen ends each line with '|': DuckDB's reader takes a trailing delimiter without an extra column
    // (as DuckDbConvert; checked by DuckDbQueriesTest against the generated rows)
    return List.of(view(input, TpchData.Table.LINEITEM, TpchLineitem.DUCKDB_COLUMNS), view(input, TpchData.Table.ORDERS,
        TpchData.ORDERS_DUCKDB_COLUMNS));
  }

  private static String view(Path input, TpchData.Table table, String columns) {
    String glob = input.resolve(table.tableName()).resolve(table.tableName() + ".tbl.*").toString();
    return "CREATE VIEW " + table.tableName() + " AS SELECT * FROM read_csv(" + DuckDbConvert.literal(glob)
        + ", delim = '|', header = false, auto_detect = false, columns = " + columns + ")";
  }

  /** Runs {@code query} over {@code input} (a directory with {@code lineitem/} and {@code orders/}). */
  public static QueryResult run(ShuffleQuery query, Path input, int threads) throws SQLException, IOException {
    checkInput(input);
    try (Connection c = DriverManager.getConnection("jdbc:duckdb:"); Statement s = c.createStatement()) {
      s.execute("SET threads = " + threads);
      for (String v : views(input)) {
        s.execute(v);
      }
      try (ResultSet rs = s.executeQuery(query.sql())) {
        return QueryResult.of(rs);
      }
    }
  }

  /** Fails, naming what is missing, unless {@code input} holds both tables' files. */
  static void checkInput(Path input) throws IOException {
    for (TpchData.Table t : TpchData.Table.values()) {
      Path dir = input.resolve(t.tableName());
      if (!Files.isDirectory(dir)) {
        throw new IllegalArgumentException("--input " + input + " has no directory " + t.tableName()
            + "/ (the layout of scripts/bench-shuffle: lineitem/lineitem.tbl.N and orders/orders.tbl.N)");
      }
      try (var files = Files.list(dir)) {
        if (files.noneMatch(f -> f.getFileName().toString().startsWith(t.tableName() + ".tbl."))) {
          throw new IllegalArgumentException("--input " + input + ": " + dir + " holds no " + t.tableName() + ".tbl.N file");
        }
      }
    }
  }

  public static void main(String[] args) throws Exception {
    ShuffleQuery query = null;
    Path input = null;
    Path out = null;
    int threads = 2;
    for (int i = 0; i < args.length; i++) {
      String v = TpchLineitem.required(args[i], i + 1 < args.length ? args[i + 1] : null);
      switch (args[i]) {
        case "--query" -> query = ShuffleQuery.of(v);
        case "--input" -> input = Path.of(v).toAbsolutePath();
        case "--out" -> out = Path.of(v).toAbsolutePath();
        case "--threads" -> threads = Integer.parseInt(v);
        default -> throw new IllegalArgumentException("Unknown option " + args[i]
            + "; use --query q1|join --input DIR --out FILE.json [--threads N]");
      }
      i++;
    }
    if (query == null || input == null || out == null) {
      throw new IllegalArgumentException("--query q1|join, --input DIR and --out FILE.json are required");
    }
    long t0 = System.nanoTime();
    QueryResult result = run(query, input, threads);
    result.writeJson(out);
    System.out.printf(Locale.ROOT, "DuckDB ran %s over %s in %.1f s on %d threads: %d rows to %s%n", query.id(), input,
        (System.nanoTime() - t0) / 1e9, threads, result.rows().size(), out);
  }
}
