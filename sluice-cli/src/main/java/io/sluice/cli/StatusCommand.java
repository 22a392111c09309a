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
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code sluice status RUN}: what a run did and where it stands, read from the store alone; with {@code
 * --aws}, what Step Functions says of a run of a deployed job (its execution's status and the Driver's
 * last decision in the execution history).
 */
@Command(name = "status", description = {
    "Show where a run stands (stage, tasks, last decision, error), read from the store.",
    "--aws asks Step Functions instead: the run's execution status and the Driver's last decision."})
final class StatusCommand implements Callable<Integer> {
  @Parameters(index = "0", paramLabel = "RUN", description = "The run's id.")
  String run;

  @Option(names = "--store", paramLabel = "LOCATION",
      description = "The run's store: a directory, or s3://bucket/prefix (default: ${DEFAULT-VALUE}).")
  String location = "data/store";

  @Option(names = "--endpoint", paramLabel = "URL",
      description = "For an s3:// store: an S3-compatible server; with --aws: a Step Functions endpoint.")
  String endpoint;

  @Option(names = "--aws", description = "Ask Step Functions (with --state-machine ARN, or --account and --stack) instead of the store.")
  boolean aws;

  @Mixin AwsOptions awsOptions = new AwsOptions();

  @picocli.CommandLine.Spec picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() {
    if (aws) {
      return awsStatus();
    }
    return storeStatus(run, endpoint, true);
  }

  /** The run as its store tells; {@code s3Endpoint} for an s3:// store; the resume hints if {@code local}. */
  private int storeStatus(String runId, String s3Endpoint, boolean local) {
    boolean s3 = RunOptions.isS3(location);
    Path store = s3 ? null : Path.of(location);
    if (!s3 && !Files.isDirectory(store)) {
      throw new SluiceCommand.UserError("No store at " + store.toAbsolutePath().normalize() + ": pass --store DIR");
    }
    ObjectStore objects = s3 ? RunOptions.openS3(location, s3Endpoint) : new FileSystemObjectStore(store);
    String where = s3 ? location : store.toAbsolutePath().normalize().toString();
    Instant now = Instant.now();
    RunStatus status;
    try {
      status = RunStatus.read(objects, runId, now).orElseThrow(() -> new SluiceCommand.UserError(
          "Run '" + runId + "' does not exist in " + where));
    } catch (CorruptStateException e) {
      throw new SluiceCommand.UserError(e.getMessage());
    }
    String resume = "./sluice run " + status.job() + " --resume " + runId + " --store " + location
        + (s3Endpoint == null ? "" : " --endpoint " + s3Endpoint);
    System.out.println("run:        " + runId);
    System.out.println("job:        " + status.job());
    System.out.println("started:    " + status.info().started());
    System.out.println("parameters: " + status.parameters());
    if (local) {
      System.out.println("process:    " + process(status, now));
    }
    RunState state = status.state();
    if (state == null) {
      System.out.println("status:     started, no driver step recorded yet");
      if (!status.live() && local) {
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
      if (local) {
        System.out.println("resume:     " + resume);
      }
    } else if (status.live() || !local) {
      // On AWS no local process holds a heartbeat: the execution's status above tells whether it runs.
      System.out.println(local ? "status:     running" : "status:     not finished");
    } else {
      System.out.println("status:     not finished, and not running (stopped or died)");
      System.out.println("resume:     " + resume);
    }
    return 0;
  }

  private int awsStatus() {
    String arn = io.sluice.aws.sfn.SfnArns.isExecutionArn(run) && awsOptions.stateMachine == null
        ? io.sluice.aws.sfn.SfnArns.stateMachineOf(run) : awsOptions.stateMachineArn(null);
    try (io.sluice.aws.sfn.StepFunctionsRuns runs = awsOptions.connect(arn, endpoint)) {
      io.sluice.aws.sfn.RunView view = runs.status(arn, run);
      AwsRunDisplay.print(System.out, view, AwsFollow.again(arn, endpoint));
      if (!spec.commandLine().getParseResult().hasMatchedOption("--store")) {
        System.out.println("stage:      in the run's store: add --store s3://BUCKET/sluice/JOB/ (the stack's Store output)");
        return 0;
      }
      System.out.println();
      System.out.println("In the store " + location + ":");
      // --endpoint names Step Functions here; an S3-compatible server for the store comes from SLUICE_S3_ENDPOINT.
      return storeStatus(view.runId(), null, false);
    }
  }

  private static String process(RunStatus status, Instant now) {
    if (status.live()) {
      return "running (" + status.heartbeat().orElseThrow().describe(now) + ")";
    }
    return status.heartbeat().map(b -> "not running (stopped or died: " + b.describe(now) + ")")
        .orElse("not running (stopped or died)");
  }
}
