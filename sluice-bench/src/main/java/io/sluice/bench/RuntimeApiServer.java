package io.sluice.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;

/**
 * A loopback server speaking the Lambda Runtime API (2018-06-01) to one function's runtime, for
 * {@link ColdStart}: it hands out queued events on {@code GET /runtime/invocation/next} and takes the
 * answers, and records when the runtime first asked for an event (its handler was ready) and how long
 * each event took from being handed out to being answered.
 *
 * <p>A copy, trimmed to what the benchmark needs, of the test server in sluice-aws ({@code
 * io.sluice.aws.lambda.RuntimeApiServer}, which drives {@code RuntimeInterfaceClientTest}): the
 * benchmark is main code and cannot use a test class. Amazon's runtime interface emulator ({@code
 * aws-lambda-rie}) is a Go binary that cannot be fetched here; the client polling this server is the
 * real one from Maven Central.
 */
final class RuntimeApiServer implements AutoCloseable {
  private static final String BASE = "/2018-06-01/runtime";
  private static final ObjectMapper JSON = new ObjectMapper();

  /**
   * The runtime's answer to one event: the response body, or Lambda's {@code errorType} and {@code
   * errorMessage}; {@code nanos} from handing the event out to receiving the answer.
   */
  record Outcome(byte[] body, String errorType, String errorMessage, long nanos) {
    boolean failed() {
      return errorType != null;
    }
  }

  private record Invocation(String requestId, byte[] event, CompletableFuture<Outcome> outcome) {}

  private final HttpServer server;
  private final ExecutorService threads = Executors.newCachedThreadPool(r -> {
    Thread t = new Thread(r, "runtime-api");
    t.setDaemon(true);
    return t;
  });
  private final BlockingQueue<Invocation> pending = new LinkedBlockingQueue<>();
  private final Map<String, Invocation> running = new ConcurrentHashMap<>();
  private final Map<String, Long> handedOutAt = new ConcurrentHashMap<>();
  private final CompletableFuture<Long> firstNext = new CompletableFuture<>();
  private final CompletableFuture<String> initError = new CompletableFuture<>();
  private final String functionArn;

  RuntimeApiServer(String functionName) throws IOException {
    this.functionArn = "arn:aws:lambda:us-east-1:123456789012:function:" + functionName;
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 16);
    server.setExecutor(threads);
    server.createContext(BASE + "/", this::handle);
    server.start();
  }

  /** {@code host:port}, the value of {@code AWS_LAMBDA_RUNTIME_API}. */
  String address() {
    return "127.0.0.1:" + server.getAddress().getPort();
  }

  /** {@link System#nanoTime()} when the runtime first asked for an event. */
  CompletableFuture<Long> firstNext() {
    return firstNext;
  }

  /** The body the runtime posted to {@code /init/error}, if its handler failed to start. */
  CompletableFuture<String> initError() {
    return initError;
  }

  /** Queues {@code event}: the runtime gets it on its next {@code GET /invocation/next}. */
  CompletableFuture<Outcome> submit(byte[] event) {
    Invocation inv = new Invocation(UUID.randomUUID().toString(), event, new CompletableFuture<>());
    pending.add(inv);
    return inv.outcome();
  }

  private void handle(HttpExchange ex) throws IOException {
    String path = ex.getRequestURI().getPath();
    String method = ex.getRequestMethod();
    byte[] body = ex.getRequestBody().readAllBytes();
    if (method.equals("GET") && path.equals(BASE + "/invocation/next")) {
      firstNext.complete(System.nanoTime());
      Invocation inv;
      try {
        inv = pending.take();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        send(ex, 500, "{}");
        return;
      }
      running.put(inv.requestId(), inv);
      ex.getResponseHeaders().add("Lambda-Runtime-Aws-Request-Id", inv.requestId());
      ex.getResponseHeaders().add("Lambda-Runtime-Deadline-Ms",
          Long.toString(System.currentTimeMillis() + Duration.ofMinutes(15).toMillis()));
      ex.getResponseHeaders().add("Lambda-Runtime-Invoked-Function-Arn", functionArn);
      ex.getResponseHeaders().add("Lambda-Runtime-Trace-Id", "Root=1-00000000-000000000000000000000000;Sampled=0");
      ex.getResponseHeaders().add("Content-Type", "application/json");
      handedOutAt.put(inv.requestId(), System.nanoTime()); // before sending: the answer may come at once
      ex.sendResponseHeaders(200, inv.event().length);
      try (OutputStream out = ex.getResponseBody()) {
        out.write(inv.event());
      }
      return;
    }
    if (method.equals("POST") && path.equals(BASE + "/init/error")) {
      initError.complete(new String(body, StandardCharsets.UTF_8));
      send(ex, 202, "{\"status\":\"OK\"}");
      return;
    }
    if (method.equals("POST") && path.startsWith(BASE + "/invocation/")) {
      String rest = path.substring((BASE + "/invocation/").length());
      int slash = rest.indexOf('/');
      String id = slash < 0 ? rest : rest.substring(0, slash);
      String what = slash < 0 ? "" : rest.substring(slash + 1);
      Invocation inv = running.remove(id);
      Long out = handedOutAt.remove(id);
      if (inv == null || out == null) {
        send(ex, 400, "{\"errorMessage\":\"unknown request id " + id + "\",\"errorType\":\"InvalidRequestID\"}");
        return;
      }
      long nanos = System.nanoTime() - out;
      if (what.equals("response")) {
        inv.outcome().complete(new Outcome(body, null, null, nanos));
      } else if (what.equals("error")) {
        JsonNode err = JSON.readTree(body);
        inv.outcome().complete(new Outcome(body, err.path("errorType").asText("?"), err.path("errorMessage").asText(""), nanos));
      } else {
        send(ex, 404, "{}");
        return;
      }
      send(ex, 202, "{\"status\":\"OK\"}");
      return;
    }
    send(ex, 404, "{\"errorMessage\":\"not part of the Runtime API: " + method + " " + path + "\"}");
  }

  private static void send(HttpExchange ex, int status, String json) throws IOException {
    byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
    ex.getResponseHeaders().add("Content-Type", "application/json");
    ex.sendResponseHeaders(status, bytes.length);
    try (OutputStream out = ex.getResponseBody()) {
      out.write(bytes);
    }
  }

  @Override
  public void close() {
    server.stop(0);
    threads.shutdownNow();
  }
}
