package io.sluice.statemachine.internal;

import com.fasterxml.jackson.databind.JsonNode;
import io.sluice.statemachine.StatesError;

/**
 * Resolves a reference path as a state sees it: {@code $...} against the state's input (or effective
 * input), {@code $$...} against the context object, {@code $name...} against workflow variables.
 * A path that matches nothing fails with the {@link StatesError} the calling field calls for.
 */
@FunctionalInterface
public interface PathResolver {
  JsonNode resolve(String path) throws StatesError;
}
