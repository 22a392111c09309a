package io.sluice.internal;

import com.fasterxml.jackson.databind.JsonNode;

/** {@code runs/RUN/run.json}: written once when the run starts. */
public record RunInfo(String job, String run, JsonNode parameters, String started) {}
