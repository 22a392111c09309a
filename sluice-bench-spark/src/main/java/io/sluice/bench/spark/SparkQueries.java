package io.sluice.bench.spark;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.File;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * The Spark side of {@code scripts/bench-shuffle}: Apache Spark in local mode ({@code local[N]}, N = 2 by
 * default) running TPC-H Query 1 or the lineitem-orders join over the text files of a directory with
 * {@code lineitem/} and {@code orders/} (dbgen's format, written by {@code io.sluice.bench.TpchData}), as
 * temporary views over the CSV reader (explicit schema, {@code sep '|'}, no header, {@code FAILFAST}), and
 * writing the result's rows as JSON in the shape of {@code io.sluice.bench.QueryResult}:
 * {@code {"columns": [...], "rows": [[...], ...]}}, text as strings, numbers as JSON numbers.
 *
 * <p>The SQL is that of {@code io.sluice.bench.ShuffleQuery} (this project is built apart, so it is repeated
 * here) with one change: {@code avg} over {@code CAST(x AS DOUBLE)}. Spark's {@code avg} of a
 * {@code decimal(15,2)} is a {@code decimal(19,6)}, rounded to 6 places, 1e-5 from the exact average of
 * {@code l_discount}; DuckDB's is a double, and the check allows averages 1e-9 apart. Sums stay decimals,
 * exact. dbgen's trailing {@code '|'} is an extra, empty column for Spark's reader: each schema has one.
 *
 * <pre>java --add-opens ... -cp CLASSPATH io.sluice.bench.spark.SparkQueries --query q1|join --input DIR --out FILE.json [--cores N]</pre>
 */
public final class SparkQueries {
  static final String Q1 = """
      SELECT l_returnflag, l_linestatus, sum(l_quantity) AS sum_qty, sum(l_extendedprice) AS sum_base_price,
        sum(l_extendedprice*(1-l_discount)) AS sum_disc_price, sum(l_extendedprice*(1-l_discount)*(1+l_tax)) AS sum_charge,
        avg(CAST(l_quantity AS DOUBLE)) AS avg_qty, avg(CAST(l_extendedprice AS DOUBLE)) AS avg_price,
        avg(CAST(l_discount AS DOUBLE)) AS avg_disc, count(*) AS count_order
      FROM lineitem WHERE l_shipdate <= DATE '1998-09-02' GROUP BY l_returnflag, l_linestatus ORDER BY 1, 2""";
  static final String JOIN = """
      SELECT o_orderpriority, count(*) AS line_count, sum(l_extendedprice*(1-l_discount)) AS revenue
      FROM lineitem JOIN orders ON l_orderkey = o_orderkey
      WHERE o_orderdate >= DATE '1994-01-01' AND o_orderdate < DATE '1995-01-01'
      GROUP BY o_orderpriority ORDER BY 1""";

  private SparkQueries() {}

  static StructType orders() {
    return new StructType()
        .add("o_orderkey", DataTypes.LongType).add("o_custkey", DataTypes.LongType).add("o_orderstatus", DataTypes.StringType)
        .add("o_totalprice", DataTypes.createDecimalType(15, 2)).add("o_orderdate", DataTypes.DateType)
        .add("o_orderpriority", DataTypes.StringType).add("o_clerk", DataTypes.StringType)
        .add("o_shippriority", DataTypes.IntegerType).add("o_comment", DataTypes.StringType)
        .add("o_trailing", DataTypes.StringType); // the empty text after dbgen's trailing '|'
  }

  public static void main(String[] args) throws IOException {
    String query = null;
    String input = null;
    String out = null;
    int cores = 2;
    for (int i = 0; i < args.length; i += 2) {
      if (i + 1 >= args.length) {
        throw new IllegalArgumentException(args[i] + " needs a value");
      }
      String v = args[i + 1];
      switch (args[i]) {
        case "--query" -> query = v;
        case "--input" -> input = v;
        case "--out" -> out = v;
        case "--cores" -> cores = Integer.parseInt(v);
        default -> throw new IllegalArgumentException("Unknown option " + args[i]
            + "; use --query q1|join --input DIR --out FILE.json [--cores N]");
      }
    }
    if (query == null || input == null || out == null) {
      throw new IllegalArgumentException("--query q1|join, --input DIR and --out FILE.json are required");
    }
    String sql = switch (query) {
      case "q1" -> Q1;
      case "join" -> JOIN;
      default -> throw new IllegalArgumentException("Unknown query '" + query + "' (q1, join)");
    };
    for (String table : List.of("lineitem", "orders")) {
      if (!Files.isDirectory(Path.of(input, table))) {
        throw new IllegalArgumentException("--input " + input + " has no directory " + table + "/");
      }
    }
    long t0 = System.nanoTime();
    SparkSession spark = SparkSession.builder().master("local[" + cores + "]").appName("sluice-bench-shuffle")
        .config("spark.ui.enabled", "false")
        // the driver's and block manager's endpoints on loopback, not the machine's first interface
        .config("spark.driver.bindAddress", "127.0.0.1").config("spark.driver.host", "127.0.0.1")
        .getOrCreate();
    List<Row> rows;
    String[] columns;
    try {
      view(spark, "lineitem", SparkConvert.lineitem(), input);
      view(spark, "orders", orders(), input);
      var result = spark.sql(sql);
      columns = result.columns();
      rows = result.collectAsList();
    } finally {
      spark.stop();
    }
    write(new File(out), columns, rows);
    System.out.printf(Locale.ROOT, "Spark ran %s over %s in %.1f s on local[%d]: %d rows to %s%n", query, input,
        (System.nanoTime() - t0) / 1e9, cores, rows.size(), out);
  }

  private static void view(SparkSession spark, String table, StructType schema, String input) {
    // files named TABLE.tbl.*: the generator's marker (_tpch-TABLE.properties) is skipped by Spark anyway
    spark.read().schema(schema).option("sep", "|").option("header", "false").option("mode", "FAILFAST")
        .csv(Path.of(input, table, table + ".tbl.*").toString()).createOrReplaceTempView(table);
  }

  private static void write(File out, String[] columns, List<Row> rows) throws IOException {
    try (JsonGenerator g = new JsonFactory().createGenerator(out, JsonEncoding.UTF8)) {
      g.enable(JsonGenerator.Feature.WRITE_BIGDECIMAL_AS_PLAIN);
      g.useDefaultPrettyPrinter();
      g.writeStartObject();
      g.writeArrayFieldStart("columns");
      for (String c : columns) {
        g.writeString(c);
      }
      g.writeEndArray();
      g.writeArrayFieldStart("rows");
      for (Row r : rows) {
        g.writeStartArray();
        for (int i = 0; i < r.length(); i++) {
          Object v = r.get(i);
          if (v == null) {
            g.writeNull();
          } else if (v instanceof BigDecimal d) {
            g.writeNumber(d);
          } else if (v instanceof Double d) {
            g.writeNumber(d);
          } else if (v instanceof Long l) {
            g.writeNumber(l);
          } else if (v instanceof Integer n) {
            g.writeNumber(n);
          } else {
            g.writeString(v.toString());
          }
        }
        g.writeEndArray();
      }
      g.writeEndArray();
      g.writeEndObject();
    }
  }
}
