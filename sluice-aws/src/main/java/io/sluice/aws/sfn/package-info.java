/**
 * Starting and following runs of a deployed job on AWS Step Functions: {@link
 * io.sluice.aws.sfn.StepFunctionsRuns} starts a run (the run id is the execution's name, so a start is
 * idempotent), tells where it stands ({@link io.sluice.aws.sfn.RunView}: the execution's status and
 * what the Driver's last decision in the execution history says), stops it, and redrives a run that
 * failed. A run may span several executions (the loop chains a new one before the history limit, and a
 * redrive of a run the Driver failed starts a resume execution); every call here follows that chain
 * from the run id. {@link io.sluice.aws.sfn.SfnArns} builds and checks the ARNs and names involved.
 */
package io.sluice.aws.sfn;
