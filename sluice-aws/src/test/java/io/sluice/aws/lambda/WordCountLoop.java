package io.sluice.aws.lambda;

import static java.nio.charset.StandardCharsets.UTF_8;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sluice.store.ObjectInfo;
import io.sluice.store.ObjectStore;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The word-count example's data and the Driver/Executors loop of the generated state machine, run by
 * hand over any way of invoking the two functions (directly, or through the runtime interface client).
 * Real Step Functions is not part of these tests; the loop here follows the generated definition's
 * routes: run_executors, run_driver and sleep go back to the Driver, succeed and fail end the run.
 */
final class WordCountLoop {
  static final ObjectMapper JSON = new ObjectMapper();

  /** Invokes one function with a JSON event and returns its JSON answer (or throws its failure). */
  @FunctionalInterface
  interface Invoker {
    JsonNode invoke(JsonNode event) throws Exception;
  }

  private WordCountLoop() {}

  /** Writes {@code books} texts with 1, 2, ... words under input/books/; returns the counts by key. */
  static Map<String, Integer> writeBooks(ObjectStore store, int books) {
    Map<String, Integer> expected = new TreeMap<>();
    for (int i = 1; i <= books; i++) {
      StringBuilder text = new StringBuilder();
      for (int w = 0; w < i; w++) {
        text.append("word").append(w).append(w % 3 == 0 ? "\n" : " ");
      }
      String key = "input/books/book-" + i + ".txt";
      store.put(key, text.toString().getBytes(UTF_8));
      expected.put(key, i);
    }
    return expected;
  }

  /** Runs run {@code run} from its first Driver call to its end; returns the final decision. */
  static JsonNode run(String run, Invoker driver, Invoker executor) throws Exception {
    return run(run, JSON.createObjectNode(), driver, executor);
  }

  /** Runs run {@code run}, started with {@code parameters}, to its end; returns the final decision. */
  static JsonNode run(String run, ObjectNode parameters, Invoker driver, Invoker executor) throws Exception {
    ObjectNode start = JSON.createObjectNode();
    start.put("run", run);
    start.put("seq", 0);
    if (!parameters.isEmpty()) {
      start.set("parameters", parameters);
    }
    JsonNode decision = driver.invoke(wrap(start));
    for (int step = 0; step < 100; step++) {
      switch (decision.path("action").asText()) {
        case "run_executors" -> {
          for (JsonNode group : decision.path("groups")) {
            executor.invoke(group);
          }
        }
        case "run_driver", "sleep" -> { }
        default -> {
          return decision;
        }
      }
      decision = driver.invoke(wrap(decision));
    }
    throw new AssertionError("Run " + run + " did not end within 100 driver steps: " + decision);
  }

  private static ObjectNode wrap(JsonNode state) {
    ObjectNode wrapped = JSON.createObjectNode();
    wrapped.set("state", state);
    wrapped.put("execution", "arn:aws:states:us-east-1:123456789012:execution:test:" + state.path("run").asText());
    return wrapped;
  }

  /** The word counts the run committed, by input key, read from the committed words.txt outputs. */
  static Map<String, Integer> committedCounts(ObjectStore store, String run, Map<String, Integer> expected) {
    // Each task wrote one words.txt; the task's input key is not in the output's key, so match counts as a multiset.
    List<Integer> found = new ArrayList<>();
    for (ObjectInfo o : store.listAll("runs/" + run + "/")) {
      if (o.key().endsWith("/words.txt")) {
        found.add(Integer.parseInt(new String(store.get(o.key()), UTF_8).strip()));
      }
    }
    Map<String, Integer> counts = new TreeMap<>();
    List<Integer> sorted = found.stream().sorted().toList();
    List<String> keys = new ArrayList<>(expected.keySet());
    keys.sort((a, b) -> Integer.compare(expected.get(a), expected.get(b)));
    for (int i = 0; i < Math.min(keys.size(), sorted.size()); i++) {
      counts.put(keys.get(i), sorted.get(i));
    }
    if (sorted.size() != keys.size()) {
      counts.put("<outputs>", sorted.size());
    }
    return counts;
  }
}
