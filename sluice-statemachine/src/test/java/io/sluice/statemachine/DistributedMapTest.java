package io.sluice.statemachine;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sluice.statemachine.testing.VirtualClock;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** Distributed Map: result writing and scale. */
class DistributedMapTest {
  static final ObjectMapper JSON = new ObjectMapper();

  static JsonNode json(String s) throws Exception {
    return JSON.readTree(s);
  }

  @Test
  void resultWriterWritesManifestAndResultFiles() throws Exception {
    ConformanceSuiteTest.MemoryObjects objects = new ConformanceSuiteTest.MemoryObjects(null);
    StateMachine sm = StateMachine.parse("""
        {"StartAt": "M", "States": {"M": {"Type": "Map", "End": true,
          "ItemProcessor": {"ProcessorConfig": {"Mode": "DISTRIBUTED", "ExecutionType": "STANDARD"}, "StartAt": "P", "States": {
            "P": {"Type": "Pass", "End": true}}},
          "ResultWriter": {"Resource": "arn:aws:states:::s3:putObject", "Parameters": {"Bucket": "out", "Prefix": "runs"}}}}}""");
    ExecutionResult r = Interpreter.builder().clock(new VirtualClock()).objectSource(objects).build()
        .run(sm, json("[{\"a\": 1}, {\"a\": 2}]"));
    assertThat(r.status()).as(r.cause()).isEqualTo(ExecutionStatus.SUCCEEDED);
    String mapRunArn = r.output().get("MapRunArn").asText();
    assertThat(mapRunArn).startsWith("arn:aws:states:us-east-1:123456789012:mapRun:StateMachine/M:");
    String runId = mapRunArn.substring(mapRunArn.lastIndexOf(':') + 1);
    JsonNode details = r.output().get("ResultWriterDetails");
    assertThat(details.get("Bucket").asText()).isEqualTo("out");
    assertThat(details.get("Key").asText()).isEqualTo("runs/" + runId + "/manifest.json");
    JsonNode manifest = json(objects.text("out/runs/" + runId + "/manifest.json"));
    assertThat(manifest.get("MapRunArn").asText()).isEqualTo(mapRunArn);
    assertThat(manifest.at("/ResultFiles/SUCCEEDED/0/Key").asText()).isEqualTo("runs/" + runId + "/SUCCEEDED_0.json");
    assertThat(manifest.at("/ResultFiles/FAILED").size()).isZero();
    JsonNode succeeded = json(objects.text("out/runs/" + runId + "/SUCCEEDED_0.json"));
    assertThat(succeeded.size()).isEqualTo(2);
    assertThat(succeeded.get(0).get("Status").asText()).isEqualTo("SUCCEEDED");
    assertThat(json(succeeded.get(0).get("Output").asText())).isEqualTo(json("{\"a\": 1}"));
    assertThat(json(succeeded.get(1).get("Input").asText())).isEqualTo(json("{\"a\": 2}"));
    assertThat(succeeded.get(0).get("ExecutionArn").asText()).contains(":execution:StateMachine/M:");
  }

  @Test
  void aListenerSeesEachChildExecutionWithItsHistory() throws Exception {
    java.util.Map<String, ExecutionResult> children = new java.util.concurrent.ConcurrentHashMap<>();
    StateMachine sm = StateMachine.parse("""
        {"StartAt": "M", "States": {"M": {"Type": "Map", "End": true,
          "ItemProcessor": {"ProcessorConfig": {"Mode": "DISTRIBUTED", "ExecutionType": "STANDARD"}, "StartAt": "P", "States": {
            "P": {"Type": "Pass", "End": true}}}}}}""");
    ExecutionResult r = Interpreter.builder().clock(new VirtualClock()).childExecutionListener(children::put).build()
        .run(sm, json("[1, 2]"));
    assertThat(r.succeeded()).isTrue();
    assertThat(children).hasSize(2);
    children.forEach((arn, child) -> {
      assertThat(arn).contains(":execution:StateMachine/M:");
      assertThat(child.history()).extracting(HistoryEvent::type)
          .containsExactly("ExecutionStarted", "PassStateEntered", "PassStateExited", "ExecutionSucceeded");
    });
  }

  @Test
  void failedChildrenGoToTheFailedFile() throws Exception {
    ConformanceSuiteTest.MemoryObjects objects = new ConformanceSuiteTest.MemoryObjects(null);
    StateMachine sm = StateMachine.parse("""
        {"StartAt": "M", "States": {"M": {"Type": "Map", "End": true, "ToleratedFailurePercentage": 100,
          "ItemProcessor": {"ProcessorConfig": {"Mode": "DISTRIBUTED", "ExecutionType": "STANDARD"}, "StartAt": "F", "States": {
            "F": {"Type": "Fail", "Error": "E", "Cause": "C"}}},
          "ResultWriter": {"Resource": "arn:aws:states:::s3:putObject", "Parameters": {"Bucket": "out", "Prefix": ""},
                           "WriterConfig": {"OutputType": "JSONL"}}}}}""");
    ExecutionResult r = Interpreter.builder().clock(new VirtualClock()).objectSource(objects).build()
        .run(sm, json("[1, 2, 3]"));
    assertThat(r.status()).isEqualTo(ExecutionStatus.SUCCEEDED);
    String key = r.output().at("/ResultWriterDetails/Key").asText();
    JsonNode manifest = json(objects.text("out/" + key));
    String failedKey = manifest.at("/ResultFiles/FAILED/0/Key").asText();
    assertThat(failedKey).endsWith("FAILED_0.jsonl");
    String[] lines = objects.text("out/" + failedKey).strip().split("\n");
    assertThat(lines).hasSize(3);
    assertThat(json(lines[0]).get("Error").asText()).isEqualTo("E");
    assertThat(json(lines[0]).get("Status").asText()).isEqualTo("FAILED");
  }

