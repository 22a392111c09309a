package io.sluice.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A loopback HTTP server speaking CloudFormation's AWS query protocol (form-encoded POST of {@code
 * Action=...&Version=2010-05-15}, XML answers {@code <ActionResponse><ActionResult>...}, errors as
 * {@code <ErrorResponse><Error><Code>} with HTTP 400), for the calls {@code sluice deploy} makes:
 * DescribeStacks, CreateChangeSet, DescribeChangeSet, ExecuteChangeSet, DeleteChangeSet and
 * DescribeStackEvents.
 *
 * <p><b>A stand-in, and why.</b> No CloudFormation implementation can run on this machine: moto and
 * LocalStack are Python from PyPI (and LocalStack needs Docker), which this machine cannot reach, and
 * AWS publishes none. So this server models what the deployer depends on, and no more:
 *
 * <ul>
 *   <li>CreateChangeSet reads the template from its {@code TemplateURL} over HTTP (the tests' S3Mock
 *       bucket), refuses a {@code TemplateBody} over 51,200 bytes, a missing parameter without a
 *       default, IAM resources without {@code CAPABILITY_IAM}/{@code CAPABILITY_NAMED_IAM}
 *       ({@code InsufficientCapabilitiesException}), CREATE on an existing stack and UPDATE on a
 *       missing one. CREATE makes the stack in {@code REVIEW_IN_PROGRESS}, as AWS does.
 *   <li>A change set goes CREATE_PENDING, CREATE_IN_PROGRESS, then CREATE_COMPLETE (or FAILED with
 *       AWS's "didn't contain changes" reason when template and parameters equal the stack's), one
 *       step per DescribeChangeSet. Its changes: every resource Add for CREATE; Add, Remove or Modify
 *       (resource text differs, or it {@code Ref}s a parameter whose value changed) for UPDATE, pages
 *       of {@link #CHANGES_PER_PAGE}.
 *   <li>ExecuteChangeSet: the stack goes *_IN_PROGRESS and each DescribeStacks advances it a few
 *       events (each resource IN_PROGRESS then COMPLETE), to *_COMPLETE with outputs {@code
 *       STACK/OUTPUTKEY}. With {@link #failOn} the named resource fails with the given reason and the
 *       stack rolls back (ROLLBACK_COMPLETE, or UPDATE_ROLLBACK_COMPLETE keeping the old template).
 *   <li>DescribeStackEvents: newest first, pages of {@link #EVENTS_PER_PAGE}.
 *   <li>{@link #deny} makes an action fail as IAM would refuse it.
 *   <li>Not modelled: the resources themselves (nothing is provisioned), intrinsic functions, template
 *       validation beyond JSON, IAM, request signing checks, throttling, drift, stack policies.
 * </ul>
 */
final class CloudFormationServer implements AutoCloseable {
  static final int CHANGES_PER_PAGE = 10;
  static final int EVENTS_PER_PAGE = 5;
  private static final String XMLNS = "http://cloudformation.amazonaws.com/doc/2010-05-15/";
  private static final String NO_CHANGES =
      "The submitted information didn't contain changes. Submit different information to create a change set.";
  private static final ObjectMapper JSON = new ObjectMapper();

  /** One call as received: the form's fields. */
  record Call(String action, Map<String, String> form) {
    String get(String field) {
      return form.get(field);
    }

    /** The values of a query-protocol list {@code NAME.member.N}, in order. */
    List<String> list(String name) {
      List<String> out = new ArrayList<>();
      for (int i = 1; form.containsKey(name + ".member." + i); i++) {
        out.add(form.get(name + ".member." + i));
      }
      return out;
    }

    /** The {@code Parameters.member.N.ParameterKey/ParameterValue} pairs. */
    Map<String, String> parameters() {
      Map<String, String> out = new TreeMap<>();
      for (int i = 1; form.containsKey("Parameters.member." + i + ".ParameterKey"); i++) {
        out.put(form.get("Parameters.member." + i + ".ParameterKey"), form.get("Parameters.member." + i + ".ParameterValue"));
      }
      return out;
    }
  }

  private record Event(String id, Instant timestamp, String logicalId, String physicalId, String type, String status,
      String reason) {}

  private static final class Stack {
    final String name;
    final String id;
    final Instant created = now();
    String status;
    String reason;
    JsonNode template;
    Map<String, String> parameters = Map.of();
    final List<Event> events = new ArrayList<>();
    final Deque<Runnable> pending = new ArrayDeque<>();

    Stack(String name) {
      this.name = name;
      this.id = "arn:aws:cloudformation:us-east-1:000000000000:stack/" + name + "/" + UUID.randomUUID();
    }

    void event(String logicalId, String type, String status, String reason) {
      events.add(new Event(UUID.randomUUID().toString(), now(), logicalId, logicalId.equals(name) ? id : name + "-" + logicalId,
          type, status, reason));
    }
  }

  private static final class ChangeSet {
    final String name;
    final String id;
    final Stack stack;
    final String type;
    final JsonNode template;
    final Map<String, String> parameters;
    final List<String> capabilities;
    final List<String[]> changes;
    String status = "CREATE_PENDING";
    String reason;
    int describes;

    ChangeSet(String name, Stack stack, String type, JsonNode template, Map<String, String> parameters,
        List<String> capabilities, List<String[]> changes) {
      this.name = name;
      this.id = "arn:aws:cloudformation:us-east-1:000000000000:changeSet/" + name + "/" + UUID.randomUUID();
      this.stack = stack;
      this.type = type;
      this.template = template;
      this.parameters = parameters;
      this.capabilities = capabilities;
      this.changes = changes;
    }
  }

  private final HttpServer server;
  private final HttpClient http = HttpClient.newHttpClient();
  private final Map<String, Stack> stacks = new LinkedHashMap<>();
  private final Map<String, ChangeSet> changeSets = new LinkedHashMap<>();
  private final List<Call> calls = new CopyOnWriteArrayList<>();
  private final Map<String, byte[]> fetchedTemplates = new LinkedHashMap<>();
  private final Map<String, String[]> denied = new LinkedHashMap<>();
  private String failingResource;
  private String failureReason;

  private CloudFormationServer(HttpServer server) {
    this.server = server;
  }

  /** Starts a server on a free port of the loopback address. */
  static CloudFormationServer start() throws IOException {
    HttpServer http = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    CloudFormationServer s = new CloudFormationServer(http);
    http.createContext("/", s::handle);
    http.start();
    return s;
  }

  /** {@code http://127.0.0.1:PORT}. */
  URI endpoint() {
    return URI.create("http://" + server.getAddress().getAddress().getHostAddress() + ":" + server.getAddress().getPort());
  }

  /** Makes the next executions fail when they reach resource {@code logicalId}, with {@code reason}. */
  synchronized void failOn(String logicalId, String reason) {
    this.failingResource = logicalId;
    this.failureReason = reason;
  }

  /** Makes every later call of {@code action} fail with error {@code code} and {@code message} (HTTP 400). */
  synchronized void deny(String action, String code, String message) {
    denied.put(action, new String[] {code, message});
  }

  /** Every call received, in order. */
  List<Call> calls() {
    return List.copyOf(calls);
  }

  /** The calls of {@code action}, in order. */
  List<Call> calls(String action) {
    return calls.stream().filter(c -> c.action().equals(action)).toList();
  }

  /** The bytes read from each TemplateURL of a CreateChangeSet, by URL. */
  synchronized Map<String, byte[]> fetchedTemplates() {
    return Map.copyOf(fetchedTemplates);
  }

  /** The stack's status, or null if there is none of that name. */
  synchronized String stackStatus(String name) {
    Stack s = stacks.get(name);
    return s == null ? null : s.status;
  }

  @Override
  public void close() {
    server.stop(0);
  }

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      Map<String, String> form = parseForm(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
      Call call = new Call(Objects.toString(form.get("Action"), ""), form);
      calls.add(call);
      String result;
      try {
        synchronized (this) {
          String[] refusal = denied.get(call.action());
          if (refusal != null) {
            throw new Refusal(refusal[0], refusal[1]);
          }
          result = switch (call.action()) {
            case "DescribeStacks" -> describeStacks(call);
            case "CreateChangeSet" -> createChangeSet(call);
            case "DescribeChangeSet" -> describeChangeSet(call);
            case "ExecuteChangeSet" -> executeChangeSet(call);
            case "DeleteChangeSet" -> deleteChangeSet(call);
            case "DescribeStackEvents" -> describeStackEvents(call);
            default -> throw new Refusal("InvalidAction", "The action " + call.action() + " is not valid for this web service.");
          };
        }
      } catch (Refusal r) {
        respond(exchange, 400, "<ErrorResponse xmlns=\"" + XMLNS + "\"><Error><Type>Sender</Type><Code>" + r.code
            + "</Code><Message>" + esc(r.getMessage()) + "</Message></Error><RequestId>" + UUID.randomUUID()
            + "</RequestId></ErrorResponse>");
        return;
      }
      respond(exchange, 200, "<" + call.action() + "Response xmlns=\"" + XMLNS + "\"><" + call.action() + "Result>" + result
          + "</" + call.action() + "Result><ResponseMetadata><RequestId>" + UUID.randomUUID()
          + "</RequestId></ResponseMetadata></" + call.action() + "Response>");
    }
  }

  private static final class Refusal extends RuntimeException {
    final String code;

    Refusal(String code, String message) {
      super(message);
      this.code = code;
    }
  }

  private Stack stack(String nameOrId) {
    for (Stack s : stacks.values()) {
      if (s.name.equals(nameOrId) || s.id.equals(nameOrId)) {
        return s;
      }
    }
    return null;
  }

  private Stack requireStack(String nameOrId) {
    Stack s = stack(nameOrId);
    if (s == null) {
      throw new Refusal("ValidationError", "Stack with id " + nameOrId + " does not exist");
    }
    return s;
  }

  private String describeStacks(Call call) {
    Stack s = requireStack(call.get("StackName"));
    for (int i = 0; i < 3 && !s.pending.isEmpty(); i++) {
      s.pending.poll().run();
    }
    StringBuilder x = new StringBuilder("<Stacks><member>");
    x.append(tag("StackName", s.name)).append(tag("StackId", s.id)).append(tag("CreationTime", s.created.toString()))
        .append(tag("StackStatus", s.status));
    if (s.reason != null) {
      x.append(tag("StackStatusReason", s.reason));
    }
    x.append("<Parameters>");
    s.parameters.forEach((k, v) -> x.append("<member>").append(tag("ParameterKey", k)).append(tag("ParameterValue", v))
        .append("</member>"));
    x.append("</Parameters>");
    if (s.status.endsWith("_COMPLETE") && s.template != null) {
      x.append("<Outputs>");
      s.template.path("Outputs").fieldNames().forEachRemaining(k -> x.append("<member>").append(tag("OutputKey", k))
          .append(tag("OutputValue", s.name + "/" + k)).append("</member>"));
      x.append("</Outputs>");
    }
    return x.append("</member></Stacks>").toString();
  }

  private String createChangeSet(Call call) {
    String name = call.get("ChangeSetName");
    String stackName = call.get("StackName");
    String type = Objects.requireNonNullElse(call.get("ChangeSetType"), "UPDATE");
    if (name == null || !name.matches("[a-zA-Z][-a-zA-Z0-9]{0,127}")) {
      throw new Refusal("ValidationError", "1 validation error detected: Value '" + name
          + "' at 'changeSetName' failed to satisfy constraint");
    }
    JsonNode template = parse(templateBytes(call));
    Map<String, String> parameters = call.parameters();
    List<String> missing = new ArrayList<>();
    template.path("Parameters").fields().forEachRemaining(e -> {
      if (!parameters.containsKey(e.getKey()) && !e.getValue().has("Default")) {
        missing.add(e.getKey());
      }
    });
    if (!missing.isEmpty()) {
      throw new Refusal("ValidationError", "Parameters: " + missing + " must have values");
    }
    List<String> capabilities = call.list("Capabilities");
    boolean iam = false;
    for (JsonNode r : template.path("Resources")) {
      iam |= r.path("Type").asText().startsWith("AWS::IAM::");
    }
    if (iam && !capabilities.contains("CAPABILITY_IAM") && !capabilities.contains("CAPABILITY_NAMED_IAM")) {
      throw new Refusal("InsufficientCapabilitiesException", "Requires capabilities : [CAPABILITY_IAM]");
    }
    Stack stack = stack(stackName);
    if (type.equals("CREATE")) {
      if (stack != null && !stack.status.equals("REVIEW_IN_PROGRESS")) {
        throw new Refusal("ValidationError", "Stack [" + stackName + "] already exists and cannot be created again with the changeSet ["
            + name + "].");
      }
      if (stack == null) {
        stack = new Stack(stackName);
        stack.status = "REVIEW_IN_PROGRESS";
        stack.reason = "User Initiated";
        stack.event(stackName, "AWS::CloudFormation::Stack", "REVIEW_IN_PROGRESS", "User Initiated");
        stacks.put(stackName, stack);
      }
    } else if (stack == null) {
      throw new Refusal("ValidationError", "Stack [" + stackName + "] does not exist");
    }
    ChangeSet cs = new ChangeSet(name, stack, type, template, parameters, capabilities, changes(stack, type, template, parameters));
    changeSets.put(cs.id, cs);
    return tag("Id", cs.id) + tag("StackId", stack.id);
  }

  private byte[] templateBytes(Call call) {
    String body = call.get("TemplateBody");
    if (body != null) {
      byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
      if (bytes.length > 51_200) {
        throw new Refusal("ValidationError", "1 validation error detected: Value at 'templateBody' failed to satisfy constraint: "
            + "Member must have length less than or equal to 51200");
      }
      return bytes;
    }
    String url = call.get("TemplateURL");
    if (url == null) {
      throw new Refusal("ValidationError", "Either Template URL or Template Body must be specified.");
    }
    try {
      HttpResponse<byte[]> r = http.send(HttpRequest.newBuilder(URI.create(url)).GET().build(), HttpResponse.BodyHandlers.ofByteArray());
      if (r.statusCode() != 200) {
        throw new Refusal("ValidationError", "S3 error: Access Denied or no such object at " + url + " (HTTP " + r.statusCode() + ")");
      }
      fetchedTemplates.put(url, r.body());
      return r.body();
    } catch (IOException | InterruptedException | IllegalArgumentException e) {
      throw new Refusal("ValidationError", "TemplateURL must be a supported URL: " + url + " (" + e + ")");
    }
  }

  private static JsonNode parse(byte[] template) {
    try {
      JsonNode t = JSON.readTree(template);
      if (t == null || !t.path("Resources").isObject()) {
        throw new Refusal("ValidationError", "Template format error: At least one Resources member must be defined.");
      }
      return t;
    } catch (IOException e) {
      throw new Refusal("ValidationError", "Template format error: JSON not well-formed. (" + e.getMessage() + ")");
    }
  }

  /** {action, logical id, type, replacement} of each change. */
  private static List<String[]> changes(Stack stack, String type, JsonNode template, Map<String, String> parameters) {
    List<String[]> out = new ArrayList<>();
    JsonNode before = type.equals("CREATE") || stack.template == null ? JSON.createObjectNode() : stack.template.path("Resources");
    JsonNode after = template.path("Resources");
    after.fields().forEachRemaining(e -> {
      JsonNode old = before.get(e.getKey());
      String resourceType = e.getValue().path("Type").asText();
      if (old == null) {
        out.add(new String[] {"Add", e.getKey(), resourceType, null});
      } else if (!old.equals(e.getValue()) || refsChangedParameter(e.getValue(), stack.parameters, parameters)) {
        out.add(new String[] {"Modify", e.getKey(), resourceType,
            old.path("Type").asText().equals(resourceType) ? "False" : "True"});
      }
    });
    before.fields().forEachRemaining(e -> {
      if (!after.has(e.getKey())) {
        out.add(new String[] {"Remove", e.getKey(), e.getValue().path("Type").asText(), null});
      }
    });
    return out;
  }

  private static boolean refsChangedParameter(JsonNode resource, Map<String, String> before, Map<String, String> after) {
    String text = resource.toString();
    for (Map.Entry<String, String> e : after.entrySet()) {
      if (!e.getValue().equals(before.get(e.getKey())) && text.contains("{\"Ref\":\"" + e.getKey() + "\"}")) {
        return true;
      }
    }
    return false;
  }

  private ChangeSet requireChangeSet(Call call) {
    String id = call.get("ChangeSetName");
    for (ChangeSet cs : changeSets.values()) {
      if (cs.id.equals(id) || (cs.name.equals(id) && cs.stack.name.equals(call.get("StackName")))) {
        return cs;
      }
    }
    throw new Refusal("ChangeSetNotFound", "ChangeSet [" + id + "] does not exist");
  }

  private String describeChangeSet(Call call) {
    ChangeSet cs = requireChangeSet(call);
    int from = call.get("NextToken") == null ? 0 : Integer.parseInt(call.get("NextToken"));
    if (from == 0) {
      cs.describes++;
      if (cs.describes == 2) {
        cs.status = "CREATE_IN_PROGRESS";
      } else if (cs.describes >= 3 && cs.status.equals("CREATE_IN_PROGRESS")) {
        if (cs.changes.isEmpty()) {
          cs.status = "FAILED";
          cs.reason = NO_CHANGES;
        } else {
          cs.status = "CREATE_COMPLETE";
        }
      }
    }
    StringBuilder x = new StringBuilder();
    x.append(tag("ChangeSetName", cs.name)).append(tag("ChangeSetId", cs.id)).append(tag("StackId", cs.stack.id))
        .append(tag("StackName", cs.stack.name)).append(tag("Status", cs.status))
        .append(tag("ExecutionStatus", cs.status.equals("CREATE_COMPLETE") ? "AVAILABLE" : "UNAVAILABLE"));
    if (cs.reason != null) {
      x.append(tag("StatusReason", cs.reason));
    }
    x.append("<Capabilities>");
    cs.capabilities.forEach(c -> x.append(tag("member", c)));
    x.append("</Capabilities><Changes>");
    if (cs.status.equals("CREATE_COMPLETE")) {
      for (int i = from; i < Math.min(cs.changes.size(), from + CHANGES_PER_PAGE); i++) {
        String[] c = cs.changes.get(i);
        x.append("<member><Type>Resource</Type><ResourceChange>").append(tag("Action", c[0]))
            .append(tag("LogicalResourceId", c[1])).append(tag("ResourceType", c[2]));
        if (c[3] != null) {
          x.append(tag("Replacement", c[3]));
        }
        x.append("</ResourceChange></member>");
      }
    }
    x.append("</Changes>");
    if (cs.status.equals("CREATE_COMPLETE") && from + CHANGES_PER_PAGE < cs.changes.size()) {
      x.append(tag("NextToken", String.valueOf(from + CHANGES_PER_PAGE)));
    }
    return x.toString();
  }

  private String executeChangeSet(Call call) {
    ChangeSet cs = requireChangeSet(call);
    if (!cs.status.equals("CREATE_COMPLETE")) {
      throw new Refusal("InvalidChangeSetStatus", "ChangeSet [" + cs.id + "] cannot be executed in its current status of ["
          + cs.status + "]");
    }
    changeSets.remove(cs.id);
    Stack s = cs.stack;
    boolean create = cs.type.equals("CREATE");
    String verb = create ? "CREATE" : "UPDATE";
    s.status = verb + "_IN_PROGRESS";
    s.reason = "User Initiated";
    s.event(s.name, "AWS::CloudFormation::Stack", s.status, "User Initiated");
    List<String[]> done = new ArrayList<>();
    for (String[] c : cs.changes) {
      String action = c[0].equals("Add") ? "CREATE" : c[0].equals("Remove") ? "DELETE" : "UPDATE";
      if (c[1].equals(failingResource)) {
        String reason = failureReason;
        s.pending.add(() -> s.event(c[1], c[2], action + "_IN_PROGRESS", null));
        s.pending.add(() -> {
          s.event(c[1], c[2], action + "_FAILED", reason);
          s.status = create ? "ROLLBACK_IN_PROGRESS" : "UPDATE_ROLLBACK_IN_PROGRESS";
          s.reason = "The following resource(s) failed to " + action.toLowerCase() + ": [" + c[1] + "]. "
              + (create ? "Rollback requested by user." : "");
          s.event(s.name, "AWS::CloudFormation::Stack", s.status, s.reason);
        });
        for (String[] d : done.reversed()) {
          s.pending.add(() -> s.event(d[1], d[2], create ? "DELETE_COMPLETE" : "UPDATE_COMPLETE", null));
        }
        s.pending.add(() -> {
          s.status = create ? "ROLLBACK_COMPLETE" : "UPDATE_ROLLBACK_COMPLETE";
          s.event(s.name, "AWS::CloudFormation::Stack", s.status, null);
        });
        return "";
      }
      s.pending.add(() -> s.event(c[1], c[2], action + "_IN_PROGRESS", null));
      s.pending.add(() -> s.event(c[1], c[2], action + "_COMPLETE", null));
      done.add(c);
    }
    s.pending.add(() -> {
      s.template = cs.template;
      s.parameters = cs.parameters;
      s.status = verb + "_COMPLETE";
      s.reason = null;
      s.event(s.name, "AWS::CloudFormation::Stack", s.status, null);
    });
    return "";
  }

  private String deleteChangeSet(Call call) {
    changeSets.remove(requireChangeSet(call).id);
    return "";
  }

  private String describeStackEvents(Call call) {
    Stack s = requireStack(call.get("StackName"));
    List<Event> newestFirst = new ArrayList<>(s.events).reversed();
    int from = call.get("NextToken") == null ? 0 : Integer.parseInt(call.get("NextToken"));
    StringBuilder x = new StringBuilder("<StackEvents>");
    for (int i = from; i < Math.min(newestFirst.size(), from + EVENTS_PER_PAGE); i++) {
      Event e = newestFirst.get(i);
      x.append("<member>").append(tag("StackId", s.id)).append(tag("EventId", e.id())).append(tag("StackName", s.name))
          .append(tag("LogicalResourceId", e.logicalId())).append(tag("PhysicalResourceId", e.physicalId()))
          .append(tag("ResourceType", e.type())).append(tag("Timestamp", e.timestamp().toString()))
          .append(tag("ResourceStatus", e.status()));
      if (e.reason() != null) {
        x.append(tag("ResourceStatusReason", e.reason()));
      }
      x.append("</member>");
    }
    x.append("</StackEvents>");
    if (from + EVENTS_PER_PAGE < newestFirst.size()) {
      x.append(tag("NextToken", String.valueOf(from + EVENTS_PER_PAGE)));
    }
    return x.toString();
  }

  private static Instant now() {
    return Instant.now().truncatedTo(ChronoUnit.MILLIS);
  }

  private static Map<String, String> parseForm(String body) {
    Map<String, String> form = new LinkedHashMap<>();
    for (String pair : body.split("&")) {
      if (pair.isEmpty()) {
        continue;
      }
      int eq = pair.indexOf('=');
      String k = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
      String v = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
      form.put(k, v);
    }
    return form;
  }

  private static String tag(String name, String value) {
    return "<" + name + ">" + esc(value) + "</" + name + ">";
  }

  private static String esc(String s) {
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
  }

  private static void respond(HttpExchange exchange, int status, String xml) throws IOException {
    byte[] body = xml.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", "text/xml");
    exchange.sendResponseHeaders(status, body.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(body);
    }
  }
}
