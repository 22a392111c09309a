package io.sluice.aws.s3;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.HttpURLConnection;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * A real S3-compatible server for the tests: Adobe S3Mock 4.11.0 (a Spring Boot application, from
 * Maven Central), run as a child JVM from its executable jar, on a free port of 127.0.0.1 with a
 * temporary root. One server per test JVM: {@link #shared()} starts it on first use and a shutdown
 * hook stops it, so that every test class of a module shares it; tests isolate themselves by bucket
 * ({@link #newBucket()}).
 *
 * <p>The jar's path comes from the system property {@code sluice.s3mock.jar}, which the module's
 * Surefire configuration sets to where maven-dependency-plugin copied it.
 */
public final class S3MockServer {
  /** The static credentials every test client signs with; S3Mock accepts any. */
  public static final String ACCESS_KEY = "sluice-test";

  private static final AtomicInteger BUCKETS = new AtomicInteger();
  private static S3MockServer shared;

  private final Process process;
  private final Path root;
  private final Path log;
  private final URI endpoint;

  private S3MockServer(Process process, Path root, Path log, URI endpoint) {
    this.process = process;
    this.root = root;
    this.log = log;
    this.endpoint = endpoint;
  }

  /** The server of this JVM, started on first use. */
  public static synchronized S3MockServer shared() {
    if (shared == null) {
      shared = start();
      S3MockServer server = shared;
      Runtime.getRuntime().addShutdownHook(new Thread(server::stop, "s3mock-stop"));
    }
    return shared;
  }

  /** {@code http://127.0.0.1:PORT}. */
  public URI endpoint() {
    return endpoint;
  }

  /** A new S3 client for this server: path-style, static test credentials, the URL-connection client. */
  public S3Client client() {
    return S3Client.builder()
        .endpointOverride(endpoint)
        .region(Region.US_EAST_1)
        .forcePathStyle(true)
        .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(ACCESS_KEY, "sluice-test-secret")))
        // Generous: S3Mock answers slowly when reads and writes of one 3 MB key overlap on a loaded machine.
        .httpClient(UrlConnectionHttpClient.builder().socketTimeout(java.time.Duration.ofMinutes(3)).build())
        .build();
  }

  /** Creates a new, empty bucket with a unique name and returns the name. */
  public String newBucket() {
    String name = "sluice-test-" + ProcessHandle.current().pid() + "-" + BUCKETS.incrementAndGet();
    try (S3Client client = client()) {
      client.createBucket(b -> b.bucket(name));
    }
    return name;
  }

  private static S3MockServer start() {
    String jar = System.getProperty("sluice.s3mock.jar", "target/s3mock/s3mock-exec.jar");
    if (!Files.isRegularFile(Path.of(jar))) {
      throw new IllegalStateException("S3Mock's executable jar is not at " + Path.of(jar).toAbsolutePath()
          + "; the module's build copies it there (maven-dependency-plugin, execution s3mock-server)");
    }
    try {
      Path root = Files.createTempDirectory("sluice-s3mock-");
      Path extension = root.resolve("loader");
      writeLoopbackExtension(extension);
      Path data = Files.createDirectories(root.resolve("data"));
      Path log = root.resolve("s3mock.log");
      int port = freePort();
      List<String> command = new ArrayList<>(List.of(
          Path.of(System.getProperty("java.home"), "bin", "java").toString(),
          "-Xmx384m", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Xshare:auto",
          "-Dloader.path=" + extension,
          "-cp", jar, "org.springframework.boot.loader.launch.PropertiesLauncher",
          "--server.address=127.0.0.1",
          "--server.port=" + port,
          "--server.ssl.enabled=false",
          "--com.adobe.testing.s3mock.httpPort=0", // the extra connector: any port, on 127.0.0.1 (S3MockLoopback)
          "--com.adobe.testing.s3mock.store.root=" + data,
          "--spring.main.banner-mode=off",
          "--logging.level.root=WARN"));
      Process process = new ProcessBuilder(command)
          .redirectErrorStream(true)
          .redirectOutput(log.toFile())
          .start();
      URI endpoint = URI.create("http://127.0.0.1:" + port);
      S3MockServer server = new S3MockServer(process, root, log, endpoint);
      server.awaitReady();
      return server;
    } catch (IOException e) {
      throw new UncheckedIOException("Could not start S3Mock", e);
    }
  }

  /** The customizer's class file and an auto-configuration entry naming it, for {@code loader.path}. */
  private static void writeLoopbackExtension(Path dir) throws IOException {
    // By name: loading the class would need Spring, which is only inside S3Mock's JVM.
    String customizer = "io.sluice.aws.s3.S3MockLoopback";
    String resource = customizer.replace('.', '/') + ".class";
    Path classFile = dir.resolve(resource);
    Files.createDirectories(classFile.getParent());
    try (InputStream in = S3MockServer.class.getClassLoader().getResourceAsStream(resource)) {
      if (in == null) {
        throw new IOException("Class file " + resource + " is not on the class path");
      }
      Files.copy(in, classFile);
    }
    Path imports = dir.resolve("META-INF/spring/org.springframework.boot.autoconfigure.AutoConfiguration.imports");
    Files.createDirectories(imports.getParent());
    Files.writeString(imports, customizer + "\n", StandardCharsets.UTF_8);
  }

  private void awaitReady() throws IOException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(180);
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new IllegalStateException("S3Mock exited with " + process.exitValue() + " before it was ready:\n" + tail());
      }
      try {
        HttpURLConnection connection = (HttpURLConnection) endpoint.toURL().openConnection();
        connection.setConnectTimeout(1000);
        connection.setReadTimeout(5000);
        int status = connection.getResponseCode();
        connection.disconnect();
        if (status == 200) {
          return;
        }
      } catch (IOException notYet) {
        // not listening yet
      }
      try {
        Thread.sleep(250);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("Interrupted while waiting for S3Mock", e);
      }
    }
    stop();
    throw new IllegalStateException("S3Mock was not ready after 180 s:\n" + tail());
  }

  private String tail() throws IOException {
    List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
    return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
  }

  private void stop() {
    process.destroy();
    try {
      if (!process.waitFor(20, TimeUnit.SECONDS)) {
        process.destroyForcibly();
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
    try (Stream<Path> files = Files.walk(root)) {
      files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException ignored) {
      // a temporary directory: best effort
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }
}
