package io.sluice.examples.demo;

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
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Writer;
import java.io.OutputStreamWriter;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Stage 2: revenue per tenant per day. One task per tenant reads that tenant's partition from every
 * committed chunk of stage 1 (storage as shuffle); the completion step merges the small per-tenant
 * results into one report, {@code output/demo/RUN/revenue_by_tenant_day.csv}.
 */
public final class RevenueStage implements Stage {
  public static final String REPORT_HEADER = "tenant_id,day,orders,units,revenue";

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
    Map<String, long[]> byDay = new TreeMap<>(); // day -> {orders, units, revenueCents}
    for (String key : in.keys()) {
      try (BufferedReader r = new BufferedReader(new InputStreamReader(ctx.open(key), StandardCharsets.UTF_8), 1 << 16)) {
        String line;
        while ((line = r.readLine()) != null) {
          String[] f = line.split(",", -1);
          long[] acc = byDay.computeIfAbsent(f[1], d -> new long[3]);
          acc[0]++;
          acc[1] += Long.parseLong(f[3]);
          acc[2] += Long.parseLong(f[4]);
        }
      }
    }
    try (Writer w = new OutputStreamWriter(ctx.output("revenue.csv"), StandardCharsets.UTF_8)) {
      for (var e : byDay.entrySet()) {
        long[] a = e.getValue();
        w.write(in.tenant() + "," + e.getKey() + "," + a[0] + "," + a[1] + "," + money(a[2]) + "\n");
      }
    }
    return TaskOutcome.done(Map.of("days", byDay.size()));
  }

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
      if (r.summary() != null) {
        lines += r.summary().path("lines").asLong();
        rejected += r.summary().path("rejected").asLong();
      }
      if (r.outputs().containsKey("rejects.csv")) {
        rejects.add(r.output("rejects.csv"));
      }
    }
    ctx.store().put(reportKey(ctx.runId()), report.toString().getBytes(StandardCharsets.UTF_8));
    ctx.store().put(summaryKey(ctx.runId()), io.sluice.internal.Json.bytes(
        Map.of("report", reportKey(ctx.runId()), "lines", lines, "rejected", rejected, "rejects", rejects)));
    return Completion.next();
  }

  static String money(long cents) {
    return cents / 100 + "." + String.format("%02d", cents % 100);
  }
}
