package io.sluice.examples.demo;

import io.sluice.Plan;
import io.sluice.PlanContext;
import io.sluice.Stage;
import io.sluice.StageSettings;
import io.sluice.Task;
import io.sluice.TaskContext;
import io.sluice.TaskOutcome;
import io.sluice.TaskSpec;
import io.sluice.Workload;
import io.sluice.store.ObjectInfo;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Stage 1: split every input object into byte ranges and clean each range in parallel. Output: one
 * CSV per tenant ({@code tenant=ID.csv}: {@code order_id,day,sku,quantity,revenue_cents}) and a
 * {@code rejects.csv} naming each malformed line by object and byte offset. Stops at a line boundary
 * when the executor's budget runs out and continues from there.
 */
public final class CleanStage implements Stage {
  /** One task: a byte range of an input object. */
  public record Chunk(String key, long offset, long length) {}

  /** What a chunk's task reports. */
  public record Counts(long lines, long rejected) {}

  private final String inputPrefix;
  private final long chunkBytes;

  public CleanStage(String inputPrefix, long chunkBytes) {
    this.inputPrefix = inputPrefix;
    this.chunkBytes = chunkBytes;
  }

  @Override
  public String name() {
    return "clean";
  }

  @Override
  public StageSettings settings() {
    return StageSettings.builder().workload(Workload.CPU).maxAttempts(3).build();
  }

  @Override
  public Plan plan(PlanContext ctx) {
    String prefix = ctx.parameters().path("input").asText(inputPrefix);
    List<TaskSpec> chunks = new ArrayList<>();
    for (ObjectInfo o : ctx.store().listAll(prefix)) {
      for (long off = 0; off < o.size(); off += chunkBytes) {
        chunks.add(TaskSpec.of(new Chunk(o.key(), off, Math.min(chunkBytes, o.size() - off))));
      }
    }
    if (chunks.isEmpty()) {
      return Plan.fail("Demo.NoInput", "No input objects under '" + prefix + "' in the store: run `sluice demo` to generate them");
    }
    return Plan.tasks(chunks);
  }

  @Override
  public TaskOutcome run(Task task, TaskContext ctx) throws IOException {
    Chunk chunk = task.input(Chunk.class);
    long end = chunk.offset() + chunk.length();
    Long resume = task.resumeFrom(Long.class).orElse(null);
    long start = resume != null ? resume : chunk.offset();
    long streamStart = resume == null && start > 0 ? start - 1 : start;
    long size = ctx.store().stat(chunk.key()).orElseThrow().size();
    Map<String, Writer> byTenant = new LinkedHashMap<>();
    long lines = 0;
    long rejected = 0;
    Writer rejects = null;
    String[] why = new String[1];
    try (LineRange range = new LineRange(ctx.openRange(chunk.key(), streamStart, size - streamStart), streamStart, start,
        end, resume != null)) {
      String line;
      while (true) {
        if (ctx.shouldStop()) {
          closeAll(byTenant, rejects);
          return TaskOutcome.continueAt(range.position(), new Counts(lines, rejected));
        }
        line = range.next();
        if (line == null) {
          break;
        }
        if (range.lineStart() == 0 || line.isEmpty()) {
          continue; // the header, or a blank line
        }
        lines++;
        OrderLine order = OrderLine.parse(line, why);
        if (order == null) {
          rejected++;
          if (rejects == null) {
            rejects = writer(ctx, "rejects.csv");
          }
          rejects.write(chunk.key() + "@" + range.lineStart() + "," + why[0].replace(',', ';') + "\n");
          continue;
        }
        Writer w = byTenant.get(order.tenantId());
        if (w == null) {
          w = writer(ctx, "tenant=" + order.tenantId() + ".csv");
          byTenant.put(order.tenantId(), w);
        }
        w.write(order.orderId());
        w.write(',');
        w.write(order.day());
        w.write(',');
        w.write(order.sku());
        w.write(',');
        w.write(Integer.toString(order.quantity()));
        w.write(',');
        w.write(Long.toString(order.revenueCents()));
        w.write('\n');
      }
    }
    closeAll(byTenant, rejects);
    return TaskOutcome.done(new Counts(lines, rejected));
  }

  private static Writer writer(TaskContext ctx, String name) {
    return new BufferedWriter(new OutputStreamWriter(ctx.output(name), StandardCharsets.UTF_8), 1 << 16);
  }

  private static void closeAll(Map<String, Writer> writers, Writer rejects) throws IOException {
    for (Writer w : writers.values()) {
      w.close();
    }
    if (rejects != null) {
      rejects.close();
    }
  }
}
