package io.sluice.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sluice.aws.s3.S3MockServer;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * Cold start of a Sluice Lambda function on this machine, in fresh JVMs (a harness, not a test).
 *
 * <p>For every JDK given and every run (default 5), interleaved so that a change of load on the
 * machine touches every row alike:
 *
 * <ul>
 *   <li><b>floor</b>: the wall time of {@code java -version}, the least a JVM start costs here;
 *   <li><b>ready</b>: from starting {@code java -cp DEPLOYMENT-JAR:RIC
 *       com.amazonaws.services.lambda.runtime.api.client.AWSLambda HANDLER} (the real runtime
 *       interface client) to its first {@code GET /runtime/invocation/next} on a loopback {@link
 *       RuntimeApiServer}: the JVM, the client and the handler's init (job lookup, store opened);
 *   <li><b>first invocation</b>: from handing the first event (the demo job's first Driver input,
 *       {@code {"state":{"run":..,"seq":0}}}, queued before the JVM starts, as on Lambda) to the
 *       function's answer; the answer must be a decision, or the harness stops;
 *   <li><b>start to first answer</b>: the two together, what a caller of a cold function waits.
 * </ul>
 *
 * Each is measured for these JVM settings (variants): none; an AppCDS archive ({@code
 * -XX:SharedArchiveFile}, made first by a training run with {@code -XX:ArchiveClassesAtExit} that
 * serves one invocation and is then stopped); {@code -XX:TieredStopAtLevel=1} (C1 only); both; and on
 * JDK 25 or newer the AOT cache ({@code -XX:AOTCacheOutput}, JEP 514), which the java21 runtime does
 * not have. A baseline row runs the client with {@link NoopFunction} and nothing of Sluice. A CDS
 * archive is only valid for the JVM build (and class path) that wrote it.
 *
 * <p>Stores ({@code --store}): {@code file}, a fresh directory per run opened by the directory store
 * of {@code sluice-local}, whose jar ({@code --store-jar}) is added to the class path for that alone;
 * {@code s3}, as on Lambda, a fresh bucket per run on an S3Mock server started on loopback ({@code
 * --s3mock} names its executable jar), reached through the S3 store of the deployment jar with
 * {@code SLUICE_S3_ENDPOINT}: the SDK's client is built and a {@code HeadBucket} sent during init.
 *
 * <pre>{@code
 * java -cp sluice-bench.jar io.sluice.bench.ColdStart --jar DEPLOYMENT.jar --runtime DIR-OF-RIC-JARS \
 *     (--store file --store-jar sluice-local.jar | --store s3 --s3mock s3mock-exec.jar) \
 *     [--runs 5] [--jdk JAVA_HOME]... [--work DIR] [--variant NAME=OPTIONS]...
 * }</pre>
 *
 * {@code --variant} measures the given JVM options beside {@code default} instead of the built-in
 * variants (no training run: an archive it names must exist).
 */
public final class ColdStart {
  static final String RIC_MAIN = "com.amazonaws.services.lambda.runtime.api.client.AWSLambda";
  static final String DRIVER = "io.sluice.aws.lambda.DriverFunction::handleRequest";
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final long TIMEOUT_SECONDS = 120;

