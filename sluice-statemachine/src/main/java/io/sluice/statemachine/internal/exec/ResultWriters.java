package io.sluice.statemachine.internal.exec;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sluice.statemachine.ExecutionStatus;
import io.sluice.statemachine.StatesError;
import io.sluice.statemachine.internal.model.StateDef;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * A Distributed Map's {@code ResultWriter}. With {@code Resource: arn:aws:states:::s3:putObject} and
 * {@code Parameters} (or {@code Arguments}) {@code Bucket}/{@code Prefix}, writes {@code
 * <Prefix>/<map run id>/SUCCEEDED_<n>.json}, {@code FAILED_<n>.json} and {@code manifest.json} through
 * the ObjectSource and returns {@code {"MapRunArn", "ResultWriterDetails": {"Bucket", "Key"}}}. {@code
 * WriterConfig.Transformation}: {@code NONE} (default) writes one record of execution metadata per child,
 * {@code COMPACT} only the child outputs, {@code FLATTEN} the outputs with array outputs spliced in;
 * {@code WriterConfig.OutputType} {@code JSONL} writes JSON Lines instead of one JSON array. Without a
 * Resource, the transformed results become the state's result.
 *
 * <p>Records are streamed: a result file is written whenever it reaches {@link #PART_BYTES}, so a map
 * run of any size holds at most one part per status in memory (the numbered files of one status, read
 * in order, hold the records in item order).
 */
final class ResultWriters {
  /** Size at which a result file is written and the next one started. */
  static final int PART_BYTES = 8 << 20;

  private ResultWriters() {}

  /** Receives each child's result, in item order. */
  interface Sink {
    void accept(DistributedMapRunner.ChildResult r);

    /** Writes what is left and returns the state's result. */
    JsonNode finish();
  }

  /** The sink of {@code m}'s ResultWriter (whose Bucket and Prefix are evaluated now, at the map's start). */
  static Sink open(StateDef.MapState m, StateRun s, JsonNode effective, JsonNode states, String mapRunArn,
      String mapRunId) {
    JsonNode writer = m.resultWriter();
    JsonNode config = writer.path("WriterConfig");
    String transformation = config.path("Transformation").asText("NONE");
    boolean jsonLines = "JSONL".equals(config.path("OutputType").asText("JSON"));
    if (!writer.has("Resource")) {
      return new InMemory(s, transformation);
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
    return new ToStore(s, transformation, jsonLines, bucket, base, mapRunArn);
  }

  /** Without a Resource: the transformed successful results are the state's result. */
  private static final class InMemory implements Sink {
    private final StateRun s;
    private final String transformation;
    private final ArrayNode out = StateRun.JSON.arrayNode();

    InMemory(StateRun s, String transformation) {
      this.s = s;
      this.transformation = transformation;
    }

    @Override
    public void accept(DistributedMapRunner.ChildResult r) {
      if (r.outcome().status() == ExecutionStatus.SUCCEEDED) {
        transform(s, r, transformation).forEach(out::add);
      }
    }

    @Override
    public JsonNode finish() {
      return out;
    }
  }

  /** With a Resource: result files in the store, written part by part. */
  private static final class ToStore implements Sink {
    private final StateRun s;
    private final String transformation;
    private final String bucket;
    private final String base;
    private final String mapRunArn;
    private final Part succeeded;
    private final Part failed;

    ToStore(StateRun s, String transformation, boolean jsonLines, String bucket, String base, String mapRunArn) {
      this.s = s;
      this.transformation = transformation;
      this.bucket = bucket;
      this.base = base;
      this.mapRunArn = mapRunArn;
      this.succeeded = new Part("SUCCEEDED", jsonLines);
      this.failed = new Part("FAILED", jsonLines);
    }

    @Override
    public void accept(DistributedMapRunner.ChildResult r) {
      Part part = r.outcome().status() == ExecutionStatus.SUCCEEDED ? succeeded : failed;
      for (JsonNode record : transform(s, r, transformation)) {
        part.add(record);
      }
    }

    @Override
    public JsonNode finish() {
      ObjectNode manifest = StateRun.JSON.objectNode();
      manifest.put("DestinationBucket", bucket);
      manifest.put("MapRunArn", mapRunArn);
      ObjectNode files = manifest.putObject("ResultFiles");
      files.set("FAILED", failed.finish());
      files.putArray("PENDING");
      files.set("SUCCEEDED", succeeded.finish());
      put(base + "manifest.json", Payloads.compact(manifest).getBytes(StandardCharsets.UTF_8));
      ObjectNode out = StateRun.JSON.objectNode();
      out.put("MapRunArn", mapRunArn);
      ObjectNode details = out.putObject("ResultWriterDetails");
      details.put("Bucket", bucket);
      details.put("Key", base + "manifest.json");
      return out;
    }

    private void put(String key, byte[] bytes) {
      try {
        s.run().settings.objectSource().put(bucket, key, bytes);
      } catch (RuntimeException e) {
        if (e instanceof StatesError se) {
          throw se;
        }
        throw new StatesError("States.ResultWriterFailed", String.valueOf(e.getMessage()), e);
      }
    }

    /** The files of one status: the one being filled, and the entries of those written. */
    private final class Part {
      private final String status;
      private final boolean jsonLines;
      private final ByteArrayOutputStream buffer = new ByteArrayOutputStream();
      private final ArrayNode written = StateRun.JSON.arrayNode();
      private int records;

      Part(String status, boolean jsonLines) {
        this.status = status;
        this.jsonLines = jsonLines;
      }

      void add(JsonNode record) {
        byte[] bytes = Payloads.compact(record).getBytes(StandardCharsets.UTF_8);
        if (!jsonLines) {
          buffer.write(records == 0 ? '[' : ',');
        }
        buffer.writeBytes(bytes);
        if (jsonLines) {
          buffer.write('\n');
        }
        records++;
        if (buffer.size() >= PART_BYTES) {
          flush();
        }
      }

      private void flush() {
        if (records == 0) {
          return;
        }
        if (!jsonLines) {
          buffer.write(']');
        }
        String key = base + status + "_" + written.size() + (jsonLines ? ".jsonl" : ".json");
        byte[] bytes = buffer.toByteArray();
        put(key, bytes);
        ObjectNode entry = written.addObject();
        entry.put("Key", key);
        entry.put("Size", bytes.length);
        buffer.reset();
        records = 0;
      }

      ArrayNode finish() {
        flush();
        return written;
      }
    }
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
