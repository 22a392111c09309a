package io.sluice.cli;

import io.sluice.JobFactory;
import io.sluice.aws.sfn.RunStart;
import io.sluice.aws.sfn.StepFunctionsRuns;
import io.sluice.runtime.JobCatalog;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code sluice start JOB}: starts a run of a deployed job on Step Functions and prints its run id
 * first (alone on the first line, for schedulers to capture); {@code --wait} follows it to its end and
 * exits 0 if it succeeded, 1 if it failed, timed out or was stopped.
 */
@Command(name = "start", description = {
    "Start a run of a job deployed to AWS (sluice deploy) on its Step Functions state machine.",
    "Prints the run id first, alone on its line.",
    "--wait follows the run to its end. Exit code: 0 if it succeeded; 1 if it failed, timed out or was stopped"
        + " (the cause is printed); 2 for a usage or AWS error."})
final class StartCommand implements Callable<Integer> {
  @Parameters(index = "0", paramLabel = "JOB", description = "The job's name (its stack is sluice-JOB unless --stack says otherwise).")
  String job;

  @Mixin AwsOptions aws = new AwsOptions();

  @Option(names = "--endpoint", paramLabel = "URL", description = "A Step Functions endpoint, such as a loopback stand-in (default: AWS's for the region).")
  String endpoint;

  @Option(names = "--run-id", paramLabel = "ID",
      description = "The run's id, also its execution's name (default: a new one from the time). Starting the same id again starts nothing.")
  String runId;

  @Option(names = {"-p", "--param"}, paramLabel = "KEY=VALUE", description = "A run parameter; repeatable.")
  Map<String, String> params = Map.of();

  @Option(names = "--wait", description = "Follow the run to its end; the exit code tells how it ended.")
  boolean wait;

  @Option(names = "--poll", paramLabel = "DURATION", defaultValue = "5s", description = "With --wait: how often to ask (default: ${DEFAULT-VALUE}).")
  String poll;

  @Override
  public Integer call() {
    // A job this command knows (on its class path) has its parameters' names and values checked before
    // anything starts; whether a required one is missing only the deployed Driver knows, as its
    // functions may configure it (SLUICE_PARAM_, sluice deploy --ssm-parameter). Any other deployed
    // job's Driver checks everything at its first step.
    Optional<JobFactory> known = JobCatalog.load(getClass().getClassLoader()).factories().stream()
        .filter(f -> f.name().equals(job)).findFirst();
    known.ifPresent(f -> f.create().parameters().checkGiven(params));
    String arn = aws.stateMachineArn(job);
    String id = runId != null ? runId : RunOptions.newRunId();
    String again = AwsFollow.again(arn, endpoint);
    try (StepFunctionsRuns runs = aws.connect(arn, endpoint)) {
      RunStart started = runs.start(job, arn, id, params);
      System.out.println(started.runId());
      System.out.println((started.existing() ? "Run " + id + " of job '" + job + "' was started before (" + started.startDate()
          + "); nothing new started: " : "Started run " + id + " of job '" + job + "': ") + started.executionArn());
      if (!wait) {
        System.out.println("Follow it with: sluice status " + id + " --aws " + again);
        return 0;
      }
      return AwsFollow.await(runs, arn, id, DeployCommand.parseDuration(poll), again);
    }
  }
}