  /** The command line. */
  record Options(Path jar, List<Path> runtime, String store, Path storeJar, Path s3mock, int runs, List<Path> jdks,
      Path work, List<Variant> variants) {
    static Options parse(String[] args) throws IOException {
      Path jar = null;
      Path runtime = null;
      String store = "file";
      Path storeJar = null;
      Path s3mock = null;
      int runs = 5;
      List<Path> jdks = new ArrayList<>();
      Path work = null;
      List<Variant> variants = new ArrayList<>();
      for (int i = 0; i < args.length; i++) {
        String a = args[i];
        if (i + 1 >= args.length) {
          throw usage("option " + a + " needs a value");
        }
        String v = args[++i];
        switch (a) {
          case "--jar" -> jar = existing(v, "--jar");
          case "--runtime" -> runtime = existing(v, "--runtime");
          case "--store" -> store = v;
          case "--store-jar" -> storeJar = existing(v, "--store-jar");
          case "--s3mock" -> s3mock = existing(v, "--s3mock");
          case "--runs" -> runs = Integer.parseInt(v);
          case "--jdk" -> jdks.add(existing(v, "--jdk"));
          case "--work" -> work = Path.of(v);
          case "--variant" -> {
            int eq = v.indexOf('=');
            if (eq <= 0) {
              throw usage("--variant " + v + ": write NAME=JVM OPTIONS, such as 'serial GC=-XX:+UseSerialGC'");
            }
            variants.add(new Variant(v.substring(0, eq), true, List.of(v.substring(eq + 1).trim().split("\\s+")), List.of()));
          }
          default -> throw usage("unknown option " + a);
        }
      }
      if (jar == null || runtime == null) {
        throw usage("--jar and --runtime are required");
      }
      switch (store) {
        case "file" -> {
          if (storeJar == null) {
            throw usage("--store file needs --store-jar, the jar of sluice-local (its directory store)");
          }
        }
        case "s3" -> {
          if (s3mock == null) {
            throw usage("--store s3 needs --s3mock, S3Mock's executable jar (sluice-bench's build copies it to target/s3mock)");
          }
        }
        default -> throw usage("--store " + store + ": give file or s3");
      }
      if (runs < 1) {
        throw usage("--runs must be at least 1, not " + runs);
      }
      if (jdks.isEmpty()) {
        jdks.add(Path.of(System.getProperty("java.home")));
      }
      List<Path> ric;
      try (Stream<Path> files = Files.list(runtime)) {
        ric = files.filter(f -> f.toString().endsWith(".jar")).sorted().toList();
      }
      if (ric.stream().noneMatch(f -> f.getFileName().toString().contains("runtime-interface-client"))) {
        throw usage("--runtime " + runtime + " holds no aws-lambda-java-runtime-interface-client jar (sluice-lambda-demo's build copies it to target/runtime)");
      }
      Files.createDirectories(work = work != null ? work.toAbsolutePath() : Files.createTempDirectory("sluice-cold-start"));
      return new Options(jar, ric, store, storeJar, s3mock, runs, List.copyOf(jdks), work, List.copyOf(variants));
    }

    private static Path existing(String v, String option) {
      Path p = Path.of(v);
      if (!Files.exists(p)) {
        throw usage(option + " " + v + ": no such file or directory");
      }
      return p.toAbsolutePath();
    }

    private static IllegalArgumentException usage(String problem) {
      return new IllegalArgumentException(problem + ". Usage: ColdStart --jar DEPLOYMENT.jar --runtime DIR "
          + "(--store file --store-jar sluice-local.jar | --store s3 --s3mock s3mock-exec.jar) [--runs N] "
          + "[--jdk JAVA_HOME]... [--work DIR] [--variant NAME=JVM-OPTIONS]...");
    }
  }

  /**
   * A way of starting the function's JVM: the Sluice Driver or the empty {@link NoopFunction}, extra
   * JVM options, and the options of a training run to make first (none: no training).
   */
  record Variant(String name, boolean sluice, List<String> options, List<String> training) {}

  /** One run of one variant: nanos from start to ready, for the first invocation, start to answer. */
  record Run(long ready, long invocation, long total, String answer) {}

  private final Options options;
  private final Path jni;
  private final Path noopClasses;

  private ColdStart(Options options) throws IOException {
    this.options = options;
    this.jni = extractJni(options.runtime(), options.work());
    this.noopClasses = writeNoopClass(options.work().resolve("noop-classes"));
  }

  public static void main(String[] args) throws Exception {
    Options options;
    try {
      options = Options.parse(args);
    } catch (IllegalArgumentException e) {
      System.err.println("ColdStart: " + e.getMessage());
      System.exit(2);
      return;
    }
    new ColdStart(options).measureAll();
  }

  private void measureAll() throws Exception {
    System.out.printf("Deployment jar: %s (%.1f MB); store: %s; %d runs each; work directory %s%n",
        options.jar().getFileName(), Files.size(options.jar()) / 1e6, options.store(), options.runs(), options.work());
    if (options.store().equals("s3")) {
      System.setProperty("sluice.s3mock.jar", options.s3mock().toString());
      System.out.printf("S3Mock at %s%n", S3MockServer.shared().endpoint());
    }
    for (Path jdk : options.jdks()) {
      measure(jdk);
    }
  }

