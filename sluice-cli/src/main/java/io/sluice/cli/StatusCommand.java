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

  @Override
  public Integer call() {
    if (aws) {
      return awsStatus();
    }
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

  private int awsStatus() {
    String arn = io.sluice.aws.sfn.SfnArns.isExecutionArn(run) && awsOptions.stateMachine == null
        ? io.sluice.aws.sfn.SfnArns.stateMachineOf(run) : awsOptions.stateMachineArn(null);
    try (io.sluice.aws.sfn.StepFunctionsRuns runs = awsOptions.connect(arn, endpoint)) {
      io.sluice.aws.sfn.RunView view = runs.status(arn, run);
      AwsRunDisplay.print(System.out, view, AwsFollow.again(arn, endpoint));
      System.out.println("stage:      in the run's store: sluice status " + view.runId() + " --store s3://BUCKET/sluice/JOB/"
          + " (the stack's Store output)");
      return 0;
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
