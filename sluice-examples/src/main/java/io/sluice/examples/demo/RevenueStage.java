package io.sluice.examples.demo;

import io.sluice.pipeline.StoreInputFile;
import io.sluice.Completion;
import io.sluice.CompletionContext;
import io.sluice.Plan;
import io.sluice.PlanContext;
import io.sluice.Stage;
import io.sluice.StageSettings;
import io.sluice.Task;
import io.sluice.TaskContext;
import io.sluice.TaskOutcome;
import io.sluice.TaskResult;
import io.sluice.TaskSpec;
import io.sluice.Workload;
import io.sluice.record.BadRecordPolicy;
import io.sluice.record.InputFile;
import io.sluice.record.MutableRow;
import io.sluice.record.ReadOptions;
import io.sluice.record.RecordReader;
import io.sluice.record.RecordWriter;
import io.sluice.record.Row;
import io.sluice.record.Schema;
import io.sluice.record.Split;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Stage 2: revenue per tenant per day. One task per tenant reads that tenant's partition from every
 * committed chunk of stage 1 (storage as shuffle); the completion step merges the small per-tenant
 * results into one report, {@code output/demo/RUN/revenue_by_tenant_day.csv}. Each partition is read
 * through an {@link InputFile} of the task's counted reads, whole, with a projection of the three
 * columns the sums need.
 */
public final class RevenueStage implements Stage {
  public static final String REPORT_HEADER = String.join(",", Orders.REVENUE.names());
  /**
   * The 3 columns of 5 the aggregation uses, so the reader decodes nothing else (order ids and SKUs
   * are skipped as bytes). Stage 1 wrote these files: a bad record here is a bug, so fail rather than skip.
   */
  private static final ReadOptions READ = ReadOptions.builder()
      .badRecords(BadRecordPolicy.fail())
      .project("day", "quantity", "revenue_cents")
      .build();
  private static final Schema READ_SCHEMA = READ.projectedSchema(Orders.CLEANED);
  private static final int DAY = READ_SCHEMA.indexOf("day");
  private static final int QUANTITY = READ_SCHEMA.indexOf("quantity");
  private static final int REVENUE_CENTS = READ_SCHEMA.indexOf("revenue_cents");

  /** One task: a tenant and the keys of its partitions. */
  public record TenantInput(String tenant, List<String> keys) {}

  /** Where the report of run {@code runId} is written. */
  public static String reportKey(String runId) {
    return "output/demo/" + runId + "/revenue_by_tenant_day.csv";
  }

  /** Where the run's counts (lines read, lines rejected, where the rejects are) are written. */
  public static String summaryKey(String runId) {
    return "output/demo/" + runId + "/summary.json";
  }

  @Override
  public String name() {
    return "revenue";
  }

  @Override
  public StageSettings settings() {
    return StageSettings.builder().workload(Workload.NETWORK).build();
  }

  @Override
  public Plan plan(PlanContext ctx) {
    Map<String, List<String>> byTenant = new TreeMap<>();
    for (TaskResult r : ctx.results("clean")) {
      r.outputs().forEach((name, key) -> {
        if (name.startsWith("tenant=")) {
          String tenant = name.substring("tenant=".length(), name.length() - ".csv".length());
          byTenant.computeIfAbsent(tenant, t -> new ArrayList<>()).add(key);
        }
      });
    }
    return Plan.tasks(byTenant.entrySet().stream().map(e -> TaskSpec.of(new TenantInput(e.getKey(), e.getValue()))).toList());
  }

  @Override
  public TaskOutcome run(Task task, TaskContext ctx) throws IOException {
    TenantInput in = task.input(TenantInput.class);
    Map<Integer, long[]> byDay = new TreeMap<>(); // day (epoch days) -> {orders, units, revenueCents}
    for (String key : in.keys()) {
      // a committed output never changes, so no ETag to hold it to; small enough to read whole
      InputFile file = StoreInputFile.forTask(ctx, key, null);
      try (RecordReader r = Orders.OUTPUT_CSV.reader(file, Split.whole(file.length()), Orders.CLEANED, READ)) {
        while (r.next()) {
          Row order = r.row();
          long[] acc = byDay.computeIfAbsent(order.getInt(DAY), d -> new long[3]);
          acc[0]++;
          acc[1] += order.getInt(QUANTITY);
          acc[2] += order.getLong(REVENUE_CENTS);
        }
      }
    }
    try (RecordWriter w = Orders.OUTPUT_CSV.writer(ctx.output("revenue.csv"), Orders.REVENUE)) {
      MutableRow line = new MutableRow(Orders.REVENUE);
      for (var e : byDay.entrySet()) {
        long[] a = e.getValue();
        line.setString(0, in.tenant());
        line.setInt(1, e.getKey());
        line.setLong(2, a[0]);
        line.setLong(3, a[1]);
        line.setDecimalUnscaled(4, a[2]);
        w.write(line);
      }
    }
    return TaskOutcome.done(Map.of("days", byDay.size()));
  }

  /**
   * {@code {"lines": N, "rejected": N, "rejects": [KEY, ...], "report": KEY}}, written by hand: a store
   * key holds no backslash and no control character, so a quote is all there is to escape.
   */
  private static byte[] summaryJson(String report, long lines, long rejected, List<String> rejects) {
    String keys = String.join(",", rejects.stream().map(RevenueStage::quoted).toList());
    return ("{\"lines\":" + lines + ",\"rejected\":" + rejected + ",\"rejects\":[" + keys + "],\"report\":"
        + quoted(report) + "}").getBytes(StandardCharsets.UTF_8);
  }

  private static String quoted(String key) {
    return '"' + key.replace("\"", "\\\"") + '"';
  }

  /**
   * Driver side: writes the report with the raw store ({@link CompletionContext#store()}), which is
   * right here: the report is one small object, written once the stage's tasks have all committed.
   */
  @Override
  public Completion complete(CompletionContext ctx) {
    StringBuilder report = new StringBuilder(REPORT_HEADER).append('\n');
    for (TaskResult r : ctx.results()) {
      report.append(new String(ctx.store().get(r.output("revenue.csv")), StandardCharsets.UTF_8));
    }
    long rejected = 0;
    long lines = 0;
    List<String> rejects = new ArrayList<>();
    for (TaskResult r : ctx.results("clean")) {
      CleanStage.Counts counts = r.summary(CleanStage.Counts.class).orElse(new CleanStage.Counts(0, 0));
      lines += counts.lines();
      rejected += counts.rejected();
      if (r.outputs().containsKey("rejects.csv")) {
        rejects.add(r.output("rejects.csv"));
      }
    }
    ctx.store().put(reportKey(ctx.runId()), report.toString().getBytes(StandardCharsets.UTF_8));
    ctx.store().put(summaryKey(ctx.runId()), summaryJson(reportKey(ctx.runId()), lines, rejected, rejects));
    return Completion.next();
  }
}