  private void measure(Path jdk) throws Exception {
    String version = javaVersion(jdk);
    int major = Integer.parseInt(version.split("[.+-]")[0]);
    String tag = "jdk" + major;
    List<Variant> variants = new ArrayList<>();
    variants.add(new Variant("RIC, empty handler (no Sluice)", false, List.of(), List.of()));
    if (options.variants().isEmpty()) {
      variants.addAll(variants(major, options.work().resolve(tag)));
    } else {
      variants.add(new Variant("default", true, List.of(), List.of()));
      variants.addAll(options.variants());
    }
    for (Variant v : variants) {
      if (!v.training().isEmpty()) {
        train(jdk, v, tag);
      }
    }
    String loadBefore = loadAverage();
    List<Long> floor = new ArrayList<>();
    Map<String, List<Run>> runs = new LinkedHashMap<>();
    variants.forEach(v -> runs.put(v.name(), new ArrayList<>()));
    for (int i = 0; i < options.runs(); i++) {
      floor.add(javaVersionNanos(jdk));
      for (Variant v : variants) {
        runs.get(v.name()).add(runFunction(jdk, v, tag + "-" + slug(v.name()) + "-" + i));
      }
    }
    print(version, floor, runs);
    System.out.printf("Load average (1, 5, 15 min) before: %s, after: %s (%d processors)%n", loadBefore, loadAverage(),
        Runtime.getRuntime().availableProcessors());
  }

  /** The machine's load average from /proc/loadavg, or "unknown": other work on the machine skews every row. */
  private static String loadAverage() {
    try {
      String[] f = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
      return f[0] + ", " + f[1] + ", " + f[2];
    } catch (IOException | RuntimeException e) {
      return "unknown";
    }
  }

  static List<Variant> variants(int major, Path dir) {
    String jsa = dir.resolve("app.jsa").toString();
    String aot = dir.resolve("app.aot").toString();
    List<Variant> variants = new ArrayList<>(List.of(
        new Variant("default", true, List.of(), List.of()),
        new Variant("AppCDS", true, List.of("-XX:SharedArchiveFile=" + jsa), List.of("-XX:ArchiveClassesAtExit=" + jsa)),
        new Variant("C1 only", true, List.of("-XX:TieredStopAtLevel=1"), List.of()),
        new Variant("AppCDS + C1 only", true, List.of("-XX:SharedArchiveFile=" + jsa, "-XX:TieredStopAtLevel=1"), List.of())));
    if (major >= 25) {
      variants.add(new Variant("AOT cache (JDK 25+)", true, List.of("-XX:AOTCache=" + aot), List.of("-XX:AOTCacheOutput=" + aot)));
    }
    return variants;
  }

  /** A training run: one invocation, then the JVM is stopped (SIGTERM) and writes its archive at exit. */
  private void train(Path jdk, Variant v, String tag) throws Exception {
    Path archive = Path.of(archiveOf(v.training().get(0)));
    Files.createDirectories(archive.getParent());
    Files.deleteIfExists(archive);
    String name = "train-" + slug(v.name());
    runFunction(jdk, new Variant(name, v.sluice(), v.training(), List.of()), tag + "-" + name);
    if (!Files.isRegularFile(archive)) {
      throw new IllegalStateException("The training run for " + v.name() + " wrote no " + archive + ": see its log in "
          + options.work().resolve("logs"));
    }
    System.out.printf("%s: trained, %s is %.1f MB%n", v.name(), archive.getFileName(), Files.size(archive) / 1e6);
  }

  private static String archiveOf(String option) {
    return option.substring(option.indexOf('=') + 1);
  }

