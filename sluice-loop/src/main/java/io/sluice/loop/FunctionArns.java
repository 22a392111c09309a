package io.sluice.loop;

import java.util.Objects;

/**
 * The ARNs the generated definition calls: on AWS the deployed Lambda functions (or CloudFormation
 * substitutions), locally made-up ARNs that the local runtime maps to its function instances.
 */
public record FunctionArns(String driver, String executor) {
  public FunctionArns {
    Objects.requireNonNull(driver, "driver");
    Objects.requireNonNull(executor, "executor");
  }

  /** The ARNs the local runtime answers to for {@code jobName}. */
  public static FunctionArns local(String jobName) {
    return new FunctionArns(
        "arn:aws:lambda:local:000000000000:function:sluice-" + jobName + "-driver",
        "arn:aws:lambda:local:000000000000:function:sluice-" + jobName + "-executor");
  }
}
