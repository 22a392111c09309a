package io.sluice.cli;

import io.sluice.aws.sfn.RunView;
import io.sluice.aws.sfn.SfnArns;
import io.sluice.aws.sfn.StepFunctionsRuns;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code sluice stop RUN}: stops a run on Step Functions (its latest execution ends ABORTED). */
@Command(name = "stop", description = {
    "Stop a run on Step Functions: its execution ends ABORTED.",
    "Tasks that committed stay committed; sluice redrive RUN goes on from there."})
final class StopCommand implements Callable<Integer> {
  @Parameters(index = "0", paramLabel = "RUN", description = "The run's id (or an execution ARN of it).")
  String run;

  @Mixin AwsOptions aws = new AwsOptions();

  @Option(names = "--endpoint", paramLabel = "URL", description = "A Step Functions endpoint (default: AWS's for the region).")
  String endpoint;

  @Option(names = "--cause", paramLabel = "TEXT", description = "Why, recorded as the execution's cause.")
  String cause;

  @Override
  public Integer call() {
    String arn = SfnArns.isExecutionArn(run) && aws.stateMachine == null ? SfnArns.stateMachineOf(run) : aws.stateMachineArn(null);
    try (StepFunctionsRuns runs = aws.connect(arn, endpoint)) {
      RunView v = runs.stop(arn, run, cause == null ? "Stopped by sluice stop" : cause);
      System.out.println("Stopped run " + v.runId() + ": " + v.status() + " (" + v.executionArn() + ")");
      System.out.println("Go on later with: sluice redrive " + v.runId() + " " + AwsFollow.again(arn, endpoint));
      return 0;
    }
  }
}
