package io.sluice.examples.demo;

import io.sluice.pipeline.StoreInputFile;
import io.sluice.Parameter;
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
import io.sluice.record.BadRecord;
import io.sluice.record.BadRecordPolicy;
import io.sluice.record.InputFile;
import io.sluice.record.MutableRow;
import io.sluice.record.Position;
import io.sluice.record.ReadOptions;
import io.sluice.record.RecordReader;
import io.sluice.record.RecordWriter;
import io.sluice.record.Row;
import io.sluice.record.Split;
import java.io.Closeable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Stage 1: cut every input object into splits and clean each split in parallel. Output: one CSV per
 * tenant ({@code tenant=ID.csv}: {@code order_id,day,sku,quantity,revenue_cents}) and a {@code
 * rejects.csv} naming each malformed or invalid record by object and byte offset, with the reason and
 * the record's text. Stops at a record boundary when the executor's budget runs out and continues
 * from there.
 *
 * <p>Reads through record model v2: the planner asks the input format for the {@linkplain
 * io.sluice.record.RecordFormat#splits splits} of each listed object (byte ranges, since the format is
 * splittable; the whole object if it were not), one task per split; a task reads its split through an
 * {@link InputFile} of its context's counted reads, and a task that must stop hands the reader's
 * {@link Position} to its continuation.
 */
public final class CleanStage implements Stage {
  /**
   * One task: a split of an input object, planned on the object's version {@code etag} (a task refuses
   * to read another version, whose splits would be other ones).
   */
  public record Chunk(String key, String etag, Split split) {}

  /** What a chunk's task reports. */
  public record Counts(long lines, long rejected) {}

  private static final long MICROS_PER_DAY = 86_400_000_000L;

  private final Parameter<String> input;
  private final long chunkBytes;

  /** Reads the objects under {@code inputPrefix} (or under parameter {@code input}), in splits of about {@code chunkBytes}. */
  public CleanStage(String inputPrefix, long chunkBytes) {
    if (chunkBytes <= 0) {
      throw new IllegalArgumentException("Stage 'clean' needs a positive chunk size, got " + chunkBytes);
    }
    this.input = Parameter.ofString("input", "the key prefix of the CSV objects to clean").withDefault(inputPrefix);
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
  public List<Parameter<?>> parameters() {
    return List.of(input);
  }

  @Override
  public Plan plan(PlanContext ctx) throws IOException {
    String prefix = ctx.parameters().get(input);
    List<TaskSpec> chunks = new ArrayList<>();
    for (ObjectInfo o : ctx.store().listAll(prefix)) {
      // CSV plans from the length alone; a columnar format would read its footer through this file
      for (Split split : Orders.INPUT_CSV.splits(StoreInputFile.planned(ctx.store(), o), chunkBytes)) {
        chunks.add(TaskSpec.of(new Chunk(o.key(), o.etag(), split)));
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
    InputFile file = StoreInputFile.forTask(ctx, chunk.key(), chunk.etag());
    Position resume = task.resumeFrom(Position.class).orElse(null);
    try (Outputs out = new Outputs(ctx)) {
      // malformed records (and text that is not UTF-8) go to the rejects, named by object and offset
      ReadOptions options = ReadOptions.of(BadRecordPolicy.skipAndReport(out::reject));
      try (RecordReader in = resume == null
          ? Orders.INPUT_CSV.reader(file, chunk.split(), Orders.INPUT, options)
          : Orders.INPUT_CSV.reader(file, chunk.split(), resume, Orders.INPUT, options)) {
        return clean(in, file.name(), out, ctx);
      }
    }
  }

  private static TaskOutcome clean(RecordReader in, String key, Outputs out, TaskContext ctx) throws IOException {
    MutableRow clean = new MutableRow(Orders.CLEANED);
    long good = 0;
    long invalid = 0;
    while (true) {
      if (ctx.shouldStop()) {
        return TaskOutcome.continueAt(in.continuation(), new Counts(good + invalid + in.badRecords(), invalid + in.badRecords()));
      }
      if (!in.next()) {
        break;
      }
      Row order = in.row();
      String why = Orders.invalid(order);
      if (why != null) {
        invalid++;
        out.reject(new BadRecord(key, in.recordOffset(), why, null));
        continue;
      }
      good++;
      clean.setString(0, order.getString(Orders.ORDER_ID));
      clean.setInt(1, (int) Math.floorDiv(order.getLong(Orders.ORDERED_AT), MICROS_PER_DAY));
      clean.setString(2, order.getString(Orders.SKU));
      clean.setInt(3, order.getInt(Orders.QUANTITY));
      clean.setLong(4, order.getInt(Orders.QUANTITY) * order.getDecimalUnscaled(Orders.UNIT_PRICE));
      out.tenant(order.getString(Orders.TENANT_ID)).write(clean);
    }
    return TaskOutcome.done(new Counts(good + invalid + in.badRecords(), invalid + in.badRecords()));
  }

  /** The task's outputs, opened on first use: one CSV per tenant, and the rejects. */
  private static final class Outputs implements Closeable {
    private final TaskContext ctx;
    private final Map<String, RecordWriter> byTenant = new HashMap<>();
    private final MutableRow reject = new MutableRow(Orders.REJECTS);
    private RecordWriter rejects;

    Outputs(TaskContext ctx) {
      this.ctx = ctx;
    }

    RecordWriter tenant(String tenantId) {
      RecordWriter w = byTenant.get(tenantId);
      if (w == null) {
        w = Orders.OUTPUT_CSV.writer(ctx.output("tenant=" + tenantId + ".csv"), Orders.CLEANED);
        byTenant.put(tenantId, w);
      }
      return w;
    }

    void reject(BadRecord bad) {
      if (rejects == null) {
        rejects = Orders.OUTPUT_CSV.writer(ctx.output("rejects.csv"), Orders.REJECTS);
      }
      reject.setString(0, bad.source() + "@" + bad.offset());
      reject.setString(1, bad.reason());
      reject.setString(2, bad.raw());
      try {
        rejects.write(reject);
      } catch (IOException e) {
        throw new UncheckedIOException("Cannot write a reject of " + bad.source(), e);
      }
    }

    @Override
    public void close() throws IOException {
      for (RecordWriter w : byTenant.values()) {
        w.close();
      }
      if (rejects != null) {
        rejects.close();
      }
    }
  }
}
