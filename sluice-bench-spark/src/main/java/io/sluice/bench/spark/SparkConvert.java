package io.sluice.bench.spark;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.month;
import static org.apache.spark.sql.functions.year;

import java.util.Locale;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * The Spark side of {@code scripts/bench-convert}: Apache Spark in local mode ({@code local[N]}, N = 2
 * by default) converting the TPC-H lineitem files of a directory (dbgen's text format, written by
 * {@code io.sluice.bench.TpchLineitem}) to Snappy Parquet partitioned by year and month of
 * {@code l_shipdate}: an explicit schema, {@code sep '|'}, no header, {@code FAILFAST} (a line that does
 * not parse fails the run), {@code partitionBy("year", "month")}.
 *
 * <p>dbgen ends every line with {@code '|'}, which Spark's CSV reader takes for a 17th, empty column: the
 * schema has one ({@code l_trailing}) and it is dropped. The columns are those of
 * {@code TpchLineitem.SCHEMA} in sluice-bench (this project is built apart, so they are repeated here).
 *
 * <pre>java --add-opens ... -cp CLASSPATH io.sluice.bench.spark.SparkConvert INPUT_DIR OUTPUT_DIR [CORES]</pre>
 */
public final class SparkConvert {
  private SparkConvert() {}

  static StructType lineitem() {
    var money = DataTypes.createDecimalType(15, 2);
    return new StructType()
        .add("l_orderkey", DataTypes.LongType).add("l_partkey", DataTypes.LongType).add("l_suppkey", DataTypes.LongType)
        .add("l_linenumber", DataTypes.IntegerType).add("l_quantity", money).add("l_extendedprice", money)
        .add("l_discount", money).add("l_tax", money).add("l_returnflag", DataTypes.StringType)
        .add("l_linestatus", DataTypes.StringType).add("l_shipdate", DataTypes.DateType).add("l_commitdate", DataTypes.DateType)
        .add("l_receiptdate", DataTypes.DateType).add("l_shipinstruct", DataTypes.StringType)
        .add("l_shipmode", DataTypes.StringType).add("l_comment", DataTypes.StringType)
        .add("l_trailing", DataTypes.StringType); // the empty text after dbgen's trailing '|'
  }

  public static void main(String[] args) {
    if (args.length < 2 || args.length > 3) {
      throw new IllegalArgumentException("Usage: SparkConvert INPUT_DIR OUTPUT_DIR [CORES]");
    }
    int cores = args.length == 3 ? Integer.parseInt(args[2]) : 2;
    long t0 = System.nanoTime();
    SparkSession spark = SparkSession.builder().master("local[" + cores + "]").appName("sluice-bench-convert")
        .config("spark.ui.enabled", "false")
        // the driver's and block manager's endpoints on loopback, not the machine's first interface
        .config("spark.driver.bindAddress", "127.0.0.1").config("spark.driver.host", "127.0.0.1")
        .config("spark.sql.parquet.compression.codec", "snappy")
        .getOrCreate();
    try {
      Dataset<Row> lines = spark.read().schema(lineitem()).option("sep", "|").option("header", "false")
          .option("mode", "FAILFAST").csv(args[0]);
      lines.drop("l_trailing")
          .withColumn("year", year(col("l_shipdate")))
          .withColumn("month", month(col("l_shipdate")))
          .write().mode(SaveMode.ErrorIfExists).partitionBy("year", "month").parquet(args[1]);
    } finally {
      spark.stop();
    }
    System.out.printf(Locale.ROOT, "Spark converted %s to %s in %.1f s on local[%d]%n", args[0], args[1],
        (System.nanoTime() - t0) / 1e9, cores);
  }
}
