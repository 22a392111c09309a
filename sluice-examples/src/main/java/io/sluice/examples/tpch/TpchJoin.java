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
 * Revenue by order priority for the orders of 1994: lineitem joined with orders on the order key.
 * {@code sluice run tpch-join --input DIR} (a directory holding {@code lineitem/} and {@code orders/});
 * the result is printed and written as Parquet to {@code --output} (default {@code results/tpch-join/}).
 * The orders of one year are small once projected, so the join is a broadcast: lineitem is never shuffled.
 *
 * <pre>
 * SELECT o_orderpriority, count(*) AS line_count, sum(l_extendedprice * (1 - l_discount)) AS revenue
 * FROM lineitem JOIN orders ON l_orderkey = o_orderkey
 * WHERE o_orderdate &gt;= DATE '1994-01-01' AND o_orderdate &lt; DATE '1995-01-01'
 * GROUP BY o_orderpriority ORDER BY 1
 * </pre>
 */
public final class TpchJoin implements JobFactory {
  static final int FROM = (int) LocalDate.of(1994, 1, 1).toEpochDay();
  static final int TO = (int) LocalDate.of(1995, 1, 1).toEpochDay();

  @Override
  public String name() {
    return "tpch-join";
  }

  @Override
  public String description() {
    return "Revenue by order priority of 1994's orders: --input DIR/lineitem/ joined with DIR/orders/; prints it, writes Parquet";
  }

  public static Pipeline pipeline(String input, String output) {
    Source ordersSource = Tpch.orders(input + "orders/").select("o_orderkey, o_orderdate, o_orderpriority");
    Schema o = ordersSource.readSchema(ordersSource.schema());
    int orderdate = o.indexOf("o_orderdate");
    int orderkey = o.indexOf("o_orderkey");
    int priority = o.indexOf("o_orderpriority");
    Pipeline orders = Pipeline.read(ordersSource)
        .filter(r -> r.getInt(orderdate) >= FROM && r.getInt(orderdate) < TO)
        .map("o_orderkey bigint, o_orderpriority string", (in, out) -> {
          out.setLong(0, in.getLong(orderkey));
          out.setFrom(1, in, priority);
        });
    Source lineitem = Tpch.lineitem(input + "lineitem/").select("l_orderkey, l_extendedprice, l_discount");
    Schema l = lineitem.readSchema(lineitem.schema());
    int lorderkey = l.indexOf("l_orderkey");
    int price = l.indexOf("l_extendedprice");
    int discount = l.indexOf("l_discount");
    return Pipeline.read(lineitem)
        .map("l_orderkey bigint, disc_price decimal(18,4)", (in, out) -> {
          out.setLong(0, in.getLong(lorderkey));
          out.setDecimalUnscaled(1, in.getDecimalUnscaled(price) * (100 - in.getDecimalUnscaled(discount)));
        })
        .join(orders, "l_orderkey", "o_orderkey")
        .groupBy("o_orderpriority", Agg.count().as("line_count"), Agg.sum("disc_price").as("revenue"))
        .write(Sink.parquet(output))
        .collect(100, "o_orderpriority")
        .named("join");
  }

  @Override
  public Job create() {
    return pipeline("${input}/", "${output:results/tpch-join/}").toJob(name());
  }
}