  /** Starts the function under the runtime interface client, hands it the first event, and stops it. */
  private Run runFunction(Path jdk, Variant v, String label) throws Exception {
    Path log = Files.createDirectories(options.work().resolve("logs")).resolve(label + ".log");
    String handler = v.sluice() ? DRIVER : NoopFunction.HANDLER;
    try (RuntimeApiServer api = new RuntimeApiServer("sluice-demo-driver")) {
      var answer = api.submit(firstDriverEvent("cold-" + label));
      List<String> command = new ArrayList<>();
      command.add(jdk.resolve("bin/java").toString());
      command.addAll(v.options());
      // The client unpacks its JNI library to the fixed path /tmp/.libaws-lambda-jni.so, racing with
      // any other client starting on this machine: each child loads this harness's own copy.
      command.add("-Dcom.amazonaws.services.lambda.runtime.api.client.runtimeapi.NativeClient.JNI=" + jni);
      command.add("-cp");
      command.add(classPath(v.sluice()));
      command.add(RIC_MAIN);
      command.add(handler);
      ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
      Map<String, String> env = pb.environment();
      env.put("AWS_LAMBDA_RUNTIME_API", api.address());
      env.put("AWS_LAMBDA_FUNCTION_NAME", "sluice-demo-driver");
      env.put("AWS_LAMBDA_FUNCTION_VERSION", "$LATEST");
      env.put("AWS_LAMBDA_FUNCTION_MEMORY_SIZE", "2048");
      env.put("AWS_LAMBDA_LOG_GROUP_NAME", "/aws/lambda/sluice-demo-driver");
      env.put("AWS_LAMBDA_LOG_STREAM_NAME", label);
      env.put("AWS_REGION", "us-east-1");
      env.put("_HANDLER", handler);
      env.put("SLUICE_JOB", "demo");
      env.putAll(storeEnvironment(label));
      env.remove("JAVA_TOOL_OPTIONS");
      long started = System.nanoTime();
      Process process = pb.start();
      try {
        // Ready, or the JVM ended (an init that failed before the client could report it).
        CompletableFuture.anyOf(api.firstNext(), process.onExit()).get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
        if (!api.firstNext().isDone()) {
          throw new IllegalStateException(label + ": the JVM exited with " + process.exitValue()
              + " before asking for an event (log: " + log + ")");
        }
        long ready = api.firstNext().get() - started;
        RuntimeApiServer.Outcome out = answer.get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
        long total = System.nanoTime() - started;
        if (out.failed()) {
          throw new IllegalStateException(label + ": the first invocation failed with " + out.errorType() + ": "
              + out.errorMessage() + " (log: " + log + ")");
        }
        JsonNode body = JSON.readTree(out.body());
        String decision = body.path("action").asText("");
        if (v.sluice() && decision.isEmpty()) {
          throw new IllegalStateException(label + ": the first invocation answered no decision: " + body + " (log: " + log + ")");
        }
        return new Run(ready, out.nanos(), total, v.sluice() ? decision : body.toString());
      } catch (TimeoutException | ExecutionException e) {
        String init = api.initError().getNow(null);
        throw new IllegalStateException(label + ": no " + (api.firstNext().isDone() ? "answer" : "GET /invocation/next")
            + " within " + TIMEOUT_SECONDS + " s" + (init != null ? "; init error: " + init : "") + " (log: " + log + ")", e);
      } finally {
        stop(process);
      }
    }
  }

  /** SLUICE_STORE and what it needs: a fresh directory or bucket for each run. */
  private Map<String, String> storeEnvironment(String label) throws IOException {
    if (options.store().equals("s3")) {
      S3MockServer s3 = S3MockServer.shared();
      return Map.of("SLUICE_STORE", "s3://" + s3.newBucket(),
          "SLUICE_S3_ENDPOINT", s3.endpoint().toString(),
          // As Lambda gives a function its role's credentials: in the environment.
          "AWS_ACCESS_KEY_ID", S3MockServer.ACCESS_KEY,
          "AWS_SECRET_ACCESS_KEY", "sluice-test-secret");
    }
    Path store = Files.createDirectories(options.work().resolve("stores").resolve(label));
    return Map.of("SLUICE_STORE", store.toUri().toString());
  }

  private static void stop(Process process) throws InterruptedException {
    process.destroy(); // SIGTERM: the JVM exits normally, so an archive asked for at exit is written
    if (!process.waitFor(60, TimeUnit.SECONDS)) {
      process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
    }
  }

  /** The deployment jar, the client's jars (and the directory store); or the client and the empty handler. */
  private String classPath(boolean sluice) {
    List<String> cp = new ArrayList<>();
    cp.add(sluice ? options.jar().toString() : noopClasses.toString());
    options.runtime().forEach(p -> cp.add(p.toAbsolutePath().toString()));
    if (sluice && options.store().equals("file")) {
      cp.add(options.storeJar().toString());
    }
    return String.join(File.pathSeparator, cp);
  }

  /** NoopFunction's class file, copied from this harness's class path into a directory of its own. */
  private static Path writeNoopClass(Path dir) throws IOException {
    String resource = NoopFunction.class.getName().replace('.', '/') + ".class";
    Path target = dir.resolve(resource);
    Files.createDirectories(target.getParent());
    try (InputStream in = ColdStart.class.getClassLoader().getResourceAsStream(resource)) {
      if (in == null) {
        throw new IOException(resource + " is not on the class path");
      }
      Files.copy(in, target, StandardCopyOption.REPLACE_EXISTING);
    }
    return dir;
  }

