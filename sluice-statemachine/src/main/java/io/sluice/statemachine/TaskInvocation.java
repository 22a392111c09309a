package io.sluice.statemachine;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.Optional;

/**
 * One call of a Task state.
 *
 * @param resource the state's {@code Resource} string as written in the definition
 * @param input the effective input (after InputPath/Parameters or Arguments)
 * @param stateName the Task state's name
 * @param executionArn the running execution's ARN
 * @param deadline when the state's {@code TimeoutSeconds} runs out, if it has one
 * @param taskToken the task token, for {@code .waitForTaskToken} resources
 */
public record TaskInvocation(
    String resource,
    JsonNode input,
    String stateName,
    String executionArn,
    Optional<Instant> deadline,
    Optional<String> taskToken) {}
