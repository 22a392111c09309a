package io.sluice.aws.lambda;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.sluice.local.store.FileStoreProvider;
import io.sluice.store.ObjectStore;
import io.sluice.store.ObjectStores;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The deployment jar itself, not the module's classes: the Driver and the Executor started from
 * {@code target/sluice-lambda-demo.jar} by the real runtime interface client (copied to {@code
 * target/runtime}, as the managed java21 runtime brings its own) in child JVMs, polling loopback
 * Runtime API servers (sluice-aws's test servers, {@link RuntimeFunction}), run a word count to its
 * end. The class path of the children is the jar, the client's jars and, because the runs here live
 * in a directory store, sluice-local's classes (on Lambda the jar's own S3 store is used).
 *
 * <p>In package {@code io.sluice.aws.lambda} to use sluice-aws's test helpers, which are package-private.
 */
class DeploymentJarUnderRuntimeTest {
  @TempDir Path dir;

  @Test
  void theJarsDriverAndExecutorRunAWordCountUnderTheRuntimeInterfaceClient() throws Exception {
    Path storeDir = Files.createDirectories(dir.resolve("store"));
    ObjectStore store = ObjectStores.open(storeDir.toString()).store();
    Map<String, Integer> expected = WordCountLoop.writeBooks(store, 3);
    Map<String, String> env = Map.of("SLUICE_JOB", "word-count", "SLUICE_STORE", storeDir.toUri().toString());
    String classPath = childClassPath();
    Path driverLog = RuntimeFunction.logFile("jar-driver");
    Path executorLog = RuntimeFunction.logFile("jar-executor");
    try (RuntimeFunction driver = RuntimeFunction.start("sluice-jar-driver", DriverFunction.HANDLER, env, driverLog,
            classPath, List.of());
        RuntimeFunction executor = RuntimeFunction.start("sluice-jar-executor", ExecutorFunction.HANDLER, env, executorLog,
            classPath, List.of())) {
      JsonNode end = WordCountLoop.run("jar-1", driver.api::invoke, executor.api::invoke);

      assertThat(end.path("action").asText()).as(read(driverLog) + read(executorLog)).isEqualTo("succeed");
      assertThat(WordCountLoop.committedCounts(store, "jar-1", expected)).isEqualTo(expected);
      // The jar's slf4j-simple writes the functions' log lines to stderr, where Lambda takes them.
      assertThat(read(driverLog)).contains("Driver of job 'word-count' ready");
    }
  }

  /** The deployment jar, the client's jars, and sluice-local (the directory store) for this test's store. */
  private static String childClassPath() throws IOException, URISyntaxException {
    Path jar = Path.of(System.getProperty("sluice.lambda.jar"));
    Path runtime = Path.of(System.getProperty("sluice.lambda.runtime"));
    assertThat(jar).as("the shaded jar: run this test through Maven's package phase").isRegularFile();
    List<Path> entries = new ArrayList<>(List.of(jar));
    try (Stream<Path> files = Files.list(runtime)) {
      files.filter(f -> f.toString().endsWith(".jar")).sorted().forEach(entries::add);
    }
    entries.add(Path.of(FileStoreProvider.class.getProtectionDomain().getCodeSource().getLocation().toURI()));
    return RuntimeFunction.join(entries);
  }

  private static String read(Path file) {
    try {
      return Files.exists(file) ? Files.readString(file) : "(no log)";
    } catch (IOException e) {
      return e.toString();
    }
  }
}
