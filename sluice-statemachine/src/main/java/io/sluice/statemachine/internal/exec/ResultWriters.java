package io.sluice.statemachine.internal.exec;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sluice.statemachine.ExecutionStatus;
import io.sluice.statemachine.StatesError;
import io.sluice.statemachine.internal.model.StateDef;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * A Distributed Map's {@code ResultWriter}. With {@code Resource: arn:aws:states:::s3:putObject} and
 * {@code Parameters} (or {@code Arguments}) {@code Bucket}/{@code Prefix}, writes {@code
 * <Prefix>/<map run id>/SUCCEEDED_0.json}, {@code FAILED_0.json} and {@code manifest.json} through the
 * ObjectSource and returns {@code {"MapRunArn", "ResultWriterDetails": {"Bucket", "Key"}}}. {@code
 * WriterConfig.Transformation}: {@code NONE} (default) writes one record of execution metadata per child,
 * {@code COMPACT} only the child outputs, {@code FLATTEN} the outputs with array outputs spliced in;
 * {@code WriterConfig.OutputType} {@code JSONL} writes JSON Lines instead of one JSON array. Without a
 * Resource, the transformed results become the state's result.
 */
final class ResultWriters {
  private ResultWriters() {}

  static JsonNode write(StateDef.MapState m, StateRun s, JsonNode effective, JsonNode states, String mapRunArn,
      String mapRunId, DistributedMapRunner.ResultCollector results) {
    JsonNode writer = m.resultWriter();
    JsonNode config = writer.path("WriterConfig");
    String transformation = config.path("Transformation").asText("NONE");
    boolean jsonLines = "JSONL".equals(config.path("OutputType").asText("JSON"));
    List<JsonNode> succeeded = new ArrayList<>();
    List<JsonNode> failed = new ArrayList<>();
    for (DistributedMapRunner.ChildResult r : results.sorted()) {
      boolean ok = r.outcome().status() == ExecutionStatus.SUCCEEDED;
      (ok ? succeeded : failed).addAll(transform(s, r, transformation));
    }
    if (!writer.has("Resource")) {
      ArrayNode out = StateRun.JSON.arrayNode();
      succeeded.forEach(out::add);
      return out;
    }
    JsonNode params = m.jsonata()
        ? s.jsonata("Arguments", writer.get("Arguments"), states)
        : s.template(writer.get("Parameters"), effective);
    String bucket = params == null ? null : params.path("Bucket").asText(null);
    if (bucket == null) {
      throw new StatesError("States.ResultWriterFailed", "The ResultWriter needs a Bucket parameter");
    }
    String prefix = params.path("Prefix").asText("");
    String base = (prefix.isEmpty() ? "" : prefix.endsWith("/") ? prefix : prefix + "/") + mapRunId + "/";
    String ext = jsonLines ? ".jsonl" : ".json";
    ObjectNode manifest = StateRun.JSON.objectNode();
    manifest.put("DestinationBucket", bucket);
    manifest.put("MapRunArn", mapRunArn);
    ObjectNode files = manifest.putObject("ResultFiles");
    try {
      files.set("FAILED", put(s, bucket, base + "FAILED_0" + ext, failed, jsonLines));
      files.putArray("PENDING");
      files.set("SUCCEEDED", put(s, bucket, base + "SUCCEEDED_0" + ext, succeeded, jsonLines));
      s.run().settings.objectSource().put(bucket, base + "manifest.json",
          Payloads.compact(manifest).getBytes(StandardCharsets.UTF_8));
    } catch (RuntimeException e) {
      if (e instanceof StatesError se) {
        throw se;
      }
      throw new StatesError("States.ResultWriterFailed", String.valueOf(e.getMessage()), e);
    }
    ObjectNode out = StateRun.JSON.objectNode();
    out.put("MapRunArn", mapRunArn);
    ObjectNode details = out.putObject("ResultWriterDetails");
    details.put("Bucket", bucket);
    details.put("Key", base + "manifest.json");
    return out;
  }

  private static ArrayNode put(StateRun s, String bucket, String key, List<JsonNode> records, boolean jsonLines) {
    ArrayNode entries = StateRun.JSON.arrayNode();
    if (records.isEmpty()) {
      return entries;
    }
    StringBuilder text = new StringBuilder();
    if (jsonLines) {
      records.forEach(r -> text.append(Payloads.compact(r)).append('\n'));
    } else {
      ArrayNode array = StateRun.JSON.arrayNode();
      records.forEach(array::add);
      text.append(Payloads.compact(array));
    }
    byte[] bytes = text.toString().getBytes(StandardCharsets.UTF_8);
    s.run().settings.objectSource().put(bucket, key, bytes);
    ObjectNode entry = entries.addObject();
    entry.put("Key", key);
    entry.put("Size", bytes.length);
    return entries;
  }

  private static List<JsonNode> transform(StateRun s, DistributedMapRunner.ChildResult r, String transformation) {
    ExecutionRun run = s.run();
    var o = r.outcome();
    boolean ok = o.status() == ExecutionStatus.SUCCEEDED;
    if (!"NONE".equals(transformation)) {
      JsonNode value = ok ? o.output() : ErrorHandling.errorOutput(new StatesError(o.error(), o.cause()));
      if ("FLATTEN".equals(transformation) && ok && value.isArray()) {
        List<JsonNode> out = new ArrayList<>();
        value.forEach(out::add);
        return out;
      }
      return List.of(value);
    }
    ObjectNode record = StateRun.JSON.objectNode();
    record.put("ExecutionArn", r.arn());
    record.put("Input", Payloads.compact(r.input()));
    record.putObject("InputDetails").put("Included", true);
    record.put("Name", r.name());
    if (ok) {
      record.put("Output", Payloads.compact(o.output()));
      record.putObject("OutputDetails").put("Included", true);
    } else {
      if (o.error() != null) {
        record.put("Error", o.error());
      }
      if (o.cause() != null) {
        record.put("Cause", o.cause());
      }
    }
    record.put("RedriveCount", 0);
    record.put("RedriveStatus", "NOT_REDRIVABLE");
    record.put("StartDate", run.timestamp(r.stop()));
    record.put("StateMachineArn", run.stateMachineArn + "/" + s.name());
    record.put("Status", o.status().name());
    record.put("StopDate", run.timestamp(r.stop()));
    return List.of(record);
  }
}
