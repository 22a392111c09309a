package io.sluice.aws.lambda;

import java.io.File;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * One function under the real runtime interface client: a child JVM running {@code
 * com.amazonaws.services.lambda.runtime.api.client.AWSLambda} with a handler name, polling a {@link
 * RuntimeApiServer}.
 */
final class RuntimeFunction implements AutoCloseable {
  static final String RIC_MAIN = "com.amazonaws.services.lambda.runtime.api.client.AWSLambda";

  final RuntimeApiServer api;
  final Process process;
  final long startedNanos;

  private RuntimeFunction(RuntimeApiServer api, Process process, long startedNanos) {
    this.api = api;
    this.process = process;
    this.startedNanos = startedNanos;
  }

  /** Starts {@code handler} with this test JVM's class path and {@code env} added to Lambda's own variables. */
  static RuntimeFunction start(String name, String handler, Map<String, String> env, Path log) throws IOException {
    return start(name, handler, env, log, testClassPath(), List.of());
  }

  static RuntimeFunction start(String name, String handler, Map<String, String> env, Path log, String classPath,
      List<String> jvmOptions) throws IOException {
    RuntimeApiServer api = new RuntimeApiServer(name);
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    // The client unpacks its JNI library to the fixed path /tmp/.libaws-lambda-jni.so before loading it:
    // fine on Lambda (one process per sandbox), a race when two functions start at once on one machine
    // (one maps the file while the other rewrites it: SIGBUS). Each child loads this JVM's own copy.
    command.add("-Dcom.amazonaws.services.lambda.runtime.api.client.runtimeapi.NativeClient.JNI=" + nativeLibrary());
    command.addAll(jvmOptions);
    command.add("-cp");
    command.add(classPath);
    command.add(RIC_MAIN);
    command.add(handler);
    ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
    Map<String, String> e = pb.environment();
    e.put("AWS_LAMBDA_RUNTIME_API", api.address());
    e.put("AWS_LAMBDA_FUNCTION_NAME", name);
    e.put("AWS_LAMBDA_FUNCTION_VERSION", "$LATEST");
    e.put("AWS_LAMBDA_FUNCTION_MEMORY_SIZE", "2048");
    e.put("AWS_LAMBDA_LOG_GROUP_NAME", "/aws/lambda/" + name);
    e.put("AWS_LAMBDA_LOG_STREAM_NAME", "test");
    e.put("AWS_REGION", "us-east-1");
    e.put("_HANDLER", handler);
    e.putAll(env);
    long started = System.nanoTime();
    return new RuntimeFunction(api, pb.start(), started);
  }

  private static Path nativeLibrary;

  /** The client's JNI library (x86_64 glibc: this machine), extracted once for this test JVM. */
  private static synchronized Path nativeLibrary() throws IOException {
    if (nativeLibrary == null) {
      String resource = "/jni/libaws-lambda-jni.linux-x86_64.so";
      try (java.io.InputStream in = com.amazonaws.services.lambda.runtime.api.client.AWSLambda.class.getResourceAsStream(resource)) {
        if (in == null) {
          throw new IOException("the runtime interface client jar has no " + resource);
        }
        Path file = java.nio.file.Files.createTempFile("libaws-lambda-jni-", ".so");
        file.toFile().deleteOnExit();
        java.nio.file.Files.copy(in, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        nativeLibrary = file;
      }
    }
    return nativeLibrary;
  }

  /** Where a child's output goes: target/ric-logs/NAME.log, kept after the test for reading. */
  static Path logFile(String name) throws IOException {
    Path dir = java.nio.file.Files.createDirectories(Path.of("target", "ric-logs"));
    return dir.resolve(name + ".log");
  }

  /** The class path of this test run (Surefire's, not its booter jar's). */
  static String testClassPath() {
    String cp = System.getProperty("surefire.test.class.path");
    return cp != null && !cp.isBlank() ? cp : System.getProperty("java.class.path");
  }

  static String join(List<Path> entries) {
    return String.join(File.pathSeparator, entries.stream().map(Path::toString).toList());
  }

  @Override
  public void close() throws InterruptedException {
    process.destroy();
    if (!process.waitFor(10, TimeUnit.SECONDS)) {
      process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
    }
    api.close();
  }
}