  private static byte[] firstDriverEvent(String run) throws IOException {
    var state = JSON.createObjectNode().put("run", run).put("seq", 0);
    var event = JSON.createObjectNode();
    event.set("state", state);
    event.put("execution", "arn:aws:states:us-east-1:123456789012:execution:sluice-demo:" + run);
    return JSON.writeValueAsBytes(event);
  }

  private static long javaVersionNanos(Path jdk) throws IOException, InterruptedException {
    long started = System.nanoTime();
    Process p = new ProcessBuilder(jdk.resolve("bin/java").toString(), "-version").redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
    if (p.waitFor() != 0) {
      throw new IllegalStateException(jdk + "/bin/java -version exited with " + p.exitValue());
    }
    return System.nanoTime() - started;
  }

  /** The JDK's version from its release file, such as {@code 25.0.1+8-LTS}. */
  private static String javaVersion(Path jdk) throws IOException {
    Path release = jdk.resolve("release");
    if (!Files.isRegularFile(release)) {
      throw new IllegalArgumentException("--jdk " + jdk + " has no release file naming its version: give a JDK's home directory");
    }
    Map<String, String> fields = new LinkedHashMap<>();
    for (String line : Files.readAllLines(release)) {
      int eq = line.indexOf('=');
      if (eq > 0) {
        fields.put(line.substring(0, eq), line.substring(eq + 1).replace("\"", ""));
      }
    }
    String version = fields.getOrDefault("JAVA_RUNTIME_VERSION", fields.get("JAVA_VERSION"));
    if (version == null) {
      throw new IllegalArgumentException("--jdk " + jdk + ": its release file names no JAVA_VERSION");
    }
    return version;
  }

  /** The client's JNI library for this machine, copied out of its jar once. */
  private static Path extractJni(List<Path> runtime, Path work) throws IOException {
    String arch = System.getProperty("os.arch").equals("aarch64") ? "aarch_64" : "x86_64";
    String entry = "jni/libaws-lambda-jni.linux-" + arch + ".so";
    for (Path jar : runtime) {
      try (ZipFile zip = new ZipFile(jar.toFile())) {
        ZipEntry e = zip.getEntry(entry);
        if (e != null) {
          Path target = work.resolve("libaws-lambda-jni.so");
          try (InputStream in = zip.getInputStream(e)) {
            Files.copy(in, target, StandardCopyOption.REPLACE_EXISTING);
          }
          return target;
        }
      }
    }
    throw new IllegalArgumentException("No " + entry + " in the jars of --runtime " + runtime);
  }

  private void print(String version, List<Long> floor, Map<String, List<Run>> runs) {
    double floorMedian = ms(median(floor));
    double floorMin = ms(min(floor));
    System.out.println();
    System.out.printf("JDK %s, %d runs (ms)%n%n", version, floor.size());
    System.out.println("| measurement | median | min | median / floor's median | min / floor's min |");
    System.out.println("|---|---|---|---|---|");
    System.out.printf("| JVM floor: `java -version` | %.0f | %.0f | 1.0x | 1.0x |%n", floorMedian, floorMin);
    runs.forEach((name, list) -> {
      row(name + ": start to handler ready", list.stream().map(Run::ready).toList(), floorMedian, floorMin);
      row(name + ": first invocation", list.stream().map(Run::invocation).toList(), 0, 0);
      row(name + ": start to first answer", list.stream().map(Run::total).toList(), floorMedian, floorMin);
    });
    System.out.printf("%nFirst answers: %s%n", runs.values().stream().flatMap(List::stream).map(Run::answer).distinct().toList());
  }

  /** One table row; the ratios to the floor only when {@code floorMedian} is given. */
  private static void row(String what, List<Long> nanos, double floorMedian, double floorMin) {
    double median = ms(median(nanos));
    double min = ms(min(nanos));
    if (floorMedian > 0) {
      System.out.printf("| %s | %.0f | %.0f | %.1fx | %.1fx |%n", what, median, min, median / floorMedian, min / floorMin);
    } else {
      System.out.printf("| %s | %.0f | %.0f | | |%n", what, median, min);
    }
  }

  private static long median(List<Long> values) {
    List<Long> sorted = values.stream().sorted().toList();
    int n = sorted.size();
    return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
  }

  private static long min(List<Long> values) {
    return values.stream().mapToLong(Long::longValue).min().orElseThrow();
  }

  private static double ms(long nanos) {
    return nanos / 1e6;
  }

  private static String slug(String name) {
    return name.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-").replaceAll("(^-|-$)", "");
  }
}
