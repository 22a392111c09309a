package io.sluice.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.sluice.examples.demo.DemoData;
import io.sluice.examples.demo.DemoJob;
import io.sluice.examples.demo.RevenueStage;
import io.sluice.internal.Json;
import io.sluice.local.store.FileSystemObjectStore;
import io.sluice.store.ObjectInfo;
import io.sluice.store.ObjectNotFoundException;
import io.sluice.store.ObjectStore;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code sluice demo}: generates the sample input (once), then runs the {@code demo} job on it. */
@Command(name = "demo", description = "Generate a deterministic sample of CSV order events, then run the demo job on it.")
final class DemoCommand implements Callable<Integer> {
  /** Beside the input, not under its prefix, so the job never reads it as input. */
  private static final String MARKER = "input/demo.generated.json";

  @Mixin RunOptions options = new RunOptions();

  @Option(names = "--size", paramLabel = "MB", description = "Megabytes of input to generate (default: ${DEFAULT-VALUE}).")
  int sizeMb = 256;

  @Option(names = "--seed", description = "Seed of the generated data (default: ${DEFAULT-VALUE}).")
  long seed = 42;

  @Override
  public Integer call() throws Exception {
    options.applyLogging();
    if (sizeMb < 1 || sizeMb > 100_000) {
      throw new SluiceCommand.UserError("--size must be between 1 and 100000 MB, got " + sizeMb);
    }
    ObjectStore store = new FileSystemObjectStore(options.storeDir());
    ensureInput(store);
    String runId = options.runId();
    options.runId = runId;
    int code = RunCommand.run(DemoJob.job(DemoJob.CHUNK_BYTES), options, null);
    if (code == 0) {
      String report = RevenueStage.reportKey(runId);
      List<String> lines = new String(store.get(report), StandardCharsets.UTF_8).lines().toList();
      System.out.println();
      System.out.println("Revenue per tenant per day (" + (lines.size() - 1) + " rows), first lines:");
      lines.stream().limit(6).forEach(l -> System.out.println("  " + l));
      JsonNode summary = Json.parse(store.get(RevenueStage.summaryKey(runId)), RevenueStage.summaryKey(runId));
      System.out.printf("Lines read: %,d; malformed lines rejected: %,d (each named by object and byte offset in %d rejects.csv"
          + " output%s of stage 'clean')%n", summary.path("lines").asLong(), summary.path("rejected").asLong(),
          summary.path("rejects").size(), summary.path("rejects").size() == 1 ? "" : "s");
      if (summary.path("rejects").size() > 0) {
        System.out.println("  e.g. " + new String(store.get(summary.path("rejects").get(0).asText()), StandardCharsets.UTF_8)
            .lines().findFirst().orElse(""));
      }
      System.out.println("Report:          " + options.store.resolve(report).toAbsolutePath().normalize());
      System.out.println("Cleaned records: " + options.store.resolve("runs/" + runId + "/stages/").toAbsolutePath().normalize()
          + " (committed outputs of stage 'clean', one CSV per tenant per chunk)");
    }
    return code;
  }

  private void ensureInput(ObjectStore store) {
    Map<String, Object> wanted = Map.of("sizeMb", sizeMb, "seed", seed, "format", 1);
    try {
      JsonNode existing = Json.parse(store.get(MARKER), MARKER);
      if (existing.equals(Json.toTree(wanted))) {
        System.out.println("Input: " + sizeMb + " MB of order events already in " + options.store.resolve(DemoJob.INPUT_PREFIX));
        return;
      }
    } catch (ObjectNotFoundException e) {
      // not generated yet
    }
    for (ObjectInfo o : store.listAll(DemoJob.INPUT_PREFIX)) {
      store.delete(o.key());
    }
    System.out.print("Generating " + sizeMb + " MB of CSV order events (" + DemoData.TENANTS + " tenants, " + DemoData.DAYS
        + " days) ... ");
    System.out.flush();
    long t = System.nanoTime();
    long lines = DemoData.generate(store, DemoJob.INPUT_PREFIX, sizeMb * 1024L * 1024L, seed);
    store.put(MARKER, Json.bytes(wanted));
    System.out.printf("%,d lines in %.1f s%n", lines, (System.nanoTime() - t) / 1e9);
  }
}
