package io.sluice.aws.s3;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.HttpURLConnection;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
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
import software.amazon.awssdk.services.s3.S3ClientBuilder;
import software.amazon.awssdk.services.s3.S3Configuration;

/**
 * A second real S3-compatible server for the tests: S3Proxy 4.1.0 ({@code org.gaul:s3proxy}, from
 * Maven Central) with its in-memory {@code transient} blob store, run as a child JVM from its
 * self-contained jar on a free port of 127.0.0.1. Unlike S3Mock it makes {@code If-None-Match: *} on
 * {@code PutObject} and {@code CompleteMultipartUpload} atomic (of many racing writers exactly one
 * wins: {@code S3ProxyConditionalWritesTest}), so the whole store contract runs on it
 * ({@code S3ProxyObjectStoreContractTest}).
 *
 * <p>One server per test JVM: {@link #shared()} starts it on first use and a shutdown hook stops it;
 * tests isolate themselves by bucket ({@link #newBucket()}). The server checks no signatures
 * ({@code s3proxy.authorization=none}); clients sign with static test credentials all the same, as
 * against S3. The jar's path comes from the system property {@code sluice.s3proxy.jar}, which the
 * module's Surefire configuration sets to where maven-dependency-plugin copied it.
 */
public final class S3ProxyServer {
  /** The static credentials every test client signs with; the server checks none. */
  public static final String ACCESS_KEY = "sluice-test";
  /** The secret that goes with {@link #ACCESS_KEY}. */
  public static final String SECRET_KEY = "sluice-test-secret";

  /**
   * False: clients of this server send plain bodies, not SigV4 streaming ({@code aws-chunked}) ones,
   * which the SDK uses over plain HTTP by default. S3Proxy 4.1.0 answers some {@code aws-chunked}
   * uploads before it has read their last bytes and drops the connection, so the SDK's URL-connection
   * client reports "Error writing request body to server" for a {@code PutObject} that took effect
   * (seen for about 1 in 70 racing conditional writers); retried, such a create-if-absent gets 412 and
   * is taken as lost though it won. With plain bodies no write fails so ({@code
   * S3ProxyConditionalWritesTest}).
   */
  public static final boolean CHUNKED_ENCODING = false;

  private static final AtomicInteger BUCKETS = new AtomicInteger();
  private static S3ProxyServer shared;

  private final Process process;
  private final Path root;
  private final Path log;
  private final URI endpoint;

  private S3ProxyServer(Process process, Path root, Path log, URI endpoint) {
    this.process = process;
    this.root = root;
    this.log = log;
    this.endpoint = endpoint;
  }

  /** The server of this JVM, started on first use. */
  public static synchronized S3ProxyServer shared() {
    if (shared == null) {
      shared = start();
      S3ProxyServer server = shared;
      Runtime.getRuntime().addShutdownHook(new Thread(server::stop, "s3proxy-stop"));
    }
    return shared;
  }

  /** {@code http://127.0.0.1:PORT}. */
  public URI endpoint() {
    return endpoint;
  }

  /**
   * A new S3 client for this server: path-style, static test credentials, the URL-connection client,
   * and no {@code aws-chunked} request bodies (see {@link #CHUNKED_ENCODING}).
   */
  public S3Client client() {
    return clientBuilder().build();
  }

  /** What {@link #client()} builds, for a test that changes more (such as the retries). */
  public S3ClientBuilder clientBuilder() {
    return S3Client.builder()
        .endpointOverride(endpoint)
        .region(Region.US_EAST_1)
        .forcePathStyle(true)
        .serviceConfiguration(S3Configuration.builder().chunkedEncodingEnabled(CHUNKED_ENCODING).build())
        .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(ACCESS_KEY, SECRET_KEY)))
        .httpClient(UrlConnectionHttpClient.builder().socketTimeout(Duration.ofMinutes(2)).build());
  }

  /** Creates a new, empty bucket with a unique name and returns the name. */
  public String newBucket() {
    String name = "sluice-proxy-" + ProcessHandle.current().pid() + "-" + BUCKETS.incrementAndGet();
    try (S3Client client = client()) {
      client.createBucket(b -> b.bucket(name));
    }
    return name;
  }

  private static S3ProxyServer start() {
    String jar = System.getProperty("sluice.s3proxy.jar", "target/s3proxy/s3proxy.jar");
    if (!Files.isRegularFile(Path.of(jar))) {
      throw new IllegalStateException("S3Proxy's jar is not at " + Path.of(jar).toAbsolutePath()
          + "; the module's build copies it there (maven-dependency-plugin, execution s3proxy-server)");
    }
    try {
      Path root = Files.createTempDirectory("sluice-s3proxy-");
      Path log = root.resolve("s3proxy.log");
      int port = freePort();
      URI endpoint = URI.create("http://127.0.0.1:" + port);
      Path properties = root.resolve("s3proxy.properties");
      Files.writeString(properties, String.join("\n",
          "s3proxy.endpoint=" + endpoint,
          "s3proxy.authorization=none",
          "jclouds.provider=transient",
          ""), StandardCharsets.UTF_8);
      List<String> command = List.of(
          Path.of(System.getProperty("java.home"), "bin", "java").toString(),
          "-Xmx512m", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC",
          "-jar", jar, "--properties", properties.toString());
      Process process = new ProcessBuilder(command)
          .redirectErrorStream(true)
          .redirectOutput(log.toFile())
          .start();
      S3ProxyServer server = new S3ProxyServer(process, root, log, endpoint);
      server.awaitReady();
      return server;
    } catch (IOException e) {
      throw new UncheckedIOException("Could not start S3Proxy", e);
    }
  }

  private void awaitReady() throws IOException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new IllegalStateException("S3Proxy exited with " + process.exitValue() + " before it was ready:\n" + tail());
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
        Thread.sleep(200);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("Interrupted while waiting for S3Proxy", e);
      }
    }
    stop();
    throw new IllegalStateException("S3Proxy was not ready after 120 s:\n" + tail());
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
