package io.sluice.aws.lambda;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.sluice.store.ObjectInfo;
import io.sluice.store.ObjectStore;
import io.sluice.store.ObjectStores;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Lambda Managed Instances: one process, one instance of each entry point, 64 invocations of each at
 * once (64 runs started together, whose executors all hold their task open until every one has
 * written its temp file).
 */
class ConcurrentInvocationsTest {
  static final int RUNS = 64;

  @TempDir Path dir;

  @Test
  void sixtyFourConcurrentInvocationsOfBothHandlersShareOneInstanceEach() throws Exception {
    ObjectStore store = ObjectStores.open(dir.toString()).store();
    FunctionEnvironment env = new FunctionEnvironment(ScratchJob.class.getName(), dir.toUri().toString());
    DriverFunction driver = new DriverFunction(env);
    ExecutorFunction executor = new ExecutorFunction(env);
    ScratchJob.BARRIER = new CyclicBarrier(RUNS);

    ExecutorService callers = Executors.newFixedThreadPool(RUNS);
    List<Future<JsonNode>> ends = new ArrayList<>();
    try {
      for (int i = 0; i < RUNS; i++) {
        String run = "run-" + i;
        ends.add(callers.submit(() -> WordCountLoop.run(run, e -> EntryPointsTest.call(driver, e),
            e -> EntryPointsTest.call(executor, e))));
      }
      for (Future<JsonNode> end : ends) {
        assertThat(end.get().path("action").asText()).isEqualTo("succeed");
      }
    } finally {
      callers.shutdownNow();
    }

    Set<String> tempDirs = new HashSet<>();
    for (int i = 0; i < RUNS; i++) {
      List<String> outputs = new ArrayList<>();
      for (ObjectInfo o : store.listAll("runs/run-" + i + "/")) {
        if (o.key().endsWith("/scratch.txt")) {
          outputs.add(new String(store.get(o.key()), UTF_8));
        }
      }
      assertThat(outputs).as("run-%d's committed outputs", i).hasSize(1);
      String[] lines = outputs.get(0).split("\n");
      assertThat(lines[0]).as("what run-%d's task read back from its temp file", i).isEqualTo("run-" + i);
      tempDirs.add(lines[1]);
    }
    assertThat(tempDirs).as("one temp directory per invocation").hasSize(RUNS);
    for (String d : tempDirs) {
      assertThat(Path.of(d)).as("deleted when its invocation ended").doesNotExist();
    }
  }
}
