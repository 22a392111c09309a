package io.sluice.aws.ssm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A loopback endpoint speaking SSM's JSON protocol (POST /, {@code X-Amz-Target:
 * AmazonSSM.GetParameters} or {@code AmazonSSM.GetParametersByPath}, {@code
 * application/x-amz-json-1.1}) over a map of parameters, recording every call.
 *
 * <p>Why a stand-in: no SSM emulator exists on Maven Central (and LocalStack needs Docker), so this is
 * the smallest server that answers the SDK's real requests as SSM does: at most 10 names per
 * GetParameters (more is SSM's ValidationException), unknown names in InvalidParameters, SecureStrings
 * in clear only WithDecryption, GetParametersByPath in pages of MaxResults (default 10) with NextToken.
 */
public final class SsmJsonEndpoint implements AutoCloseable {
  /** One request: its X-Amz-Target and its JSON body. */
  public record Call(String target, JsonNode body) {}

  private record Param(String type, String value) {}

  private static final ObjectMapper JSON = new ObjectMapper();
  private final HttpServer server;
  private final Map<String, Param> parameters = new TreeMap<>();
  private final List<Call> calls = new CopyOnWriteArrayList<>();

  /** Starts the endpoint on a free port of 127.0.0.1. */
  public SsmJsonEndpoint() throws IOException {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 16);
    server.createContext("/", this::handle);
    server.start();
  }

  /** {@code http://127.0.0.1:PORT}. */
  public URI uri() {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
  }

  /** Adds parameter {@code name} of {@code type} (String, StringList, SecureString). */
  public synchronized SsmJsonEndpoint put(String name, String type, String value) {
    parameters.put(name, new Param(type, value));
    return this;
  }

  /** Every request so far, in order. */
  public List<Call> calls() {
    return List.copyOf(calls);
  }

  private void handle(HttpExchange ex) throws IOException {
    String target = ex.getRequestHeaders().getFirst("X-Amz-Target");
    JsonNode body = JSON.readTree(ex.getRequestBody().readAllBytes());
    calls.add(new Call(target, body));
    String contentType = ex.getRequestHeaders().getFirst("Content-Type");
    if (!"POST".equals(ex.getRequestMethod()) || contentType == null || !contentType.startsWith("application/x-amz-json-1.1")) {
      send(ex, 400, error("SerializationException", "expected a POST of application/x-amz-json-1.1"));
      return;
    }
    switch (String.valueOf(target)) {
      case "AmazonSSM.GetParameters" -> getParameters(ex, body);
      case "AmazonSSM.GetParametersByPath" -> getParametersByPath(ex, body);
      default -> send(ex, 400, error("UnknownOperationException", "not served here: " + target));
    }
  }

  private synchronized void getParameters(HttpExchange ex, JsonNode body) throws IOException {
    JsonNode names = body.path("Names");
    if (!names.isArray() || names.isEmpty() || names.size() > 10) {
      send(ex, 400, error("ValidationException", "1 validation error detected: Value at 'names' failed to satisfy "
          + "constraint: Member must have length less than or equal to 10"));
      return;
    }
    ObjectNode out = JSON.createObjectNode();
    ArrayNode found = out.putArray("Parameters");
    ArrayNode invalid = out.putArray("InvalidParameters");
    for (JsonNode n : names) {
      Param p = parameters.get(n.asText());
      if (p == null) {
        invalid.add(n.asText());
      } else {
        found.add(parameter(n.asText(), p, body.path("WithDecryption").asBoolean(false)));
      }
    }
    send(ex, 200, out);
  }

  private synchronized void getParametersByPath(HttpExchange ex, JsonNode body) throws IOException {
    String path = body.path("Path").asText();
    String prefix = path.endsWith("/") ? path : path + "/";
    boolean recursive = body.path("Recursive").asBoolean(false);
    int max = body.path("MaxResults").asInt(10);
    int start = body.hasNonNull("NextToken") ? Integer.parseInt(body.get("NextToken").asText()) : 0;
    List<String> matching = new ArrayList<>();
    for (String name : parameters.keySet()) {
      if (name.startsWith(prefix) && (recursive || name.indexOf('/', prefix.length()) < 0)) {
        matching.add(name);
      }
    }
    ObjectNode out = JSON.createObjectNode();
    ArrayNode page = out.putArray("Parameters");
    for (int i = start; i < Math.min(matching.size(), start + max); i++) {
      page.add(parameter(matching.get(i), parameters.get(matching.get(i)), body.path("WithDecryption").asBoolean(false)));
    }
    if (start + max < matching.size()) {
      out.put("NextToken", Integer.toString(start + max));
    }
    send(ex, 200, out);
  }

  private static ObjectNode parameter(String name, Param p, boolean decrypt) {
    ObjectNode o = JSON.createObjectNode();
    o.put("Name", name);
    o.put("Type", p.type());
    o.put("Value", p.type().equals("SecureString") && !decrypt ? "AQICAHh-ciphertext-of-" + name.hashCode() : p.value());
    o.put("Version", 1);
    o.put("ARN", "arn:aws:ssm:us-east-1:123456789012:parameter" + name);
    o.put("DataType", "text");
    return o;
  }

  private static ObjectNode error(String type, String message) {
    ObjectNode o = JSON.createObjectNode();
    o.put("__type", type);
    o.put("message", message);
    return o;
  }

  private static void send(HttpExchange ex, int status, JsonNode json) throws IOException {
    byte[] bytes = JSON.writeValueAsBytes(json);
    ex.getResponseHeaders().add("Content-Type", "application/x-amz-json-1.1");
    ex.getResponseHeaders().add("x-amzn-RequestId", java.util.UUID.randomUUID().toString());
    ex.sendResponseHeaders(status, bytes.length);
    try (OutputStream out = ex.getResponseBody()) {
      out.write(bytes);
    }
  }

  @Override
  public void close() {
    server.stop(0);
  }

}
