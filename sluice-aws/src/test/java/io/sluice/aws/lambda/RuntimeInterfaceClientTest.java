package io.sluice.aws.lambda;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.JsonNode;
import io.sluice.driver.DriverHandler;
import io.sluice.store.ObjectStore;
import io.sluice.store.ObjectStores;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The entry points under Lambda's real Java runtime: the runtime interface client 2.10.1 (its native
 * part ships in the jar for linux-x86_64 and aarch64, glibc and musl) in child JVMs, polling loopback
 * Runtime API servers started here. The runtime interface emulator binary cannot be fetched here (see
 * {@link RuntimeApiServer}); everything between the server and the handler is Lambda's own code.
 */
class RuntimeInterfaceClientTest {
  @TempDir Path dir;

  @Test
  void aRunGoesThroughTheDriverAndExecutorUnderTheRuntimeInterfaceClient() throws Exception {
    Path storeDir = Files.createDirectories(dir.resolve("store"));
    ObjectStore store = ObjectStores.open(storeDir.toString()).store();
    Map<String, Integer> expected = WordCountLoop.writeBooks(store, 4);
    Map<String, String> env = Map.of("SLUICE_JOB", "word-count", "SLUICE_STORE", storeDir.toUri().toString());
    try (RuntimeFunction driver = RuntimeFunction.start("sluice-word-count-driver", DriverFunction.HANDLER, env,
            RuntimeFunction.logFile("driver"));
        RuntimeFunction executor = RuntimeFunction.start("sluice-word-count-executor", ExecutorFunction.HANDLER, env,
            RuntimeFunction.logFile("executor"))) {
      JsonNode end = WordCountLoop.run("ric-1", driver.api::invoke, executor.api::invoke);

      assertThat(end.path("action").asText()).as(log(RuntimeFunction.logFile("driver"))).isEqualTo("succeed");
      assertThat(WordCountLoop.committedCounts(store, "ric-1", expected)).isEqualTo(expected);
      assertThat(driver.api.requests()).contains("GET /2018-06-01/runtime/invocation/next")
          .anyMatch(r -> r.matches("POST /2018-06-01/runtime/invocation/[-0-9a-f]+/response"));

      // A failing call: reported on /error with the name the loop's Retry matches as errorType.
      RuntimeApiServer.InvocationFailed failed = catchThrowableOfType(RuntimeApiServer.InvocationFailed.class,
          () -> driver.api.invoke(WordCountLoop.JSON.readTree("{\"run\":\"ric-2\",\"seq\":7}")));
      assertThat(failed.errorType).isEqualTo("Sluice.StateNotFound").isIn(DriverHandler.FINAL_ERRORS);
      assertThat(failed.errorMessage).contains("ric-2").contains("runs/ric-2/run.json");
      assertThat(driver.api.requests()).anyMatch(r -> r.matches("POST /2018-06-01/runtime/invocation/[-0-9a-f]+/error"));

      RuntimeApiServer.InvocationFailed badGroup = catchThrowableOfType(RuntimeApiServer.InvocationFailed.class,
          () -> executor.api.invoke(WordCountLoop.JSON.readTree("{\"run\":\"ric-1\"}")));
      assertThat(badGroup.errorType).isEqualTo("Sluice.InvalidInput");

      // The function stays up after a failure: the next invocation is served by the same process.
      assertThat(driver.api.invoke(WordCountLoop.JSON.readTree("{\"run\":\"ric-1\",\"seq\":" + end.path("seq").asLong() + "}"))
          .path("action").asText()).isEqualTo("succeed");
      assertThat(driver.process.isAlive()).isTrue();
    }
  }

  @Test
  void aFunctionWithoutItsJobReportsAnInitError() throws Exception {
    try (RuntimeFunction f = RuntimeFunction.start("sluice-broken", DriverFunction.HANDLER,
        Map.of("SLUICE_STORE", dir.toUri().toString()), RuntimeFunction.logFile("broken"))) {
      JsonNode error = f.api.initError().get(60, TimeUnit.SECONDS);
      assertThat(error.path("errorMessage").asText()).as(log(RuntimeFunction.logFile("broken"))).contains("SLUICE_JOB is not set");
    }
  }

  private static String log(Path file) {
    // Shown when an assertion fails, so the child runtime's own output explains it.
    try {
      return Files.exists(file) ? Files.readString(file) : "(no log)";
    } catch (java.io.IOException e) {
      return e.toString();
    }
  }
}
