package io.sluice.aws.lambda;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.sluice.store.ObjectInfo;
import io.sluice.store.ObjectStore;
import io.sluice.store.ObjectStores;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The org.crac hooks, called directly: there is no CRaC-enabled JVM here (Temurin has no
 * checkpoint/restore), so the test calls beforeCheckpoint and afterRestore as Lambda's SnapStart
 * runtime would around the snapshot.
 */
class SnapStartHooksTest {
  @TempDir Path dir;

  @Test
  void primingWritesNothingAndARestoreMakesTheInstanceStateAnew() throws Exception {
    ObjectStore store = ObjectStores.open(dir.toString()).store();
    Map<String, Integer> expected = WordCountLoop.writeBooks(store, 3);
    FunctionEnvironment env = new FunctionEnvironment("word-count", dir.toUri().toString());
    DriverFunction driver = new DriverFunction(env);
    ExecutorFunction executor = new ExecutorFunction(env);
    List<String> before = keys(store);

    driver.beforeCheckpoint(null);
    executor.beforeCheckpoint(null);
    assertThat(keys(store)).as("priming writes nothing to the store").isEqualTo(before);

    String driverId = driver.instanceId();
    String executorId = executor.instanceId();
    var driverHandler = driver.handler();
    var executorHandler = executor.handler();
    var storeClient = executor.store().store();
    driver.afterRestore(null);
    executor.afterRestore(null);

    assertThat(driver.instanceId()).isNotEqualTo(driverId);
    assertThat(executor.instanceId()).isNotEqualTo(executorId);
    assertThat(driver.handler()).isNotSameAs(driverHandler);
    assertThat(executor.handler()).as("a new handler: a new temp root").isNotSameAs(executorHandler);
    assertThat(executor.store().store()).as("a new store client: no connection from the snapshot").isNotSameAs(storeClient);

    JsonNode end = WordCountLoop.run("after-restore", e -> EntryPointsTest.call(driver, e),
        e -> EntryPointsTest.call(executor, e));
    assertThat(end.path("action").asText()).isEqualTo("succeed");
    assertThat(WordCountLoop.committedCounts(store, "after-restore", expected)).isEqualTo(expected);
  }

  private static List<String> keys(ObjectStore store) {
    List<String> keys = new ArrayList<>();
    for (ObjectInfo o : store.listAll("")) {
      keys.add(o.key());
    }
    return keys;
  }
}
