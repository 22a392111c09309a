package io.sluice.examples.tpch;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.Job;
import io.sluice.local.LocalRuntime;
import io.sluice.local.ProgressListener;
import io.sluice.local.RunResult;
import io.sluice.local.store.FileSystemObjectStore;
import io.sluice.run.RunLayout;
import io.sluice.store.ObjectInfo;
import io.sluice.store.ObjectStore;
import io.trino.tpch.LineItem;
import io.trino.tpch.LineItemGenerator;
import io.trino.tpch.Order;
import io.trino.tpch.OrderGenerator;
import java.io.BufferedWriter;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.MathContext;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The TPC-H examples on generated data (scale factor 0.01, dbgen's text in two files per table), each
 * result compared with DuckDB's answer to the query's SQL over the same files, and run through the
 * jobs' run parameters as {@code sluice run tpch-q1 --input DIR} does.
 */
class TpchExamplesTest {
  @TempDir static Path data;

  static final String LINEITEM_COLUMNS = "{'l_orderkey': 'BIGINT', 'l_partkey': 'BIGINT', 'l_suppkey': 'BIGINT',"
      + " 'l_linenumber': 'INTEGER', 'l_quantity': 'DECIMAL(15,2)', 'l_extendedprice': 'DECIMAL(15,2)',"
      + " 'l_discount': 'DECIMAL(15,2)', 'l_tax': 'DECIMAL(15,2)', 'l_returnflag': 'VARCHAR', 'l_linestatus': 'VARCHAR',"
      + " 'l_shipdate': 'DATE', 'l_commitdate': 'DATE', 'l_receiptdate': 'DATE', 'l_shipinstruct': 'VARCHAR',"
      + " 'l_shipmode': 'VARCHAR', 'l_comment': 'VARCHAR', 'l_end': 'VARCHAR'}";
  static final String ORDERS_COLUMNS = "{'o_orderkey': 'BIGINT', 'o_custkey': 'BIGINT', 'o_orderstatus': 'VARCHAR',"
      + " 'o_totalprice': 'DECIMAL(15,2)', 'o_orderdate': 'DATE', 'o_orderpriority': 'VARCHAR', 'o_clerk': 'VARCHAR',"
      + " 'o_shippriority': 'INTEGER', 'o_comment': 'VARCHAR', 'o_end': 'VARCHAR'}";

  @BeforeAll
  static void generate() throws IOException {
    Files.createDirectories(data.resolve("tpch/lineitem"));
    Files.createDirectories(data.resolve("tpch/orders"));
    for (int part = 1; part <= 2; part++) {
      try (BufferedWriter w = Files.newBufferedWriter(data.resolve("tpch/lineitem/lineitem.tbl." + part))) {
        for (LineItem item : new LineItemGenerator(0.01, part, 2)) {
          w.write(item.toLine());
          w.write('\n');
        }
      }
      try (BufferedWriter w = Files.newBufferedWriter(data.resolve("tpch/orders/orders.tbl." + part))) {
        for (Order order : new OrderGenerator(0.01, part, 2)) {
          w.write(order.toLine());
          w.write('\n');
        }
      }
    }
  }

  static String table(String name, String columns) {
    return "read_csv('" + data.resolve("tpch/" + name) + "/*', delim = '|', header = false, columns = " + columns + ")";
  }

  /** Rows as text: decimals without trailing zeros, doubles to 12 significant digits. */
  static List<List<String>> query(String sql) throws Exception {
    try (Connection db = DriverManager.getConnection("jdbc:duckdb:"); Statement st = db.createStatement();
        ResultSet rs = st.executeQuery(sql)) {
      ResultSetMetaData md = rs.getMetaData();
      List<List<String>> rows = new ArrayList<>();
      while (rs.next()) {
        List<String> row = new ArrayList<>();
        for (int i = 1; i <= md.getColumnCount(); i++) {
          Object v = rs.getObject(i);
          row.add(v == null ? null : v instanceof BigDecimal d ? d.stripTrailingZeros().toPlainString()
              : v instanceof Double d ? new BigDecimal(d).round(new MathContext(12)).stripTrailingZeros().toPlainString()
              : v.toString());
        }
        rows.add(row);
      }
      return rows;
    }
  }

  static RunResult run(Job job, Path store, String runId, Map<String, String> params) {
    try (LocalRuntime runtime = LocalRuntime.builder(job).storeDir(store).build()) {
      return runtime.run(runId, params, ProgressListener.none());
    }
  }

  static String liveFiles(ObjectStore store, Path storeDir, String table) {
    List<String> files = new ArrayList<>();
    for (io.sluice.table.DataFile f : new io.sluice.table.TableManifest(store, table).latestOrFail().files()) {
      files.add("'" + storeDir.resolve(table).resolve(f.path()) + "'");
    }
    return "read_parquet([" + String.join(", ", files) + "])";
  }

  static final String Q1 = "SELECT l_returnflag, l_linestatus, sum(l_quantity) AS sum_qty, sum(l_extendedprice) AS sum_base_price,"
      + " sum(l_extendedprice * (1 - l_discount)) AS sum_disc_price, sum(l_extendedprice * (1 - l_discount) * (1 + l_tax)) AS sum_charge,"
      + " avg(l_quantity) AS avg_qty, avg(l_extendedprice) AS avg_price, avg(l_discount) AS avg_disc, count(*) AS count_order"
      + " FROM %s WHERE l_shipdate <= DATE '1998-09-02' GROUP BY l_returnflag, l_linestatus ORDER BY 1, 2";

  static final String JOIN = "SELECT o_orderpriority, count(*) AS line_count, sum(l_extendedprice * (1 - l_discount)) AS revenue"
      + " FROM %s JOIN %s ON l_orderkey = o_orderkey"
      + " WHERE o_orderdate >= DATE '1994-01-01' AND o_orderdate < DATE '1995-01-01' GROUP BY o_orderpriority ORDER BY 1";

  @Test
  void q1EqualsDuckDbAndPrintsItsTable() throws Exception {
    Path storeDir = data.resolve("store-q1");
    ObjectStore store = new FileSystemObjectStore(storeDir);
    RunResult r = run(new TpchQ1().create(), storeDir, "q1", Map.of("input", data.resolve("tpch").toString()));
    assertThat(r.succeeded()).as("%s: %s", r.error(), r.cause()).isTrue();
    List<List<String>> expected = query(String.format(Q1, table("lineitem", LINEITEM_COLUMNS)));
    assertThat(expected).hasSize(4);
    assertThat(query("SELECT * FROM " + liveFiles(store, storeDir, "results/tpch-q1/") + " ORDER BY 1, 2")).isEqualTo(expected);
    List<ObjectInfo> shown = new ArrayList<>();
    store.listAll(new RunLayout("q1").resultsPrefix()).forEach(shown::add);
    assertThat(shown).singleElement();
    String text = new String(store.get(shown.get(0).key()), StandardCharsets.UTF_8);
    assertThat(text).startsWith("l_returnflag").contains("(4 rows)").contains(expected.get(0).get(9)); // count_order
  }

  @Test
  void joinEqualsDuckDbBroadcastOrNot() throws Exception {
    String expectedSql = String.format(JOIN, table("lineitem", LINEITEM_COLUMNS), table("orders", ORDERS_COLUMNS));
    List<List<String>> expected = query(expectedSql);
    assertThat(expected).hasSize(5);
    Path storeDir = data.resolve("store-join");
    ObjectStore store = new FileSystemObjectStore(storeDir);
    RunResult r = run(new TpchJoin().create(), storeDir, "j1", Map.of("input", data.resolve("tpch").toString()));
    assertThat(r.succeeded()).as("%s: %s", r.error(), r.cause()).isTrue();
    assertThat(query("SELECT * FROM " + liveFiles(store, storeDir, "results/tpch-join/") + " ORDER BY 1")).isEqualTo(expected);

    // the same join partition-wise: nothing broadcast, both sides shuffled by the order key
    Job shuffled = TpchJoin.pipeline(data.resolve("tpch") + "/", "results/shuffled/")
        .shuffle(new io.sluice.pipeline.Pipeline.Shuffle(0, 64 << 10, 64L << 20, 256L << 20, 512L << 20)).toJob("tpch-join");
    RunResult s = run(shuffled, storeDir, "j2", Map.of());
    assertThat(s.succeeded()).as("%s: %s", s.error(), s.cause()).isTrue();
    assertThat(query("SELECT * FROM " + liveFiles(store, storeDir, "results/shuffled/") + " ORDER BY 1")).isEqualTo(expected);
  }
}
