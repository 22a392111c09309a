package io.sluice.cli;

import io.sluice.local.store.FileSystemObjectStore;
import io.sluice.run.CorruptStateException;
import io.sluice.run.RunState;
import io.sluice.run.RunStatus;
import io.sluice.store.ObjectStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code sluice status RUN}: what a run did and where it stands, read from the store alone. */
@Command(name = "status", description = "Show where a run stands (stage, tasks, last decision, error), read from the store.")
final class StatusCommand implements Callable<Integer> {
  @Parameters(index = "0", paramLabel = "RUN", description = "The run's id.")
  String run;

  @Option(names = "--store", paramLabel = "LOCATION",
      description = "The run's store: a directory, or s3://bucket/prefix (default: ${DEFAULT-VALUE}).")
  String location = "data/store";

  @Option(names = "--endpoint", paramLabel = "URL", description = "For an s3:// store: an S3-compatible server.")
  String endpoint;

  @Override
  public Integer call() {
    boolean s3 = RunOptions.isS3(location);
    Path store = s3 ? null : Path.of(location);
    if (!s3 && !Files.isDirectory(store)) {
      throw new SluiceCommand.UserError("No store at " + store.toAbsolutePath().normalize() + ": pass --store DIR");
    }
    ObjectStore objects = s3 ? RunOptions.openS3(location, endpoint) : new FileSystemObjectStore(store);
    String where = s3 ? location : store.toAbsolutePath().normalize().toString();
    Instant now = Instant.now();
    RunStatus status;
    try {
      status = RunStatus.read(objects, run, now).orElseThrow(() -> new SluiceCommand.UserError(
          "Run '" + run + "' does not exist in " + where));
    } catch (CorruptStateException e) {
      throw new SluiceCommand.UserError(e.getMessage());
    }
    String resume = "./sluice run " + status.job() + " --resume " + run + " --store " + location
        + (endpoint == null ? "" : " --endpoint " + endpoint);
    System.out.println("run:        " + run);
    System.out.println("job:        " + status.job());
    System.out.println("started:    " + status.info().started());
    System.out.println("parameters: " + status.parameters());
    System.out.println("process:    " + process(status, now));
    RunState state = status.state();
    if (state == null) {
      System.out.println("status:     started, no driver step recorded yet");
      if (!status.live()) {
        System.out.println("resume:     " + resume);
      }
      return 0;
    }
    System.out.println("driver:     " + status.steps() + " step(s), last decision '" + status.lastDecision() + "'");
    if (state.phase() == RunState.Phase.ENDED) {
      System.out.println("stage:      all " + state.stage() + " stage(s) done");
    } else {
      System.out.println("stage:      #" + (state.stage() + 1) + " " + state.stageName() + ", phase " + state.phase()
          + ", micro-batch " + state.batch() + ", tasks " + status.tasksCommitted() + "/" + status.tasksTotal() + " committed");
    }
    if (status.succeeded()) {
      System.out.println("status:     SUCCEEDED");
    } else if (status.failed()) {
      System.out.println("status:     FAILED");
      System.out.println("error:      " + status.error());
      System.out.println("cause:      " + status.cause());
      System.out.println("resume:     " + resume);
    } else if (status.live()) {
      System.out.println("status:     running");
    } else {
      System.out.println("status:     not finished, and not running (stopped or died)");
      System.out.println("resume:     " + resume);
    }
    return 0;
  }

  private static String process(RunStatus status, Instant now) {
    if (status.live()) {
      return "running (" + status.heartbeat().orElseThrow().describe(now) + ")";
    }
    return status.heartbeat().map(b -> "not running (stopped or died: " + b.describe(now) + ")")
        .orElse("not running (stopped or died)");
  }
}
