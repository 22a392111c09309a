package io.sluice.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.sluice.Job;
import io.sluice.local.store.FileSystemObjectStore;
import io.sluice.runtime.JobCatalog;
import io.sluice.store.ObjectNotFoundException;
import io.sluice.store.ObjectStore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code sluice demo}: runs the {@code demo} job (found by name, like any job) with a sample of the
 * given size, which the job's first stage generates once per size and seed, then prints the report.
 * The command knows the demo only by its name and by where its last stage writes its summary.
 */
@Command(name = "demo", description = "Run the demo job on a deterministic sample of CSV order events (generated once per size and seed).")
final class DemoCommand implements Callable<Integer> {
  @Mixin RunOptions options = new RunOptions();

  @Option(names = "--size", paramLabel = "MB", description = "Megabytes of input to generate (default: ${DEFAULT-VALUE}).")
  int sizeMb = 256;

  @Option(names = "--seed", description = "Seed of the generated data (default: ${DEFAULT-VALUE}).")
  long seed = 42;

  /**
   * Where the demo job's last stage writes the run's summary (io.sluice.examples.demo.RevenueStage
   * #summaryKey; CliTest checks that the two agree).
   */
  static String summaryKey(String runId) {
    return "output/demo/" + runId + "/summary.json";
  }

  @Override
  public Integer call() {
    options.applyLogging();
    if (sizeMb < 1 || sizeMb > 100_000) {
      throw new SluiceCommand.UserError("--size must be between 1 and 100000 MB, got " + sizeMb);
    }
    Path storeDir = options.s3() ? null : options.storeDir();
    Job job = JobCatalog.load(getClass().getClassLoader()).find("demo");
    Map<String, String> params = new LinkedHashMap<>(options.params);
    params.put("size", Integer.toString(sizeMb));
    params.put("seed", Long.toString(seed));
    options.params = params;
    String runId = options.runId();
    options.runId = runId;
    int code = RunCommand.run(job, options, null, "./sluice run demo").succeeded() ? 0 : 1;
    if (code == 0) {
      printReport(storeDir == null ? options.s3Store() : new FileSystemObjectStore(storeDir), storeDir, options.store, runId);
    }
    return code;
  }

  private static void printReport(ObjectStore store, Path storeDir, String location, String runId) {
    JsonNode summary;
    try {
      summary = CliJson.MAPPER.readTree(store.get(summaryKey(runId)));
    } catch (ObjectNotFoundException e) {
      System.out.println("The demo wrote no summary at " + summaryKey(runId));
      return;
    } catch (IOException e) {
      throw new UncheckedIOException("Corrupt JSON in " + summaryKey(runId) + ": " + e.getMessage(), e);
    }
    String report = summary.path("report").asText();
    List<String> lines = new String(store.get(report), StandardCharsets.UTF_8).lines().toList();
    System.out.println();
    System.out.println("Revenue per tenant per day (" + (lines.size() - 1) + " rows), first lines:");
    lines.stream().limit(6).forEach(l -> System.out.println("  " + l));
    JsonNode rejects = summary.path("rejects");
    System.out.printf("Lines read: %,d; malformed lines rejected: %,d (each named by object and byte offset in %d rejects.csv"
        + " output%s of stage 'clean')%n", summary.path("lines").asLong(), summary.path("rejected").asLong(),
        rejects.size(), rejects.size() == 1 ? "" : "s");
    if (rejects.size() > 0) {
      System.out.println("  e.g. " + new String(store.get(rejects.get(0).asText()), StandardCharsets.UTF_8)
          .lines().findFirst().orElse(""));
    }
    String base = storeDir == null ? (location.endsWith("/") ? location : location + "/") : null;
    System.out.println("Report:          " + (base != null ? base + report : storeDir.resolve(report).toAbsolutePath().normalize()));
    System.out.println("Cleaned records: " + (base != null ? base + "runs/" + runId + "/stages/"
            : storeDir.resolve("runs/" + runId + "/stages/").toAbsolutePath().normalize())
        + " (committed outputs of stage 'clean', one CSV per tenant per chunk)");
  }
}
