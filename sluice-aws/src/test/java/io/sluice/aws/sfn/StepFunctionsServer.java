package io.sluice.aws.sfn;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.sluice.Job;
import io.sluice.local.LocalRuntime;
import io.sluice.loop.LoopDefinition;
import io.sluice.statemachine.Execution;
import io.sluice.statemachine.ExecutionStatus;
import io.sluice.statemachine.HistoryEvent;
import io.sluice.statemachine.Interpreter;
import io.sluice.statemachine.StateMachine;
import io.sluice.statemachine.TaskInvoker;
import io.sluice.store.ObjectStore;
import java.io.IOException;
import java.io.OutputStream;
import java.math.BigDecimal;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * A loopback HTTP server speaking the Step Functions API's JSON 1.0 protocol (POST /, {@code
 * X-Amz-Target: AWSStepFunctions.StartExecution} and friends, {@code application/x-amz-json-1.0},
 * errors as {@code {"__type": ..., "message": ...}} with HTTP 400) for one job's deployed state machine.
 *
 * <p><b>A stand-in, and why.</b> No Step Functions emulator may be used here: AWS's Step Functions
 * Local is not open source and cannot be fetched, and LocalStack needs Docker. So this server answers
 * the SDK's real requests (StartExecution, DescribeExecution, GetExecutionHistory, StopExecution,
 * RedriveExecution) over the project's own ASL interpreter running the job's generated definition,
 * whose Lambda tasks go to the job's real Driver and Executor handlers on local function instances
 * ({@link LocalRuntime#functions()}), against the given store. The loop's {@code states:startExecution}
 * (continue_as_new) really starts a new execution here, with a random name, as on AWS.
 *
 * <p>What it does as AWS documents, and what it does not:
 *
 * <ul>
 *   <li>StartExecution with the name of an open execution and the same input answers that execution;
 *       other input, or a closed execution, is {@code ExecutionAlreadyExists}.
 *   <li>RedriveExecution of a FAILED, ABORTED or TIMED_OUT execution re-runs, with its input, the last
 *       top-level state the execution entered, and keeps the ARN; its history goes on after an {@code
 *       ExecutionRedriven} event. AWS re-runs only the unsuccessful iterations of an inline Map; this
 *       stand-in re-runs the whole Map state (the loop's executors skip committed tasks either way).
 *       RUNNING or SUCCEEDED executions are {@code ExecutionNotRedrivable}.
 *   <li>Not modelled: IAM (an action can be made to answer {@code AccessDeniedException} with {@link
 *       #deny}), the 90-day name reuse window, the 14-day redrive window, Express state machines,
 *       request signing checks, throttling.
 * </ul>
 */
public final class StepFunctionsServer implements AutoCloseable {
  public static final String REGION = "us-east-1";
  public static final String ACCOUNT = "123456789012";
  private static final String ERROR_PREFIX = "com.amazonaws.swf.service.v2.model#";
  private static final ObjectMapper JSON = new ObjectMapper();

  private final HttpServer http;
  private final ExecutorService threads = Executors.newCachedThreadPool(r -> {
    Thread t = new Thread(r, "sfn-stand-in");
    t.setDaemon(true);
    return t;
  });
  private final LocalRuntime runtime;
  private final ObjectNode definition;
  private final String name;
  private final String stateMachineArn;
  private final StateMachine machine;
  private final Interpreter interpreter;
  private final Map<String, Exec> executions = new ConcurrentHashMap<>();
  private final Set<String> denied = ConcurrentHashMap.newKeySet();
  private final List<String> calls = new CopyOnWriteArrayList<>();

  /** One execution: its attempts (the first run and each redrive) and what they recorded. */
  private static final class Exec {
    final String arn;
    final String name;
    final String input;
    final Instant startDate;
    final List<Execution> attempts = new CopyOnWriteArrayList<>();
    final List<Instant> redriveDates = new CopyOnWriteArrayList<>();
    volatile Instant stopDate;

    Exec(String arn, String name, String input, Instant startDate) {
      this.arn = arn;
      this.name = name;
      this.input = input;
      this.startDate = startDate;
    }

    Execution latest() {
      return attempts.get(attempts.size() - 1);
    }
  }

  /**
   * A server for {@code job}'s state machine {@code sluice-JOB} (as {@code sluice deploy} names it),
   * its runs kept in {@code store}; listening on 127.0.0.1 on a free port.
   */
  public StepFunctionsServer(Job job, ObjectStore store) throws IOException {
    this.runtime = LocalRuntime.builder(job).store(store).build();
    this.definition = runtime.definition();
    this.name = "sluice-" + job.name();
    this.stateMachineArn = "arn:aws:states:" + REGION + ":" + ACCOUNT + ":stateMachine:" + name;
    this.machine = StateMachine.parse(definition).withName(name);
    TaskInvoker functions = runtime.functions();
    this.interpreter = Interpreter.builder()
        .region(REGION)
        .account(ACCOUNT)
        .objectSource(LocalRuntime.interpreterObjects(store))
        .historyLimit(runtime.limits().historyLimit(job.settings()))
        .taskInvoker(inv -> inv.resource().equals(LoopDefinition.START_EXECUTION) ? chain(inv.input()) : functions.invoke(inv))
        .build();
    this.http = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 32);
    http.setExecutor(threads);
    http.createContext("/", this::handle);
    http.start();
  }

  public URI endpoint() {
    return URI.create("http://127.0.0.1:" + http.getAddress().getPort());
  }

  public String stateMachineArn() {
    return stateMachineArn;
  }

  /** From now on, {@code action} (e.g. {@code StopExecution}) answers AccessDeniedException. */
  public void deny(String action) {
    denied.add(action);
  }

  /** How many executions were started (chained and resume executions included). */
  public int executionCount() {
    return executions.size();
  }

  /** The actions called so far, in order. */
  public List<String> calls() {
    return List.copyOf(calls);
  }

  /** The loop's continue_as_new: a new execution with a random name, as the states:startExecution integration does. */
  private JsonNode chain(JsonNode parameters) {
    JsonNode in = parameters.path("Input");
    String input = in.isTextual() ? in.asText() : in.toString();
    Exec e = startNew(UUID.randomUUID().toString(), input);
    ObjectNode out = JSON.createObjectNode();
    out.put("ExecutionArn", e.arn);
    out.put("StartDate", e.startDate.toString());
    return out;
  }

  private synchronized Exec startNew(String executionName, String input) {
    JsonNode parsed = parseOr(input, null);
    Execution run = interpreter.start(machine, parsed, executionName);
    Exec e = new Exec(run.executionArn(), executionName, input, Instant.now());
    e.attempts.add(run);
    executions.put(e.arn, e);
    return e;
  }

  private void handle(HttpExchange ex) throws IOException {
    try (ex) {
      String target = String.valueOf(ex.getRequestHeaders().getFirst("X-Amz-Target"));
      String action = target.startsWith("AWSStepFunctions.") ? target.substring("AWSStepFunctions.".length()) : target;
      calls.add(action);
      JsonNode body = JSON.readTree(ex.getRequestBody().readAllBytes());
      if (denied.contains(action)) {
        respond(ex, 400, error("AccessDeniedException", "User: arn:aws:iam::" + ACCOUNT + ":user/test is not authorized to perform: states:"
            + action + " on resource: " + body.path("executionArn").asText(body.path("stateMachineArn").asText())));
        return;
      }
      ObjectNode out;
      try {
        out = switch (action) {
          case "StartExecution" -> start(body);
          case "DescribeExecution" -> describe(find(body));
          case "GetExecutionHistory" -> history(find(body), body);
          case "StopExecution" -> stop(find(body), body);
          case "RedriveExecution" -> redrive(find(body));
          default -> throw new Refusal("UnknownOperationException", "The stand-in does not serve " + target);
        };
      } catch (Refusal r) {
        respond(ex, 400, error(r.type, r.getMessage()));
        return;
      }
      respond(ex, 200, out);
    }
  }

  private static final class Refusal extends RuntimeException {
    private static final long serialVersionUID = 1L;
    final String type;

    Refusal(String type, String message) {
      super(message);
      this.type = type;
    }
  }

  private ObjectNode start(JsonNode body) {
    String sm = body.path("stateMachineArn").asText();
    if (!sm.equals(stateMachineArn)) {
      throw new Refusal(ERROR_PREFIX + "StateMachineDoesNotExist", "State Machine Does Not Exist: '" + sm + "'");
    }
    String executionName = body.hasNonNull("name") ? body.get("name").asText() : UUID.randomUUID().toString();
    if (executionName.length() > 80 || !executionName.matches("[^\\s<>{}\\[\\]?*\"#%\\\\^|~`$&,;:/]+")) {
      throw new Refusal(ERROR_PREFIX + "InvalidName", "Invalid Name: '" + executionName + "'");
    }
    String input = body.hasNonNull("input") ? body.get("input").asText() : "{}";
    if (parseOr(input, null) == null) {
      throw new Refusal(ERROR_PREFIX + "InvalidExecutionInput", "Invalid Execution Input: '" + input + "'");
    }
    Exec e;
    synchronized (this) {
      String arn = "arn:aws:states:" + REGION + ":" + ACCOUNT + ":execution:" + name + ":" + executionName;
      Exec existing = executions.get(arn);
      if (existing != null) {
        boolean open = existing.latest().status() == ExecutionStatus.RUNNING;
        if (!open || !parseOr(existing.input, null).equals(parseOr(input, null))) {
          throw new Refusal(ERROR_PREFIX + "ExecutionAlreadyExists", "Execution Already Exists: '" + arn + "'");
        }
        e = existing;
      } else {
        e = startNew(executionName, input);
      }
    }
    ObjectNode out = JSON.createObjectNode();
    out.put("executionArn", e.arn);
    out.set("startDate", epoch(e.startDate));
    return out;
  }

  private Exec find(JsonNode body) {
    String arn = body.path("executionArn").asText();
    if (!arn.startsWith("arn:aws:states:")) {
      throw new Refusal(ERROR_PREFIX + "InvalidArn", "Invalid Arn: '" + arn + "'");
    }
    Exec e = executions.get(arn);
    if (e == null) {
      throw new Refusal(ERROR_PREFIX + "ExecutionDoesNotExist", "Execution Does Not Exist: '" + arn + "'");
    }
    return e;
  }

  private ObjectNode describe(Exec e) {
    Execution latest = e.latest();
    ExecutionStatus status = latest.status();
    ObjectNode out = JSON.createObjectNode();
    out.put("executionArn", e.arn);
    out.put("stateMachineArn", stateMachineArn);
    out.put("name", e.name);
    out.put("status", status.name());
    out.set("startDate", epoch(e.startDate));
    out.put("input", e.input);
    out.putObject("inputDetails").put("included", true);
    if (status != ExecutionStatus.RUNNING) {
      var result = await(latest);
      out.set("stopDate", epoch(e.stopDate != null ? e.stopDate : Instant.now()));
      if (result.output() != null) {
        out.put("output", result.output().toString());
        out.putObject("outputDetails").put("included", true);
      }
      if (result.error() != null) {
        out.put("error", result.error());
      }
      if (result.cause() != null) {
        out.put("cause", result.cause());
      }
    }
    out.put("redriveCount", e.redriveDates.size());
    if (!e.redriveDates.isEmpty()) {
      out.set("redriveDate", epoch(e.redriveDates.get(e.redriveDates.size() - 1)));
    }
    out.put("redriveStatus", status == ExecutionStatus.RUNNING || status == ExecutionStatus.SUCCEEDED ? "NOT_REDRIVABLE" : "REDRIVABLE");
    return out;
  }

  /** Every event of every attempt, numbered as one history; an ExecutionRedriven event before each redrive. */
  private List<ObjectNode> events(Exec e) {
    List<ObjectNode> all = new ArrayList<>();
    long next = 1;
    for (int a = 0; a < e.attempts.size(); a++) {
      Map<Long, Long> ids = new java.util.HashMap<>();
      ids.put(0L, 0L);
      if (a > 0) {
        ObjectNode redriven = JSON.createObjectNode();
        redriven.put("id", next);
        redriven.put("previousEventId", next - 1);
        redriven.set("timestamp", epoch(e.redriveDates.get(a - 1)));
        redriven.put("type", "ExecutionRedriven");
        redriven.putObject("executionRedrivenEventDetails").put("redriveCount", a);
        all.add(redriven);
        ids.put(0L, next);
        next++;
      }
      for (HistoryEvent h : e.attempts.get(a).history()) {
        if (a > 0 && h.type().equals("ExecutionStarted")) {
          ids.put(h.id(), ids.get(0L));
          continue;
        }
        ids.put(h.id(), next);
        ObjectNode o = JSON.createObjectNode();
        o.put("id", next++);
        o.put("previousEventId", ids.getOrDefault(h.previousEventId(), ids.get(0L)));
        o.set("timestamp", epoch(h.timestamp()));
        o.put("type", h.type());
        if (h.details() != null && !h.details().isEmpty()) {
          o.set(detailsField(h.type()), h.details().deepCopy());
        }
        all.add(o);
      }
    }
    return all;
  }

  /** Where AWS puts an event's details: stateEnteredEventDetails for every *StateEntered, and so on. */
  static String detailsField(String type) {
    if (type.endsWith("StateEntered")) {
      return "stateEnteredEventDetails";
    }
    if (type.endsWith("StateExited")) {
      return "stateExitedEventDetails";
    }
    return Character.toLowerCase(type.charAt(0)) + type.substring(1) + "EventDetails";
  }

  private ObjectNode history(Exec e, JsonNode body) {
    List<ObjectNode> all = events(e);
    if (body.path("reverseOrder").asBoolean(false)) {
      java.util.Collections.reverse(all);
    }
    int max = body.path("maxResults").asInt(0);
    int size = max <= 0 ? 100 : Math.min(max, 1000);
    int from = body.hasNonNull("nextToken") ? Integer.parseInt(body.get("nextToken").asText()) : 0;
    ObjectNode out = JSON.createObjectNode();
    ArrayNode events = out.putArray("events");
    int to = Math.min(all.size(), from + size);
    for (int i = from; i < to; i++) {
      ObjectNode ev = all.get(i);
      if (!body.path("includeExecutionData").asBoolean(true)) {
        ev.fields().forEachRemaining(f -> {
          if (f.getValue().isObject()) {
            ((ObjectNode) f.getValue()).remove(List.of("input", "output"));
          }
        });
      }
      events.add(ev);
    }
    if (to < all.size()) {
      out.put("nextToken", Integer.toString(to));
    }
    return out;
  }

  private ObjectNode stop(Exec e, JsonNode body) {
    Execution latest = e.latest();
    if (latest.status() != ExecutionStatus.RUNNING) {
      throw new Refusal(ERROR_PREFIX + "ValidationException", "Execution is not running: '" + e.arn + "'");
    }
    latest.abort(body.hasNonNull("error") ? body.get("error").asText() : null,
        body.hasNonNull("cause") ? body.get("cause").asText() : null);
    await(latest);
    e.stopDate = Instant.now();
    ObjectNode out = JSON.createObjectNode();
    out.set("stopDate", epoch(e.stopDate));
    return out;
  }

  private ObjectNode redrive(Exec e) {
    Instant now = Instant.now();
    synchronized (this) {
      Execution latest = e.latest();
      ExecutionStatus status = latest.status();
      if (status == ExecutionStatus.RUNNING || status == ExecutionStatus.SUCCEEDED) {
        throw new Refusal(ERROR_PREFIX + "ExecutionNotRedrivable", "Execution is " + status + ": '" + e.arn + "'");
      }
      HistoryEvent failedState = null;
      for (HistoryEvent h : latest.history()) {
        if (h.type().endsWith("StateEntered") && definition.path("States").has(h.details().path("name").asText())) {
          failedState = h;
        }
      }
      if (failedState == null) {
        throw new Refusal(ERROR_PREFIX + "ExecutionNotRedrivable", "Execution failed before its first state: '" + e.arn + "'");
      }
      ObjectNode from = definition.deepCopy();
      from.put("StartAt", failedState.details().path("name").asText());
      StateMachine rest = StateMachine.parse(from).withName(name);
      e.redriveDates.add(now);
      e.stopDate = null;
      e.attempts.add(interpreter.start(rest, parseOr(failedState.details().path("input").asText(), null), e.name));
    }
    ObjectNode out = JSON.createObjectNode();
    out.set("redriveDate", epoch(now));
    return out;
  }

  private static io.sluice.statemachine.ExecutionResult await(Execution execution) {
    try {
      return execution.await();
    } catch (InterruptedException ie) {
      Thread.currentThread().interrupt();
      throw new Refusal("ServiceUnavailable", "Interrupted");
    }
  }

  private static JsonNode parseOr(String json, JsonNode fallback) {
    try {
      JsonNode n = JSON.readTree(json);
      return n == null ? fallback : n;
    } catch (IOException | RuntimeException e) {
      return fallback;
    }
  }

  /** Timestamps as the JSON protocol carries them: epoch seconds, with milliseconds. */
  private static JsonNode epoch(Instant t) {
    return JSON.getNodeFactory().numberNode(BigDecimal.valueOf(t.toEpochMilli()).movePointLeft(3));
  }

  private static ObjectNode error(String type, String message) {
    ObjectNode o = JSON.createObjectNode();
    o.put("__type", type);
    o.put("message", message);
    return o;
  }

  private static void respond(HttpExchange ex, int code, ObjectNode body) throws IOException {
    byte[] bytes = JSON.writeValueAsBytes(body);
    ex.getResponseHeaders().set("Content-Type", "application/x-amz-json-1.0");
    ex.getResponseHeaders().set("x-amzn-RequestId", UUID.randomUUID().toString());
    ex.sendResponseHeaders(code, bytes.length);
    try (OutputStream out = ex.getResponseBody()) {
      out.write(bytes);
    }
  }

  @Override
  public void close() {
    http.stop(0);
    for (Exec e : executions.values()) {
      Execution latest = e.latest();
      if (latest.status() == ExecutionStatus.RUNNING) {
        latest.abort("States.Aborted", "stand-in closed");
      }
    }
    runtime.close();
    threads.shutdownNow();
  }
}
