package io.sluice.aws.sfn;

import java.util.regex.Pattern;

/**
 * Names and ARNs of a job's state machine and of its runs' executions.
 *
 * <p>A run's first execution is named after the run id. The loop's continue_as_new starts further
 * executions with names Step Functions picks; a redrive of a run that the Driver failed starts one
 * named {@link #resumeName}. Execution names are at most {@value #MAX_NAME} characters, so run ids
 * started here are at most {@value #MAX_RUN_ID}: room for the resume suffix ({@code -resume-} and a
 * step number of up to 19 digits).
 */
public final class SfnArns {
  /** Step Functions' longest execution name. */
  public static final int MAX_NAME = 80;
  /** The longest run id {@link StepFunctionsRuns#start} accepts. */
  public static final int MAX_RUN_ID = 48;

  private static final Pattern RUN_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0," + (MAX_RUN_ID - 1) + "}");
  private static final Pattern STATE_MACHINE = Pattern.compile(
      "arn:(aws[a-z-]*):states:([a-z0-9-]+):(\\d{12}):stateMachine:([A-Za-z0-9_+=@.-]{1,80})");
  private static final Pattern EXECUTION = Pattern.compile(
      "arn:(aws[a-z-]*):states:([a-z0-9-]+):(\\d{12}):execution:([A-Za-z0-9_+=@.-]{1,80}):([^:/\\s]{1,80})");

  private SfnArns() {}

  /**
   * The ARN of the state machine {@code sluice deploy} creates: named after the stack ({@code
   * sluice-JOB} unless {@code --stack-name} said otherwise), in {@code region} of {@code account}.
   */
  public static String stateMachineArn(String region, String account, String stackName) {
    String partition = region.startsWith("cn-") ? "aws-cn" : region.startsWith("us-gov-") ? "aws-us-gov" : "aws";
    return check("arn:" + partition + ":states:" + region + ":" + account + ":stateMachine:" + stackName);
  }

  /**
   * {@code arn} if it is a state machine's ARN.
   *
   * @throws RunControlException INVALID, saying what an ARN looks like
   */
  public static String check(String stateMachineArn) {
    if (stateMachineArn == null || !STATE_MACHINE.matcher(stateMachineArn).matches()) {
      throw new RunControlException(RunControlException.Kind.INVALID, "'" + stateMachineArn + "' is not a state machine ARN"
          + " (arn:aws:states:REGION:ACCOUNT:stateMachine:NAME; `aws cloudformation describe-stacks` shows the"
          + " stack's StateMachineArn output)");
    }
    return stateMachineArn;
  }

  /** The region of a state machine or execution ARN. */
  public static String region(String arn) {
    String[] parts = arn.split(":", 6);
    return parts.length > 3 ? parts[3] : "";
  }

  /** Whether {@code s} is an execution ARN (rather than a run id). */
  public static boolean isExecutionArn(String s) {
    return s != null && EXECUTION.matcher(s).matches();
  }

  /** The state machine an execution ARN belongs to. */
  public static String stateMachineOf(String executionArn) {
    var m = EXECUTION.matcher(executionArn);
    if (!m.matches()) {
      throw new RunControlException(RunControlException.Kind.INVALID, "'" + executionArn + "' is not an execution ARN");
    }
    return "arn:" + m.group(1) + ":states:" + m.group(2) + ":" + m.group(3) + ":stateMachine:" + m.group(4);
  }

  /** The name part of an execution ARN. */
  public static String nameOf(String executionArn) {
    return executionArn.substring(executionArn.lastIndexOf(':') + 1);
  }

  /** The ARN of the execution named {@code name} of the state machine {@code stateMachineArn}. */
  public static String executionArn(String stateMachineArn, String name) {
    check(stateMachineArn);
    int i = stateMachineArn.indexOf(":stateMachine:");
    return stateMachineArn.substring(0, i) + ":execution:" + stateMachineArn.substring(i + ":stateMachine:".length())
        + ":" + name;
  }

  /**
   * {@code runId} if a run may have it on Step Functions: 1 to {@value #MAX_RUN_ID} letters, digits,
   * '.', '_' or '-', starting with a letter or digit (the Driver's rule, shortened to leave room in the
   * 80-character execution name for {@link #resumeName}).
   */
  public static String checkRunId(String runId) {
    if (runId == null || !RUN_ID.matcher(runId).matches()) {
      throw new RunControlException(RunControlException.Kind.INVALID, "Run id '" + runId + "' is not valid on Step Functions:"
          + " use 1-" + MAX_RUN_ID + " letters, digits, '.', '_' or '-', starting with a letter or digit");
    }
    return runId;
  }

  /**
   * The name of the execution that resumes run {@code runId} after the Driver failed it at step {@code
   * seq}: deterministic, so a repeated redrive finds the execution the first one started.
   */
  public static String resumeName(String runId, long seq) {
    return runId + "-resume-" + seq;
  }
}
