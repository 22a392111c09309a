package io.sluice.examples.demo;

import io.sluice.Job;
import io.sluice.pipeline.BadRecordLimit;
import io.sluice.pipeline.Location;
import io.sluice.pipeline.Pipeline;
import io.sluice.pipeline.Sink;
import io.sluice.pipeline.Source;
import io.sluice.JobFactory;

/**
 * The demo job, {@code demo}: clean order events in parallel, then revenue per tenant per day; then
 * the same events as a partitioned Parquet table, written and compacted by the pipeline API.
 *
 * <pre>{@code
 * ./sluice demo            # generates the input, then runs this job
 * ./sluice run demo        # runs it on input already in the store
 * ./sluice run demo -p size=64   # generates a 64 MB sample first (once per size and seed)
 * ./sluice asl demo        # prints its state machine
 * }</pre>
 */
public final class DemoJob implements JobFactory {
  /** Where {@code sluice demo} puts the generated input in the store. */
  public static final String INPUT_PREFIX = "input/demo/";
  /** Byte range per stage-1 task. */
  public static final long CHUNK_BYTES = 16L << 20;
  /** Where the orders table (partitioned Parquet) goes in the store. */
  public static final String TABLE_PREFIX = "tables/orders/";
  /** The table's target file size: small, so that the demo's sample fills several files per partition. */
  public static final long TABLE_FILE_BYTES = 8L << 20;

  @Override
  public String name() {
    return "demo";
  }

  @Override
  public String description() {
    return "Clean CSV order events in parallel, then revenue per tenant per day";
  }

  @Override
  public Job create() {
    return job(CHUNK_BYTES);
  }

  /** The demo with a chosen chunk size (tests use small ones). */
  public static Job job(long chunkBytes) {
    Job.Builder job = Job.builder("demo")
        .stage(new GenerateStage(INPUT_PREFIX))
        .stage(new CleanStage(INPUT_PREFIX, chunkBytes))
        .stage(new RevenueStage());
    ordersTable(chunkBytes).stages().forEach(job::stage);
    return job.build();
  }

  /**
   * Stages 4 and 5, with the pipeline API: the same input as a Parquet table partitioned by tenant and
   * day ({@value #TABLE_PREFIX}), each task writing a file per partition it meets, then compacted to
   * one file per partition (of up to {@value #TABLE_FILE_BYTES} bytes).
   */
  static Pipeline ordersTable(long chunkBytes) {
    return Pipeline.read(Source.of(Orders.INPUT_CSV, Location.of(INPUT_PREFIX)).schema(Orders.INPUT).chunkBytes(chunkBytes))
        .filter(order -> Orders.invalid(order) == null)
        .map(Orders.TABLE, (in, out) -> {
          out.setString(0, in.getString(Orders.ORDER_ID));
          out.setString(1, in.getString(Orders.TENANT_ID));
          out.setTimestamp(2, in.getTimestamp(Orders.ORDERED_AT));
          out.setString(3, in.getString(Orders.SKU));
          out.setInt(4, in.getInt(Orders.QUANTITY));
          out.setDecimalUnscaled(5, in.getInt(Orders.QUANTITY) * in.getDecimalUnscaled(Orders.UNIT_PRICE));
        })
        .write(Sink.parquet(TABLE_PREFIX).tableName("demo_orders").targetFileBytes(TABLE_FILE_BYTES)
            .partitionBy("tenant_id, year(ordered_at), month(ordered_at), day(ordered_at)"))
        .badRecords(BadRecordLimit.fraction(0.001)) // the sample breaks one line in 50,000 on purpose
        .named("orders-table")
        .compact();
  }
}
