package io.sluice.aws.lambda;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A loopback server speaking the Lambda Runtime API (2018-06-01) to one function's runtime: the part
 * of Lambda's service that hands events to the runtime interface client and takes its answers.
 *
 * <p>Why our own: Amazon's runtime interface emulator ({@code aws-lambda-rie}) is a Go binary
 * distributed through GitHub releases and container images, which cannot be fetched here; the
 * runtime interface client it would talk to is the real one ({@code
 * aws-lambda-java-runtime-interface-client} from Maven Central), run unchanged in a child JVM.
 *
 * <p>Times are taken by this server: when the runtime first asks for an event (handler ready), and
 * from handing out an event to receiving its answer.
 */
final class RuntimeApiServer implements AutoCloseable {
  private static final String BASE = "/2018-06-01/runtime";

  /** An event handed to the runtime, and what became of it. */
  record Invocation(String requestId, byte[] event, CompletableFuture<Outcome> outcome) {}

  /** The runtime's answer: a response, or an error with Lambda's errorType and errorMessage. */
  record Outcome(int status, byte[] body, String errorType, String errorMessage, long nanos) {
    boolean failed() {
      return errorType != null;
    }
  }

  /** An invocation the function failed, as Lambda reports it to a caller such as Step Functions. */
  static final class InvocationFailed extends Exception {
    private static final long serialVersionUID = 1L;
    final String errorType;
    final String errorMessage;

    InvocationFailed(String errorType, String errorMessage) {
      super(errorType + ": " + errorMessage);
      this.errorType = errorType;
      this.errorMessage = errorMessage;
    }
  }

  private final HttpServer server;
  private final ExecutorService threads = Executors.newCachedThreadPool();
  private final BlockingQueue<Invocation> pending = new LinkedBlockingQueue<>();
  private final Map<String, Invocation> running = new ConcurrentHashMap<>();
  private final Map<String, Long> handedOutAt = new ConcurrentHashMap<>();
  private final List<String> requests = new CopyOnWriteArrayList<>();
  private final CompletableFuture<Long> firstNext = new CompletableFuture<>();
  private final CompletableFuture<JsonNode> initError = new CompletableFuture<>();
  private final String functionArn;

  RuntimeApiServer(String functionName) throws IOException {
    this.functionArn = "arn:aws:lambda:us-east-1:123456789012:function:" + functionName;
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 64);
    server.setExecutor(threads);
    server.createContext(BASE + "/", this::handle);
    server.start();
  }

  /** {@code host:port}, the value of {@code AWS_LAMBDA_RUNTIME_API}. */
  String address() {
    return "127.0.0.1:" + server.getAddress().getPort();
  }

  /** Every request the runtime made, as "METHOD path". */
  List<String> requests() {
    return List.copyOf(requests);
  }

  /** {@link System#nanoTime()} when the runtime first asked for an event: its handler was ready. */
  CompletableFuture<Long> firstNext() {
    return firstNext;
  }

  /** What the runtime posted to /init/error, if it failed to start. */
  CompletableFuture<JsonNode> initError() {
    return initError;
  }

  /** Queues {@code event} for the runtime and returns its invocation. */
  Invocation submit(byte[] event) {
    Invocation inv = new Invocation(UUID.randomUUID().toString(), event, new CompletableFuture<>());
    pending.add(inv);
    return inv;
  }

  /** Invokes the function with {@code event} and waits for its answer (Lambda's RequestResponse). */
  JsonNode invoke(JsonNode event) throws Exception {
    Outcome out = submit(WordCountLoop.JSON.writeValueAsBytes(event)).outcome().get(120, TimeUnit.SECONDS);
    if (out.failed()) {
      throw new InvocationFailed(out.errorType(), out.errorMessage());
    }
    return WordCountLoop.JSON.readTree(out.body());
  }

  private void handle(HttpExchange ex) throws IOException {
    String path = ex.getRequestURI().getPath();
    String method = ex.getRequestMethod();
    requests.add(method + " " + path);
    byte[] body = ex.getRequestBody().readAllBytes();
    try {
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
        handedOutAt.put(inv.requestId(), System.nanoTime());
        ex.getResponseHeaders().add("Lambda-Runtime-Aws-Request-Id", inv.requestId());
        ex.getResponseHeaders().add("Lambda-Runtime-Deadline-Ms",
            Long.toString(System.currentTimeMillis() + Duration.ofMinutes(15).toMillis()));
        ex.getResponseHeaders().add("Lambda-Runtime-Invoked-Function-Arn", functionArn);
        ex.getResponseHeaders().add("Lambda-Runtime-Trace-Id", "Root=1-00000000-000000000000000000000000;Sampled=0");
        ex.getResponseHeaders().add("Content-Type", "application/json");
        ex.sendResponseHeaders(200, inv.event().length);
        try (OutputStream out = ex.getResponseBody()) {
          out.write(inv.event());
        }
        return;
      }
      if (method.equals("POST") && path.equals(BASE + "/init/error")) {
        initError.complete(WordCountLoop.JSON.readTree(body));
        send(ex, 202, "{\"status\":\"OK\"}");
        return;
      }
      if (method.equals("POST") && path.startsWith(BASE + "/invocation/")) {
        String rest = path.substring((BASE + "/invocation/").length());
        int slash = rest.indexOf('/');
        String id = slash < 0 ? rest : rest.substring(0, slash);
        String what = slash < 0 ? "" : rest.substring(slash + 1);
        Invocation inv = running.remove(id);
        if (inv == null) {
          send(ex, 400, "{\"errorMessage\":\"unknown request id " + id + "\",\"errorType\":\"InvalidRequestID\"}");
          return;
        }
        long nanos = System.nanoTime() - handedOutAt.remove(id);
        if (what.equals("response")) {
          inv.outcome().complete(new Outcome(200, body, null, null, nanos));
        } else if (what.equals("error")) {
          JsonNode err = WordCountLoop.JSON.readTree(body);
          inv.outcome().complete(new Outcome(200, body, err.path("errorType").asText(null),
              err.path("errorMessage").asText(null), nanos));
        } else {
          send(ex, 404, "{}");
          return;
        }
        send(ex, 202, "{\"status\":\"OK\"}");
        return;
      }
      send(ex, 404, "{\"errorMessage\":\"not part of the Runtime API: " + method + " " + path + "\"}");
    } catch (RuntimeException e) {
      send(ex, 500, "{}");
      throw e;
    }
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
