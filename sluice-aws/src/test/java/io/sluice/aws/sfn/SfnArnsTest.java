package io.sluice.aws.sfn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class SfnArnsTest {
  private static final String SM = "arn:aws:states:eu-west-1:123456789012:stateMachine:sluice-demo";

  @Test
  void derivesTheDeployedStateMachinesArnFromTheStackName() {
    assertThat(SfnArns.stateMachineArn("eu-west-1", "123456789012", "sluice-demo")).isEqualTo(SM);
    assertThat(SfnArns.stateMachineArn("cn-north-1", "123456789012", "s")).startsWith("arn:aws-cn:states:cn-north-1:");
    assertThat(SfnArns.stateMachineArn("us-gov-west-1", "123456789012", "s")).startsWith("arn:aws-us-gov:");
  }

  @Test
  void executionArnsAndBack() {
    String exec = SfnArns.executionArn(SM, "run-1");
    assertThat(exec).isEqualTo("arn:aws:states:eu-west-1:123456789012:execution:sluice-demo:run-1");
    assertThat(SfnArns.isExecutionArn(exec)).isTrue();
    assertThat(SfnArns.isExecutionArn("run-1")).isFalse();
    assertThat(SfnArns.stateMachineOf(exec)).isEqualTo(SM);
    assertThat(SfnArns.nameOf(exec)).isEqualTo("run-1");
    assertThat(SfnArns.region(exec)).isEqualTo("eu-west-1");
  }

  @Test
  void refusesWhatIsNoStateMachineArn() {
    assertThatThrownBy(() -> SfnArns.check("arn:aws:states:eu-west-1:123:stateMachine:x"))
        .isInstanceOf(RunControlException.class).hasMessageContaining("StateMachineArn output");
    assertThatThrownBy(() -> SfnArns.executionArn("sluice-demo", "r")).isInstanceOf(RunControlException.class);
  }

  @Test
  void runIdsLeaveRoomForTheResumeSuffixInAnExecutionName() {
    String longest = "r".repeat(SfnArns.MAX_RUN_ID);
    assertThat(SfnArns.checkRunId(longest)).isEqualTo(longest);
    assertThat(SfnArns.resumeName(longest, Long.MAX_VALUE)).hasSizeLessThanOrEqualTo(SfnArns.MAX_NAME);
    assertThatThrownBy(() -> SfnArns.checkRunId(longest + "r")).isInstanceOf(RunControlException.class)
        .hasMessageContaining("1-48");
    assertThatThrownBy(() -> SfnArns.checkRunId("-x")).isInstanceOf(RunControlException.class);
    assertThatThrownBy(() -> SfnArns.checkRunId("a:b")).isInstanceOf(RunControlException.class);
  }
}