  @Test
  void aHundredThousandItemsStreamThroughBoundedChildren() throws Exception {
    StringBuilder lines = new StringBuilder();
    int n = 100_000;
    for (int i = 0; i < n; i++) {
      lines.append("{\"id\":").append(i).append("}\n");
    }
    ConformanceSuiteTest.MemoryObjects objects = new ConformanceSuiteTest.MemoryObjects(null);
    objects.put("in", "items.jsonl", lines.toString().getBytes(StandardCharsets.UTF_8));
    StateMachine sm = StateMachine.parse("""
        {"StartAt": "M", "States": {"M": {"Type": "Map", "End": true, "MaxConcurrency": 500,
          "ItemReader": {"Resource": "arn:aws:states:::s3:getObject", "ReaderConfig": {"InputType": "JSONL"},
                         "Parameters": {"Bucket": "in", "Key": "items.jsonl"}},
          "ItemProcessor": {"ProcessorConfig": {"Mode": "DISTRIBUTED", "ExecutionType": "STANDARD"}, "StartAt": "T", "States": {
            "T": {"Type": "Task", "Resource": "arn:aws:states:::local:work", "End": true}}},
          "ResultWriter": {"Resource": "arn:aws:states:::s3:putObject", "Parameters": {"Bucket": "out", "Prefix": "r"},
                           "WriterConfig": {"Transformation": "COMPACT", "OutputType": "JSONL"}}}}}""");
    java.util.concurrent.atomic.AtomicInteger running = new java.util.concurrent.atomic.AtomicInteger();
    java.util.concurrent.atomic.AtomicInteger peak = new java.util.concurrent.atomic.AtomicInteger();
    ExecutionResult r = Interpreter.builder().clock(new VirtualClock()).objectSource(objects)
        .taskInvoker(inv -> {
          peak.accumulateAndGet(running.incrementAndGet(), Math::max);
          try {
            return inv.input().get("id");
          } finally {
            running.decrementAndGet();
          }
        }).build().run(sm, json("{}"));
    assertThat(r.status()).as(r.cause()).isEqualTo(ExecutionStatus.SUCCEEDED);
    assertThat(peak.get()).isLessThanOrEqualTo(500);
    assertThat(r.history()).hasSize(8);
    String key = r.output().at("/ResultWriterDetails/Key").asText();
    String succeededKey = json(objects.text("out/" + key)).at("/ResultFiles/SUCCEEDED/0/Key").asText();
    String[] results = objects.text("out/" + succeededKey).split("\n");
    assertThat(results).hasSize(n);
    assertThat(results[0]).isEqualTo("0");
    assertThat(results[n - 1]).isEqualTo(String.valueOf(n - 1));
  }

  @Test
  void largeResultsAreWrittenInPartsThatHoldEveryRecordOnceInItemOrder() throws Exception {
    ConformanceSuiteTest.MemoryObjects objects = new ConformanceSuiteTest.MemoryObjects(null);
    StateMachine sm = StateMachine.parse("""
        {"StartAt": "M", "States": {"M": {"Type": "Map", "End": true, "MaxConcurrency": 50,
          "ItemReader": {"Resource": "arn:aws:states:::s3:getObject", "ReaderConfig": {"InputType": "JSONL"},
                         "Parameters": {"Bucket": "in", "Key": "items.jsonl"}},
          "ItemProcessor": {"ProcessorConfig": {"Mode": "DISTRIBUTED", "ExecutionType": "EXPRESS"}, "StartAt": "P", "States": {
            "P": {"Type": "Pass", "Parameters": {"i.$": "$.i", "pad.$": "$.pad"}, "End": true}}},
          "ResultWriter": {"Resource": "arn:aws:states:::s3:putObject", "Parameters": {"Bucket": "out", "Prefix": "big"},
                           "WriterConfig": {"Transformation": "COMPACT", "OutputType": "JSONL"}}}}}""");
    // About 2.5 parts' worth of results: 20,000 items of ~1 KB.
    String pad = "x".repeat(1000);
    StringBuilder items = new StringBuilder();
    for (int i = 0; i < 20_000; i++) {
      items.append("{\"i\":").append(i).append(",\"pad\":\"").append(pad).append("\"}\n");
    }
    objects.put("in", "items.jsonl", items.toString().getBytes(StandardCharsets.UTF_8));
    ExecutionResult r = Interpreter.builder().clock(new VirtualClock()).objectSource(objects).build()
        .run(sm, JSON.createObjectNode());
    assertThat(r.status()).as(r.cause()).isEqualTo(ExecutionStatus.SUCCEEDED);
    JsonNode manifest = json(objects.text("out/" + r.output().at("/ResultWriterDetails/Key").asText()));
    JsonNode parts = manifest.at("/ResultFiles/SUCCEEDED");
    assertThat(parts.size()).isEqualTo(3);
    int next = 0;
    for (JsonNode part : parts) {
      String text = objects.text("out/" + part.get("Key").asText());
      assertThat(part.get("Size").asLong()).isEqualTo(text.getBytes(StandardCharsets.UTF_8).length);
      for (String line : text.split("\n")) {
        assertThat(json(line).get("i").asInt()).isEqualTo(next++);
      }
    }
    assertThat(next).isEqualTo(20_000);
  }
}
