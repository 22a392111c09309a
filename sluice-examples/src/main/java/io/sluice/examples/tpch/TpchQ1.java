package io.sluice.examples.tpch;

import io.sluice.Job;
import io.sluice.JobFactory;
import io.sluice.pipeline.Agg;
import io.sluice.pipeline.Pipeline;
import io.sluice.pipeline.Sink;
import io.sluice.pipeline.Source;
import io.sluice.record.Schema;
import java.time.LocalDate;

/**
 * TPC-H Query 1, the pricing summary report: lineitem shipped by 1998-09-02, grouped by return flag
 * and line status, with sums, averages and a count. {@code sluice run tpch-q1 --input DIR} (a directory
 * holding {@code lineitem/}); the result is printed and written as Parquet to {@code --output}
 * (default {@code results/tpch-q1/} in the run's store).
 *
 * <pre>
 * SELECT l_returnflag, l_linestatus, sum(l_quantity) AS sum_qty, sum(l_extendedprice) AS sum_base_price,
 *   sum(l_extendedprice * (1 - l_discount)) AS sum_disc_price, sum(l_extendedprice * (1 - l_discount) * (1 + l_tax)) AS sum_charge,
 *   avg(l_quantity) AS avg_qty, avg(l_extendedprice) AS avg_price, avg(l_discount) AS avg_disc, count(*) AS count_order
 * FROM lineitem WHERE l_shipdate &lt;= DATE '1998-09-02' GROUP BY l_returnflag, l_linestatus ORDER BY 1, 2
 * </pre>
 */
public final class TpchQ1 implements JobFactory {
  static final int CUTOFF = (int) LocalDate.of(1998, 9, 2).toEpochDay();

  @Override
  public String name() {
    return "tpch-q1";
  }

  @Override
  public String description() {
    return "TPC-H Query 1 (pricing summary) over --input DIR/lineitem/; prints it and writes Parquet to --output";
  }

  /** The pipeline, reading {@code input} (a location holding lineitem/) and writing {@code output}. */
  public static Pipeline pipeline(String input, String output) {
    // only the columns the query reads: the reader skips the others without parsing them
    Source lineitem = Tpch.lineitem(input + "lineitem/")
        .select("l_quantity, l_extendedprice, l_discount, l_tax, l_returnflag, l_linestatus, l_shipdate");
    Schema read = lineitem.readSchema(lineitem.schema());
    int shipdate = read.indexOf("l_shipdate");
    int quantity = read.indexOf("l_quantity");
    int price = read.indexOf("l_extendedprice");
    int discount = read.indexOf("l_discount");
    int tax = read.indexOf("l_tax");
    int flag = read.indexOf("l_returnflag");
    int status = read.indexOf("l_linestatus");
    return Pipeline.read(lineitem)
        .filter(r -> r.getInt(shipdate) <= CUTOFF)
        .map("l_returnflag string, l_linestatus string, l_quantity decimal(15,2), l_extendedprice decimal(15,2),"
            + " l_discount decimal(15,2), disc_price decimal(18,4), charge decimal(18,6)", (in, out) -> {
              long p = in.getDecimalUnscaled(price); // cents
              long d = in.getDecimalUnscaled(discount); // hundredths
              long discounted = p * (100 - d); // scale 4
              out.setFrom(0, in, flag);
              out.setFrom(1, in, status);
              out.setDecimalUnscaled(2, in.getDecimalUnscaled(quantity));
              out.setDecimalUnscaled(3, p);
              out.setDecimalUnscaled(4, d);
              out.setDecimalUnscaled(5, discounted);
              out.setDecimalUnscaled(6, discounted * (100 + in.getDecimalUnscaled(tax))); // scale 6
            })
        .groupBy("l_returnflag, l_linestatus",
            Agg.sum("l_quantity").as("sum_qty"), Agg.sum("l_extendedprice").as("sum_base_price"),
            Agg.sum("disc_price").as("sum_disc_price"), Agg.sum("charge").as("sum_charge"),
            Agg.avg("l_quantity").as("avg_qty"), Agg.avg("l_extendedprice").as("avg_price"),
            Agg.avg("l_discount").as("avg_disc"), Agg.count().as("count_order"))
        .write(Sink.parquet(output))
        .collect(100, "l_returnflag, l_linestatus")
        .named("q1");
  }

  @Override
  public Job create() {
    return pipeline("${input}/", "${output:results/tpch-q1/}").toJob(name());
  }
}
