package io.sluice.aws.lambda;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.sluice.aws.s3.S3MockServer;
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
 * end: once on the jar's own S3 store against a loopback S3Mock server (sluice-aws's {@link
 * S3MockServer}), as on Lambda, which needs the SDK's service files merged into the jar; once on a
 * directory store, for which sluice-local's classes are added to the children's class path.
 *
 * <p>In package {@code io.sluice.aws.lambda} to use sluice-aws's test helpers, which are package-private.
 */
class DeploymentJarUnderRuntimeTest {
  @TempDir Path dir;

  @Test
  void theJarsDriverAndExecutorRunAWordCountOnS3UnderTheRuntimeInterfaceClient() throws Exception {
    S3MockServer s3 = S3MockServer.shared();
    String bucket = s3.newBucket();
    ObjectStore store = ObjectStores.open("s3://" + bucket, Map.of("endpoint", s3.endpoint().toString())).store();
    Map<String, String> env = Map.of("SLUICE_JOB", "word-count", "SLUICE_STORE", "s3://" + bucket,
        "SLUICE_S3_ENDPOINT", s3.endpoint().toString(),
        // as Lambda hands a function its role's credentials: in the environment
        "AWS_ACCESS_KEY_ID", S3MockServer.ACCESS_KEY, "AWS_SECRET_ACCESS_KEY", "sluice-test-secret");
    runWordCount("s3", store, env, childClassPath(false));
  }

  @Test
  void theJarsDriverAndExecutorRunAWordCountOnADirectoryStoreUnderTheRuntimeInterfaceClient() throws Exception {
    Path storeDir = Files.createDirectories(dir.resolve("store"));
    ObjectStore store = ObjectStores.open(storeDir.toString()).store();
    Map<String, String> env = Map.of("SLUICE_JOB", "word-count", "SLUICE_STORE", storeDir.toUri().toString());
    runWordCount("file", store, env, childClassPath(true));
  }

  private static void runWordCount(String name, ObjectStore store, Map<String, String> env, String classPath) throws Exception {
    Map<String, Integer> expected = WordCountLoop.writeBooks(store, 3);
    Path driverLog = RuntimeFunction.logFile("jar-" + name + "-driver");
    Path executorLog = RuntimeFunction.logFile("jar-" + name + "-executor");
    try (RuntimeFunction driver = RuntimeFunction.start("sluice-jar-driver", DriverFunction.HANDLER, env, driverLog,
            classPath, List.of());
        RuntimeFunction executor = RuntimeFunction.start("sluice-jar-executor", ExecutorFunction.HANDLER, env, executorLog,
            classPath, List.of())) {
      JsonNode end = WordCountLoop.run("jar-" + name, driver.api::invoke, executor.api::invoke);

      assertThat(end.path("action").asText()).as(read(driverLog) + read(executorLog)).isEqualTo("succeed");
      assertThat(WordCountLoop.committedCounts(store, "jar-" + name, expected)).isEqualTo(expected);
      // The jar's slf4j-simple writes the functions' log lines to stderr, where Lambda takes them.
      assertThat(read(driverLog)).contains("Driver of job 'word-count' ready");
    }
  }

  /** The deployment jar, the client's jars, and sluice-local (the directory store) if asked. */
  private static String childClassPath(boolean directoryStore) throws IOException, URISyntaxException {
    Path jar = Path.of(System.getProperty("sluice.lambda.jar"));
    Path runtime = Path.of(System.getProperty("sluice.lambda.runtime"));
    assertThat(jar).as("the shaded jar: run this test through Maven's package phase").isRegularFile();
    List<Path> entries = new ArrayList<>(List.of(jar));
    try (Stream<Path> files = Files.list(runtime)) {
      files.filter(f -> f.toString().endsWith(".jar")).sorted().forEach(entries::add);
    }
    if (directoryStore) {
      entries.add(Path.of(FileStoreProvider.class.getProtectionDomain().getCodeSource().getLocation().toURI()));
    }
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
