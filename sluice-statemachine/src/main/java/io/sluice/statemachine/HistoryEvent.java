package io.sluice.statemachine;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;

/**
 * One event of an execution's history, shaped like Step Functions' {@code GetExecutionHistory}.
 *
 * @param id 1-based, increasing within one execution
 * @param previousEventId the id of the event this one follows (0 for the first)
 * @param type AWS's event type, e.g. {@code TaskStateEntered}, {@code LambdaFunctionScheduled}
 * @param timestamp from the interpreter's {@link Clock}
 * @param details the content of the event's details object, keyed as AWS keys it: for a {@code
 *     TaskStateEntered} event what AWS puts under {@code stateEnteredEventDetails} ({@code name}, {@code
 *     input} as JSON text, {@code inputDetails}); empty for events without details
 */
public record HistoryEvent(long id, long previousEventId, String type, Instant timestamp, ObjectNode details) {}
