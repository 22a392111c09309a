package io.sluice.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * What the harnesses that start engines as fresh processes ({@link ConvertBenchmark}, {@link ShuffleBenchmark})
 * share: the cores they give each engine, the JVM that runs them, the command lines of Spark's and of this
 * jar's mains, and the machine's state.
 */
final class BenchProcesses {
  /** The threads (DuckDB), cores ({@code local[N]}) and files each engine gets: the CI machine's. */
  static final int CORES = 2;

  /** The flags Spark's launcher gives its JVM on Java 17+ (org.apache.spark.launcher.JavaModuleOptions), which a plain java main must give itself. */
  static final List<String> SPARK_JAVA_OPTIONS = List.of("-XX:+IgnoreUnrecognizedVMOptions", "--add-modules=jdk.incubator.vector",
      "--add-opens=java.base/java.lang=ALL-UNNAMED", "--add-opens=java.base/java.lang.invoke=ALL-UNNAMED",
      "--add-opens=java.base/java.lang.reflect=ALL-UNNAMED", "--add-opens=java.base/java.io=ALL-UNNAMED",
      "--add-opens=java.base/java.net=ALL-UNNAMED", "--add-opens=java.base/java.nio=ALL-UNNAMED",
      "--add-opens=java.base/java.util=ALL-UNNAMED", "--add-opens=java.base/java.util.concurrent=ALL-UNNAMED",
      "--add-opens=java.base/java.util.concurrent.atomic=ALL-UNNAMED", "--add-opens=java.base/jdk.internal.ref=ALL-UNNAMED",
      "--add-opens=java.base/sun.nio.ch=ALL-UNNAMED", "--add-opens=java.base/sun.nio.cs=ALL-UNNAMED",
      "--add-opens=java.base/sun.security.action=ALL-UNNAMED", "--add-opens=java.base/sun.util.calendar=ALL-UNNAMED",
      "-Djdk.reflect.useDirectMethodHandle=false", "-Dio.netty.tryReflectionSetAccessible=true");

  private BenchProcesses() {}

  /** This JVM's java binary (Sluice and DuckDB run on it). */
  static String currentJava() {
    return ProcessHandle.current().info().command().orElseThrow(() -> new IllegalStateException("Cannot tell this JVM's java binary"));
  }

  /** The jar (or classes directory) this class was loaded from: sluice-bench's. */
  static String benchJar() {
    try {
      return Path.of(BenchProcesses.class.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
    } catch (java.net.URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * The command that runs {@code mainClass} of sluice-bench-spark with {@code args}: Spark's java, its module
   * flags, {@code jvmOptions}, and the class path of {@code classpathFile} (the project's target/classpath.txt,
   * its classes beside it).
   */
  static List<String> sparkCommand(Path sparkJava, Path classpathFile, List<String> jvmOptions, String mainClass, List<String> args)
      throws IOException {
    List<String> c = new ArrayList<>();
    c.add(sparkJava.toString());
    c.addAll(SPARK_JAVA_OPTIONS);
    c.addAll(jvmOptions);
    c.add("-cp");
    c.add(classpathFile.getParent().resolve("classes") + ":" + Files.readString(classpathFile).trim());
    c.add(mainClass);
    c.addAll(args);
    return c;
  }

  /** Writes {@code command} as a shell line to {@code file}, to be run again by hand. */
  static void writeCommand(List<String> command, Path file) throws IOException {
    Files.writeString(file, String.join(" ", command.stream().map(BenchProcesses::shellQuote).toList()) + "\n", StandardCharsets.UTF_8);
  }

  static String shellQuote(String s) {
    return s.matches("[A-Za-z0-9_./=:,+-]+") ? s : "'" + s.replace("'", "'\\''") + "'";
  }

  /** The 1-minute load average. */
  static double loadAverage() throws IOException {
    return Double.parseDouble(Files.readString(Path.of("/proc/loadavg")).split(" ")[0]);
  }

  /** The machine in a line: cores, memory, load averages. */
  static String machine() throws IOException {
    String mem = Files.readAllLines(Path.of("/proc/meminfo")).stream().filter(l -> l.startsWith("MemTotal")).findFirst()
        .map(l -> l.replaceAll("\\s+", " ")).orElse("");
    return Runtime.getRuntime().availableProcessors() + " cores, " + mem + ", load average "
        + Files.readString(Path.of("/proc/loadavg")).trim();
  }

  /** Deletes {@code dir} and everything under it; nothing if it does not exist. */
  static void deleteTree(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> walk = Files.walk(dir)) {
      for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    }
  }
}
