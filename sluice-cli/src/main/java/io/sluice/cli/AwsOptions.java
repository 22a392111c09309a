package io.sluice.cli;

import io.sluice.aws.sfn.SfnArns;
import io.sluice.aws.sfn.StepFunctionsRuns;
import picocli.CommandLine.Option;

/**
 * Where a job's deployed state machine is, for {@code start}, {@code status --aws}, {@code stop} and
 * {@code redrive}: {@code --state-machine ARN} (the stack's {@code StateMachineArn} output), or derived
 * from the stack's naming ({@code sluice deploy} names the state machine after the stack, {@code
 * sluice-JOB} by default) with {@code --account} and the region. The account is not looked up (that
 * would need STS): give it, or the ARN.
 */
final class AwsOptions {
  @Option(names = "--state-machine", paramLabel = "ARN",
      description = "The job's state machine (the stack's StateMachineArn output; default: derived from --account, --region and the stack name).")
  String stateMachine;

  @Option(names = "--stack", paramLabel = "NAME", description = "The job's stack, which names its state machine (default: sluice-JOB).")
  String stack;

  @Option(names = "--account", paramLabel = "ID", description = "The AWS account id, to derive the state machine's ARN without --state-machine.")
  String account;

  @Option(names = "--region", paramLabel = "REGION",
      description = "The AWS region (default: the state machine ARN's, else AWS_REGION or the AWS config).")
  String region;

  /**
   * The state machine's ARN: as given, or derived from the stack's name ({@code --stack}, else {@code
   * sluice-JOB} when {@code job} is known), {@code --account} and the region.
   */
  String stateMachineArn(String job) {
    if (stateMachine != null) {
      return SfnArns.check(stateMachine.trim());
    }
    String stackName = stack != null ? stack : job == null ? null : "sluice-" + job;
    String r = region != null ? region : System.getenv("AWS_REGION");
    if (account == null || stackName == null || r == null) {
      throw new SluiceCommand.UserError("Which state machine? Give --state-machine ARN (the stack's StateMachineArn output:"
          + " aws cloudformation describe-stacks --stack-name " + (stackName == null ? "STACK" : stackName) + "), or --account ID"
          + (stackName == null ? " --stack NAME" : "") + (r == null ? " --region REGION" : "") + " to derive it");
    }
    if (!account.matches("\\d{12}")) {
      throw new SluiceCommand.UserError("--account " + account + " is not an AWS account id (12 digits)");
    }
    return SfnArns.stateMachineArn(r, account, stackName);
  }

  /** A client for the state machine's region (or {@code --region}) and, if given, {@code endpoint}. */
  StepFunctionsRuns connect(String stateMachineArn, String endpoint) {
    String r = region != null ? region : stateMachineArn == null ? null : SfnArns.region(stateMachineArn);
    return StepFunctionsRuns.connect(r == null || r.isBlank() ? null : r, endpoint);
  }
}
