package io.sluice.cli;

import io.sluice.aws.sfn.RunRedrive;
import io.sluice.aws.sfn.SfnArns;
import io.sluice.aws.sfn.StepFunctionsRuns;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code sluice redrive RUN}: resumes a run on Step Functions that failed, timed out or was stopped;
 * the Driver continues from the run's persisted state, so committed tasks are not redone.
 */
@Command(name = "redrive", description = {
    "Resume a run on Step Functions that failed, timed out or was stopped, once its cause is fixed.",
    "The Driver continues from the run's persisted state: committed tasks are not redone.",
    "--wait follows it to its end (exit code 0 if it succeeded, 1 if not)."})
final class RedriveCommand implements Callable<Integer> {
  @Parameters(index = "0", paramLabel = "RUN", description = "The run's id (or an execution ARN of it).")
  String run;

  @Mixin AwsOptions aws = new AwsOptions();

  @Option(names = "--endpoint", paramLabel = "URL", description = "A Step Functions endpoint (default: AWS's for the region).")
  String endpoint;

  @Option(names = "--wait", description = "Follow the run to its end; the exit code tells how it ended.")
  boolean wait;

  @Option(names = "--poll", paramLabel = "DURATION", defaultValue = "5s", description = "With --wait: how often to ask (default: ${DEFAULT-VALUE}).")
  String poll;

  @Override
  public Integer call() {
    String arn = SfnArns.isExecutionArn(run) && aws.stateMachine == null ? SfnArns.stateMachineOf(run) : aws.stateMachineArn(null);
    String again = AwsFollow.again(arn, endpoint);
    try (StepFunctionsRuns runs = aws.connect(arn, endpoint)) {
      RunRedrive r = runs.redrive(arn, run);
      System.out.println(switch (r.how()) {
        case REDRIVEN -> "Redrove run " + r.runId() + ": " + r.executionArn() + " goes on from the state that did not complete";
        case RESUMED -> "Resumed run " + r.runId() + " from the Driver's last step in a new execution: " + r.executionArn();
      });
      if (!wait) {
        System.out.println("Follow it with: sluice status " + r.runId() + " --aws " + again);
        return 0;
      }
      return AwsFollow.await(runs, arn, r.runId(), DeployCommand.parseDuration(poll), again);
    }
  }
}
