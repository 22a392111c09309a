package io.sluice.run;

import com.fasterxml.jackson.databind.JsonNode;
import io.sluice.internal.Json;
import io.sluice.store.ObjectNotFoundException;
import io.sluice.store.ObjectStore;
import java.util.Objects;
import java.util.Optional;

/**
 * {@code runs/RUN/run.json}: written once (create-if-absent) by the run's first Driver call.
 *
 * @param job the job the run belongs to
 * @param run the run's id
 * @param parameters the run's parameters (a JSON object)
 * @param started when it started (ISO-8601)
 */
public record RunInfo(String job, String run, JsonNode parameters, String started) {
  public RunInfo {
    Objects.requireNonNull(job, "job");
    Objects.requireNonNull(run, "run");
    parameters = parameters == null ? Json.object() : parameters.deepCopy();
    Objects.requireNonNull(started, "started");
  }

  @Override
  public JsonNode parameters() {
    return parameters.deepCopy();
  }

  /** The run's file, validated; empty if the run was never started. */
  public static Optional<RunInfo> read(ObjectStore store, RunLayout layout) {
    byte[] bytes;
    try {
      bytes = store.get(layout.runFile());
    } catch (ObjectNotFoundException e) {
      return Optional.empty();
    }
    return Optional.of(decode(bytes, layout.runFile()));
  }

  static RunInfo decode(byte[] bytes, String key) {
    Fields f = Fields.parse(bytes, key, "run file");
    String job = f.text("job");
    String run = f.text("run");
    JsonNode parameters = f.object("parameters");
    String started = f.text("started");
    f.check();
    return new RunInfo(job, run, parameters, started);
  }

  /** The JSON written to the store. */
  public byte[] toJson() {
    return Json.bytes(this);
  }
}
