package io.sluice.statemachine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sluice.statemachine.testing.VirtualClock;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicContainer;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Runs every case under {@code src/test/resources/conformance/<area>/*.json}, each on a {@link
 * VirtualClock}. A case:
 *
 * <pre>{@code
 * {"name": "...", "definition": {...}, "input": ...,
 *  "expect": {"output": ...} | {"error": "...", "cause": "..." (optional), "status": "TIMED_OUT" (optional)}
 *            | {"invalid": true},
 *  "events": ["ExecutionStarted", ...]           (optional: the exact event type sequence)
 *  "tasks": {"resource": behaviour, ...}          (optional: see ScriptedTasks, which also scripts
 *                                                  task-token callbacks and heartbeats)
 *  "objects": {"bucket/key": "text" or JSON}       (optional: the ObjectSource's content; listed as S3 lists
 *                                                  them: MD5 Etag in quotes, Size, LastModified at the
 *                                                  clock's start, StorageClass STANDARD)
 *  "expectObjects": {"bucket/key": JSON}           (optional: objects that must exist after, with content)
 *  "expectElapsedSeconds": n                       (optional: virtual time passed)
 *  "expectTaskCalls": {"resource": n}              (optional)
 *  "expectRefusedCallbacks": ["TaskTimedOut", ...] (optional: error codes of scripted callbacks the
 *                                                  interpreter refused, in order)
 *  "historyLimit": n, "payloadLimit": n            (optional interpreter settings)}
 * }</pre>
 *
 * An {@code "error": ""} expectation matches a failure without an error name.
 */
class ConformanceSuiteTest {
  static final ObjectMapper JSON = new ObjectMapper();

  /** Numbers compare by value (1 equals 1.0). */
  static final Comparator<JsonNode> NUMERIC = (a, b) -> {
    if (a.equals(b)) {
      return 0;
    }
    if (a.isNumber() && b.isNumber()) {
      return a.decimalValue().compareTo(b.decimalValue());
    }
    return 1;
  };

  @TestFactory
  Stream<DynamicNode> conformance() throws IOException, URISyntaxException {
    URL url = getClass().getResource("/conformance");
    if (url == null) {
      return Stream.empty();
    }
    Path root = Path.of(url.toURI());
    List<DynamicNode> areas = new ArrayList<>();
    try (Stream<Path> dirs = Files.list(root)) {
      // validation/ holds definitions and the problems they must be refused for: ValidationConformanceTest runs them.
      for (Path dir : dirs.filter(Files::isDirectory).filter(d -> !d.endsWith("validation")).sorted().toList()) {
        List<DynamicNode> tests = new ArrayList<>();
        try (Stream<Path> files = Files.list(dir)) {
          for (Path file : files.filter(p -> p.toString().endsWith(".json")).sorted().toList()) {
            JsonNode c = JSON.readTree(file.toFile());
            String name = c.path("name").asText(file.getFileName().toString());
            tests.add(DynamicTest.dynamicTest(name, file.toUri(), () -> runCase(c)));
          }
        }
        areas.add(DynamicContainer.dynamicContainer(dir.getFileName().toString(), tests));
      }
    }
    return areas.stream();
  }

  static void runCase(JsonNode c) {
    JsonNode expect = c.path("expect");
    if (expect.has("invalid")) {
      assertThatThrownBy(() -> StateMachine.parse(c.get("definition"))).isInstanceOf(InvalidDefinitionException.class);
      return;
    }
    StateMachine sm = StateMachine.parse(c.get("definition"));
    VirtualClock clock = new VirtualClock();
    ScriptedTasks tasks = new ScriptedTasks(c.get("tasks"), clock);
    MemoryObjects objects = new MemoryObjects(c.get("objects"), clock);
    Interpreter.Builder builder = Interpreter.builder().clock(clock).taskInvoker(tasks).objectSource(objects);
    if (c.has("historyLimit")) {
      builder.historyLimit(c.get("historyLimit").asInt());
    }
    if (c.has("payloadLimit")) {
      builder.payloadLimit(c.get("payloadLimit").asInt());
    }
    JsonNode input = c.has("input") ? c.get("input") : JSON.createObjectNode();
    Interpreter interpreter = builder.build();
    tasks.bind(interpreter);
    ExecutionResult r = interpreter.run(sm, input);
    try {
      tasks.awaitCallbacks();
    } catch (InterruptedException e) {
      throw new IllegalStateException(e);
    }
    String summary = r.status() + " output=" + r.output() + " error=" + r.error() + " cause=" + r.cause();
    if (expect.has("output")) {
      assertThat(r.status()).as(summary).isEqualTo(ExecutionStatus.SUCCEEDED);
      if (!expect.get("output").equals(NUMERIC, r.output())) {
        fail("output differs: expected " + expect.get("output") + " but was " + r.output());
      }
    } else if (expect.has("error")) {
      String status = expect.path("status").asText("FAILED");
      assertThat(r.status().name()).as(summary).isEqualTo(status);
      String expected = expect.get("error").asText();
      assertThat(r.error() == null ? "" : r.error()).as(summary).isEqualTo(expected);
      if (expect.has("cause")) {
        assertThat(r.cause() == null ? "" : r.cause()).as(summary).isEqualTo(expect.get("cause").asText());
      }
    } else {
      fail("case has no expectation: " + c.path("name"));
    }
    if (c.has("events")) {
      List<String> expected = new ArrayList<>();
      c.get("events").forEach(e -> expected.add(e.asText()));
      assertThat(r.history().stream().map(HistoryEvent::type).toList()).as(summary).isEqualTo(expected);
    }
    checkHistoryIds(r.history());
    if (c.has("expectElapsedSeconds")) {
      assertThat(clock.elapsed().toMillis()).isEqualTo(Math.round(c.get("expectElapsedSeconds").asDouble() * 1000));
    }
    if (c.has("expectTaskCalls")) {
      c.get("expectTaskCalls").properties().forEach(e ->
          assertThat(tasks.calls(e.getKey())).as("calls of " + e.getKey()).isEqualTo(e.getValue().asInt()));
    }
    if (c.has("expectRefusedCallbacks")) {
      List<String> expected = new ArrayList<>();
      c.get("expectRefusedCallbacks").forEach(e -> expected.add(e.asText()));
      assertThat(tasks.refusals()).as("refused callbacks").isEqualTo(expected);
    }
    if (c.has("expectObjects")) {
      c.get("expectObjects").properties().forEach(e -> {
        String text = objects.text(e.getKey());
        assertThat(text).as("object " + e.getKey()).isNotNull();
        if (!e.getValue().isNull()) {
          try {
            JsonNode actual = JSON.readTree(text);
            if (!e.getValue().equals(NUMERIC, actual)) {
              fail("object " + e.getKey() + " differs: expected " + e.getValue() + " but was " + actual);
            }
          } catch (IOException ex) {
            throw new UncheckedIOException(ex);
          }
        }
      });
    }
  }

  static void checkHistoryIds(List<HistoryEvent> history) {
    for (int i = 0; i < history.size(); i++) {
      HistoryEvent e = history.get(i);
      assertThat(e.id()).isEqualTo(i + 1L);
      assertThat(e.previousEventId()).isLessThan(e.id());
    }
  }

  /** An in-memory object store seeded from a case's {@code objects}. */
  static final class MemoryObjects implements ObjectSource {
    final Map<String, byte[]> objects = new ConcurrentHashMap<>();
    final Map<String, Instant> written = new ConcurrentHashMap<>();
    private final ExecutionClock clock;

    MemoryObjects(JsonNode seed) {
      this(seed, new VirtualClock());
    }

    /** Objects seeded now on {@code clock}; each put is stamped with the clock's time. */
    MemoryObjects(JsonNode seed, ExecutionClock clock) {
      this.clock = clock;
      if (seed != null) {
        seed.properties().forEach(e -> put(e.getKey(),
            (e.getValue().isTextual() ? e.getValue().asText() : e.getValue().toString()).getBytes(StandardCharsets.UTF_8)));
      }
    }

    private void put(String bucketAndKey, byte[] content) {
      objects.put(bucketAndKey, content);
      written.put(bucketAndKey, clock.now());
    }

    /** As S3 lists them: size, time, MD5 entity tag in quotes, storage class STANDARD. */
    @Override
    public List<ObjectSummary> listObjects(String bucket, String prefix) {
      return list(bucket, prefix).stream().map(key -> {
        byte[] content = objects.get(bucket + "/" + key);
        String etag;
        try {
          etag = "\"" + HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(content)) + "\"";
        } catch (NoSuchAlgorithmException e) {
          throw new IllegalStateException(e);
        }
        return new ObjectSummary(key, (long) content.length, written.get(bucket + "/" + key), etag, "STANDARD");
      }).toList();
    }

    String text(String bucketAndKey) {
      byte[] b = objects.get(bucketAndKey);
      return b == null ? null : new String(b, StandardCharsets.UTF_8);
    }

    @Override
    public List<String> list(String bucket, String prefix) {
      return objects.keySet().stream()
          .filter(k -> k.startsWith(bucket + "/" + prefix))
          .map(k -> k.substring(bucket.length() + 1))
          .sorted()
          .toList();
    }

    @Override
    public byte[] get(String bucket, String key) {
      byte[] b = objects.get(bucket + "/" + key);
      if (b == null) {
        throw new NoSuchElementException("No object s3://" + bucket + "/" + key);
      }
      return b;
    }

    @Override
    public void put(String bucket, String key, byte[] content) {
      put(bucket + "/" + key, content);
    }
  }
}
