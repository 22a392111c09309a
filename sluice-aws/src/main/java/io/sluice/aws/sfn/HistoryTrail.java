package io.sluice.aws.sfn;

import com.fasterxml.jackson.databind.JsonNode;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.sfn.SfnClient;
import software.amazon.awssdk.services.sfn.model.GetExecutionHistoryResponse;
import software.amazon.awssdk.services.sfn.model.HistoryEvent;

/**
 * What the newest events of one execution's history say of the loop: the Driver's last decision (the
 * output of the newest {@code Driver} state to exit), the newest state entered, the input of the
 * loop's {@code Failed} state if the execution entered it, and a Driver call that failed and waits to
 * be retried. Read newest first, a page at a time, until the decision is found.
 */
record HistoryTrail(JsonNode decision, String lastState, long failSeq, String driverRetry) {
  /** The name of the generated loop's Driver state ({@code LoopDefinition}). */
  static final String DRIVER_STATE = "Driver";

  static HistoryTrail read(SfnClient client, String executionArn, int maxEvents) {
    JsonNode decision = null;
    String lastState = null;
    long failSeq = -1;
    String newestFailure = null;
    boolean lambdaSeen = false;
    String token = null;
    int read = 0;
    do {
      String page = token;
      GetExecutionHistoryResponse r;
      try {
        r = client.getExecutionHistory(b -> b.executionArn(executionArn).reverseOrder(true).maxResults(200).nextToken(page));
      } catch (SdkException e) {
        throw StepFunctionsRuns.failure("GetExecutionHistory", executionArn, e);
      }
      for (HistoryEvent e : r.events()) {
        read++;
        String type = e.typeAsString();
        if (type.endsWith("StateEntered") && e.stateEnteredEventDetails() != null) {
          if (lastState == null) {
            lastState = e.stateEnteredEventDetails().name();
          }
          if (type.equals("FailStateEntered") && failSeq < 0) {
            failSeq = StepFunctionsRuns.parse(e.stateEnteredEventDetails().input()).path("seq").asLong(-1);
          }
        } else if (type.equals("TaskStateExited") && e.stateExitedEventDetails() != null
            && DRIVER_STATE.equals(e.stateExitedEventDetails().name())) {
          decision = StepFunctionsRuns.parse(e.stateExitedEventDetails().output());
          break;
        } else if (!lambdaSeen && type.startsWith("LambdaFunction")) {
          lambdaSeen = true;
          if (type.equals("LambdaFunctionFailed") && e.lambdaFunctionFailedEventDetails() != null) {
            var f = e.lambdaFunctionFailedEventDetails();
            newestFailure = f.error() + ": " + abbreviate(errorMessage(f.cause()));
          }
        }
      }
      token = r.nextToken();
    } while (decision == null && token != null && read < maxEvents);
    // The newest function call failed and the newest state is the Driver: the loop waits to retry it.
    String driverRetry = DRIVER_STATE.equals(lastState) ? newestFailure : null;
    return new HistoryTrail(decision, lastState, failSeq, driverRetry);
  }

  /** A Lambda failure's cause is {@code {"errorMessage": ..., "errorType": ...}}: its message. */
  private static String errorMessage(String cause) {
    JsonNode c = StepFunctionsRuns.parse(cause);
    return c.path("errorMessage").isTextual() ? c.path("errorMessage").asText() : String.valueOf(cause);
  }

  private static String abbreviate(String s) {
    String line = s.replace('\n', ' ');
    return line.length() > 200 ? line.substring(0, 200) + "..." : line;
  }
}
