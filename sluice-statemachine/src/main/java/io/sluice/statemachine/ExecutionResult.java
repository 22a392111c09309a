package io.sluice.statemachine;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/**
 * How an execution ended.
 *
 * @param status SUCCEEDED, FAILED, TIMED_OUT or ABORTED
 * @param output the output on success, else null
 * @param error the error name on failure, else null
 * @param cause the cause on failure (may be null)
 * @param history every event, in order
 */
public record ExecutionResult(
    ExecutionStatus status, JsonNode output, String error, String cause, List<HistoryEvent> history) {

  public boolean succeeded() {
    return status == ExecutionStatus.SUCCEEDED;
  }
}
