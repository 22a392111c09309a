package io.sluice.dedup.dynamodb;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * A real implementation of DynamoDB's API on loopback: dynalite (npm, open source, in-memory here),
 * run by Node.js as a child process. Installed by {@code scripts/install-dynalite.sh}, which this
 * module's build runs before its tests; the path comes in the system property {@code sluice.dynalite}.
 */
final class Dynalite implements AutoCloseable {
  private final Process process;
  private final URI endpoint;

  private Dynalite(Process process, URI endpoint) {
    this.process = process;
    this.endpoint = endpoint;
  }

  static Dynalite start() throws Exception {
    String cli = System.getProperty("sluice.dynalite", "");
    if (cli.isEmpty() || !Files.isRegularFile(Path.of(cli))) {
      throw new IllegalStateException("dynalite is not installed at '" + cli
          + "': run scripts/install-dynalite.sh (the module's build runs it before the tests)");
    }
    int port;
    try (ServerSocket socket = new ServerSocket(0)) {
      port = socket.getLocalPort();
    }
    Process process = new ProcessBuilder("node", cli, "--host", "127.0.0.1", "--port", Integer.toString(port),
        "--createTableMs", "0", "--deleteTableMs", "0", "--updateTableMs", "0")
        .redirectErrorStream(true)
        .start();
    BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
    CompletableFuture<String> ready = CompletableFuture.supplyAsync(() -> {
      try {
        StringBuilder seen = new StringBuilder();
        for (String line; (line = out.readLine()) != null; ) {
          if (line.contains("listening at")) {
            return line;
          }
          seen.append(line).append('\n');
        }
        throw new IllegalStateException("dynalite exited before listening:\n" + seen);
      } catch (IOException e) {
        throw new IllegalStateException(e);
      }
    });
    try {
      ready.get(30, TimeUnit.SECONDS);
    } catch (Exception e) {
      process.destroyForcibly();
      throw e;
    }
    Thread drain = new Thread(() -> {
      try {
        while (out.readLine() != null) {
          // keep the pipe from filling
        }
      } catch (IOException ignored) {
        // the process ended
      }
    }, "dynalite-output");
    drain.setDaemon(true);
    drain.start();
    return new Dynalite(process, URI.create("http://127.0.0.1:" + port));
  }

  /** A client of this server. Static credentials: dynalite checks that a signature is present, not whose. */
  DynamoDbClient client() {
    return DynamoDbClient.builder()
        .endpointOverride(endpoint)
        .region(Region.US_EAST_1)
        .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
        .httpClient(UrlConnectionHttpClient.create())
        .build();
  }

  @Override
  public void close() throws InterruptedException {
    process.destroy();
    if (!process.waitFor(10, TimeUnit.SECONDS)) {
      process.destroyForcibly();
    }
  }
}
