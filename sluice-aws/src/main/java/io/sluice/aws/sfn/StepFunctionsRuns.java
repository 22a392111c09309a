package io.sluice.aws.sfn;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.function.Consumer;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProviderChain;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.EnvironmentVariableCredentialsProvider;
import software.amazon.awssdk.auth.credentials.ProfileCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.auth.credentials.SystemPropertyCredentialsProvider;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sfn.SfnClient;
import software.amazon.awssdk.services.sfn.model.DescribeExecutionResponse;
import software.amazon.awssdk.services.sfn.model.ExecutionAlreadyExistsException;
import software.amazon.awssdk.services.sfn.model.ExecutionDoesNotExistException;
import software.amazon.awssdk.services.sfn.model.ExecutionNotRedrivableException;
import software.amazon.awssdk.services.sfn.model.InvalidArnException;
import software.amazon.awssdk.services.sfn.model.InvalidExecutionInputException;
import software.amazon.awssdk.services.sfn.model.InvalidNameException;
import software.amazon.awssdk.services.sfn.model.SfnException;
import software.amazon.awssdk.services.sfn.model.StartExecutionResponse;
import software.amazon.awssdk.services.sfn.model.StateMachineDoesNotExistException;
import software.amazon.awssdk.services.sfn.model.ValidationException;

/**
 * Starts, follows, stops and redrives runs of a job deployed by {@code sluice deploy}, through the
 * Step Functions API (AWS SDK v2, URL-connection HTTP client).
 *
 * <pre>{@code
 * try (StepFunctionsRuns runs = StepFunctionsRuns.connect("eu-west-1", null)) {
 *   RunStart started = runs.start("demo", stateMachineArn, "run-1", Map.of("input", "s3://in/orders/"));
 *   RunView end = runs.await(stateMachineArn, started.runId(), Duration.ofSeconds(5), v -> {});
 * }
 * }</pre>
 *
 * <p><b>A run and its executions.</b> The run id is the name of the run's first execution, whose input
 * is the loop's start: {@code {"run": ID, "seq": 0, "parameters": {...}}}. The loop chains a new
 * execution before its history fills up (continue_as_new; the old one succeeds with the new one's ARN
 * as output), and a redrive of a run the Driver failed starts a resume execution ({@link
 * SfnArns#resumeName}). {@link #status}, {@link #stop} and {@link #redrive} follow that chain from the
 * run id to the run's latest execution, so a run is always named by its id.
 *
 * <p><b>Errors</b> are {@link RunControlException}s whose kind says why (unknown run or state machine,
 * a conflicting run id, not redrivable, access denied, invalid input, the service unreachable) and
 * whose message says what to do. Thread-safe if the client is.
 */
public final class StepFunctionsRuns implements AutoCloseable {
  /** Static credentials used with an endpoint override when none are configured (loopback servers accept any). */
  public static final String TEST_ACCESS_KEY = "sluice-local";
  /** The error {@link #stop} gives the execution. */
  public static final String STOPPED_ERROR = "Sluice.Stopped";
  /** Events of one execution read at most to find the Driver's last decision. */
  static final int MAX_EVENTS = 2_000;
  /** Executions followed at most from a run id (a guard against a cycle, far above any real run). */
  static final int MAX_EXECUTIONS = 10_000;

  private static final ObjectMapper JSON = new ObjectMapper();
  private final SfnClient client;
  private final boolean owned;

  private StepFunctionsRuns(SfnClient client, boolean owned) {
    this.client = Objects.requireNonNull(client, "client");
    this.owned = owned;
  }

  /** Runs through {@code client}; {@link #close()} leaves it open. */
  public static StepFunctionsRuns create(SfnClient client) {
    return new StepFunctionsRuns(client, false);
  }

  /**
   * Runs through a client of its own for {@code region} (null: the SDK's region chain) and, if not
   * null, the Step Functions endpoint {@code endpoint} (a loopback stand-in, a VPC endpoint). Credentials
   * come from the SDK's default chain; with an endpoint and no configured credentials, static test
   * credentials are used.
   *
   * @throws RunControlException INVALID if {@code endpoint} is not a URL
   */
  public static StepFunctionsRuns connect(String region, String endpoint) {
    var builder = SfnClient.builder().httpClientBuilder(UrlConnectionHttpClient.builder());
    if (endpoint != null) {
      URI uri = URI.create(endpoint.trim());
      if (uri.getScheme() == null || uri.getHost() == null) {
        throw new RunControlException(RunControlException.Kind.INVALID,
            "Step Functions endpoint '" + endpoint + "' is not a URL such as http://127.0.0.1:8083");
      }
      builder.endpointOverride(uri).credentialsProvider(localCredentials());
      builder.region(Region.of(region != null ? region : "us-east-1"));
    } else {
      builder.credentialsProvider(DefaultCredentialsProvider.builder().build());
      if (region != null) {
        builder.region(Region.of(region));
      }
    }
    try {
      return new StepFunctionsRuns(builder.build(), true);
    } catch (SdkClientException e) {
      throw new RunControlException(RunControlException.Kind.INVALID, "Cannot set up the Step Functions client: "
          + e.getMessage() + " (give --region, or set AWS_REGION)", e);
    }
  }

  private static AwsCredentialsProvider localCredentials() {
    AwsCredentialsProvider configured = AwsCredentialsProviderChain.of(SystemPropertyCredentialsProvider.create(),
        EnvironmentVariableCredentialsProvider.create(), ProfileCredentialsProvider.create());
    try {
      configured.resolveCredentials();
      return configured;
    } catch (SdkException none) {
      return StaticCredentialsProvider.create(AwsBasicCredentials.create(TEST_ACCESS_KEY, "sluice-local-secret"));
    }
  }

  /**
   * Starts run {@code runId} of {@code job} on {@code stateMachineArn} with {@code parameters}.
   * Idempotent: the run id is the execution's name, so a second start with the same id and parameters
   * starts nothing and answers the run that exists ({@link RunStart#existing()} true once that run has
   * ended, as Step Functions then refuses the name; while it runs Step Functions itself answers the
   * same execution).
   *
   * @param job the job's name, for messages (the deployed Driver knows its job)
   * @param runId checked by {@link SfnArns#checkRunId}
   * @param parameters the run's parameters; the Driver checks them at its first step, and a wrong one
   *     fails the run with {@code Sluice.InvalidInput}
   * @throws RunControlException CONFLICT if the run id names a run started with other parameters;
   *     NOT_FOUND if there is no such state machine
   */
  public RunStart start(String job, String stateMachineArn, String runId, Map<String, String> parameters) {
    SfnArns.check(stateMachineArn);
    SfnArns.checkRunId(runId);
    ObjectNode input = JSON.createObjectNode();
    input.put("run", runId);
    input.put("seq", 0);
    ObjectNode values = input.putObject("parameters");
    new TreeMap<>(parameters == null ? Map.<String, String>of() : parameters).forEach(values::put);
    String text = input.toString();
    try {
      StartExecutionResponse r = client.startExecution(b -> b.stateMachineArn(stateMachineArn).name(runId).input(text));
      return new RunStart(runId, r.executionArn(), r.startDate(), false);
    } catch (ExecutionAlreadyExistsException e) {
      String arn = SfnArns.executionArn(stateMachineArn, runId);
      DescribeExecutionResponse existing = describe(arn, runId);
      if (!parse(existing.input()).equals(input)) {
        throw new RunControlException(RunControlException.Kind.CONFLICT, "Run '" + runId + "' of job '" + job
            + "' exists already on " + stateMachineArn + " with input " + existing.input() + " (" + existing.statusAsString()
            + "), not " + text + ": a run id names one run; give a new --run-id, or follow that run with `sluice status "
            + runId + "`", e);
      }
      return new RunStart(runId, arn, existing.startDate(), true);
    } catch (StateMachineDoesNotExistException e) {
      throw new RunControlException(RunControlException.Kind.NOT_FOUND, "State machine " + stateMachineArn
          + " does not exist: deploy job '" + job + "' (sluice deploy " + job + "), or check the ARN and the region", e);
    } catch (InvalidExecutionInputException | InvalidNameException | InvalidArnException | ValidationException e) {
      throw new RunControlException(RunControlException.Kind.INVALID, "Step Functions refused to start run '" + runId
          + "' on " + stateMachineArn + ": " + message(e), e);
    } catch (SdkException e) {
      throw failure("StartExecution", stateMachineArn, e);
    }
  }

  /**
   * Where run {@code run} (a run id, or any of its executions' ARNs) stands: its latest execution's
   * status and the Driver's last decision in that execution's history.
   *
   * @throws RunControlException NOT_FOUND if the state machine has no execution of that name
   */
  public RunView status(String stateMachineArn, String run) {
    return follow(stateMachineArn, run).view();
  }

  /**
   * Waits for run {@code run} to end, telling {@code listener} what {@link #status} says every {@code
   * poll}; returns the final view.
   */
  public RunView await(String stateMachineArn, String run, Duration poll, Consumer<RunView> listener)
      throws InterruptedException {
    Objects.requireNonNull(poll, "poll");
    while (true) {
      RunView view = status(stateMachineArn, run);
      listener.accept(view);
      if (!view.running()) {
        return view;
      }
      Thread.sleep(poll.toMillis());
    }
  }

  /**
   * Stops run {@code run}: {@code StopExecution} of its latest execution with error {@value
   * #STOPPED_ERROR} and {@code cause}; it ends ABORTED. Tasks that had committed stay committed: a
   * later {@link #redrive} goes on from there.
   *
   * @throws RunControlException NOT_RUNNING if the run has ended; NOT_FOUND if there is no such run
   */
  public RunView stop(String stateMachineArn, String run, String cause) {
    Followed f = follow(stateMachineArn, run);
    if (!f.view().running()) {
      throw new RunControlException(RunControlException.Kind.NOT_RUNNING, "Run '" + f.view().runId() + "' is not running ("
          + f.view().status() + " at " + f.view().stopDate() + "): nothing to stop");
    }
    try {
      client.stopExecution(b -> b.executionArn(f.view().executionArn()).error(STOPPED_ERROR)
          .cause(cause == null ? "Stopped by sluice stop" : cause));
    } catch (ExecutionDoesNotExistException e) {
      throw notFound(f.view().executionArn(), f.view().runId(), e);
    } catch (SdkException e) {
      throw failure("StopExecution", f.view().executionArn(), e);
    }
    return status(stateMachineArn, f.view().runId());
  }

  /**
   * Resumes run {@code run} after it failed, timed out or was stopped. Either way the Driver continues
   * from the state the run persisted in its store: tasks that committed are not run again, tasks that
   * had not get fresh attempts.
   *
   * <ul>
   *   <li>If the latest execution ended in a Task (a Driver call that kept failing, an execution stopped
   *       or timed out): {@code RedriveExecution}. Step Functions re-runs the state that did not
   *       complete with its input (a Driver call repeats its step, which is idempotent; the iterations of
   *       an executor round that did not finish run again and skip committed tasks).
   *   <li>If the Driver decided the run had failed (a task used up its attempts; the execution ended in
   *       the loop's {@code Failed} state): {@code RedriveExecution} would only re-run that Fail state,
   *       so a new execution named {@link SfnArns#resumeName} starts the Driver with {@code {"run",
   *       "seq", "resume": true}}, the same resume as {@code sluice run --resume} locally.
   * </ul>
   *
   * <p>Redrive only after fixing the cause: a run whose error is the same on every try (a bad parameter,
   * {@code Sluice.InvalidInput}) fails again.
   *
   * @throws RunControlException NOT_REDRIVABLE if the run is running or succeeded, or Step Functions
   *     refuses (older than 14 days, an Express state machine); NOT_FOUND if there is no such run
   */
  public RunRedrive redrive(String stateMachineArn, String run) {
    Followed f = follow(stateMachineArn, run);
    RunView v = f.view();
    if (v.running() || v.succeeded()) {
      throw new RunControlException(RunControlException.Kind.NOT_REDRIVABLE, "Run '" + v.runId() + "' "
          + (v.running() ? "is running: wait for it to end, or stop it first (sluice stop " + v.runId() + ")"
              : "succeeded: there is nothing to redrive"));
    }
    if (f.failSeq() >= 0) {
      String name = SfnArns.resumeName(v.runId(), f.failSeq());
      ObjectNode input = JSON.createObjectNode();
      input.put("run", v.runId());
      input.put("seq", f.failSeq());
      input.put("resume", true);
      String smArn = SfnArns.stateMachineOf(v.executionArn());
      try {
        StartExecutionResponse r = client.startExecution(b -> b.stateMachineArn(smArn).name(name).input(input.toString()));
        return new RunRedrive(v.runId(), r.executionArn(), RunRedrive.How.RESUMED);
      } catch (ExecutionAlreadyExistsException e) {
        throw new RunControlException(RunControlException.Kind.CONFLICT, "Cannot resume run '" + v.runId()
            + "': execution " + name + " exists already with other input; it is not this run's", e);
      } catch (SdkException e) {
        throw failure("StartExecution", smArn, e);
      }
    }
    try {
      client.redriveExecution(b -> b.executionArn(v.executionArn()));
      return new RunRedrive(v.runId(), v.executionArn(), RunRedrive.How.REDRIVEN);
    } catch (ExecutionNotRedrivableException e) {
      throw new RunControlException(RunControlException.Kind.NOT_REDRIVABLE, "Step Functions will not redrive "
          + v.executionArn() + " (" + v.status() + "): " + message(e)
          + ". Start a new run instead (sluice start with a new --run-id)", e);
    } catch (ExecutionDoesNotExistException e) {
      throw notFound(v.executionArn(), v.runId(), e);
    } catch (SdkException e) {
      throw failure("RedriveExecution", v.executionArn(), e);
    }
  }

  /** The run's latest execution, found by following its chain of executions; and how it failed. */
  private record Followed(RunView view, long failSeq) {}

  private Followed follow(String stateMachineArn, String run) {
    String firstArn;
    String runId;
    if (SfnArns.isExecutionArn(run)) {
      firstArn = run;
      runId = null;
    } else {
      SfnArns.check(stateMachineArn);
      runId = SfnArns.checkRunId(run);
      firstArn = SfnArns.executionArn(stateMachineArn, run);
    }
    String arn = firstArn;
    DescribeExecutionResponse d = describe(arn, run);
    if (runId == null) {
      runId = parse(d.input()).path("run").asText(SfnArns.nameOf(arn));
    }
    java.time.Instant started = d.startDate();
    for (int executions = 1; ; executions++) {
      String next = null;
      HistoryTrail trail = null;
      if (d.statusAsString().equals("SUCCEEDED")) {
        JsonNode out = parse(d.output());
        if (out.hasNonNull("ExecutionArn") && !out.has("action")) {
          next = out.get("ExecutionArn").asText(); // continue_as_new: the run goes on there
        }
      } else if (d.statusAsString().equals("FAILED")) {
        trail = HistoryTrail.read(client, arn, MAX_EVENTS);
      }
      if (trail != null && trail.failSeq() >= 0) {
        // The Driver failed the run in this execution: a redrive resumed it, if there is a resume execution.
        String resumeArn = SfnArns.executionArn(SfnArns.stateMachineOf(arn), SfnArns.resumeName(runId, trail.failSeq()));
        if (exists(resumeArn)) {
          next = resumeArn;
        }
      }
      if (next == null || executions >= MAX_EXECUTIONS) {
        if (trail == null) {
          trail = HistoryTrail.read(client, arn, MAX_EVENTS);
        }
        JsonNode decision = trail.decision();
        RunView view = new RunView(runId, arn, executions, d.statusAsString(), started, d.stopDate(), d.error(), d.cause(),
            decision == null ? -1 : decision.path("seq").asLong(-1), decision == null ? null : decision.path("action").asText(null),
            executors(decision), trail.lastState(),
            d.statusAsString().equals("RUNNING") ? trail.driverRetry() : null,
            d.redriveCount() == null ? 0 : d.redriveCount(), d.output());
        return new Followed(view, d.statusAsString().equals("FAILED") ? trail.failSeq() : -1);
      }
      arn = next;
      d = describe(arn, runId);
    }
  }

  /** The executors a run_executors decision started: its groups (inline Map) or its items' count (Distributed Map). */
  static int executors(JsonNode decision) {
    if (decision == null) {
      return 0;
    }
    return decision.has("items") ? decision.path("items").path("count").asInt(0) : decision.path("groups").size();
  }

  private boolean exists(String executionArn) {
    try {
      client.describeExecution(b -> b.executionArn(executionArn));
      return true;
    } catch (ExecutionDoesNotExistException e) {
      return false;
    } catch (SdkException e) {
      throw failure("DescribeExecution", executionArn, e);
    }
  }

  private DescribeExecutionResponse describe(String executionArn, String run) {
    try {
      return client.describeExecution(b -> b.executionArn(executionArn));
    } catch (ExecutionDoesNotExistException e) {
      throw notFound(executionArn, run, e);
    } catch (InvalidArnException e) {
      throw new RunControlException(RunControlException.Kind.INVALID, "'" + executionArn + "' is not a valid execution ARN: "
          + message(e), e);
    } catch (SdkException e) {
      throw failure("DescribeExecution", executionArn, e);
    }
  }

  private static RunControlException notFound(String executionArn, String run, Exception e) {
    return new RunControlException(RunControlException.Kind.NOT_FOUND, "Run '" + run + "' does not exist: no execution "
        + executionArn + " (was it started on this state machine, in this region? Step Functions keeps closed executions for 90 days)",
        e);
  }

  /** An SDK failure as a RunControlException: access denied, or the service failing or unreachable. */
  static RunControlException failure(String action, String arn, SdkException e) {
    if (e instanceof SfnException s && s.awsErrorDetails() != null) {
      String code = s.awsErrorDetails().errorCode();
      if (code != null && (code.equals("AccessDeniedException") || code.equals("UnrecognizedClientException")
          || code.equals("InvalidSignatureException") || code.equals("ExpiredTokenException")
          || s.statusCode() == 403)) {
        return new RunControlException(RunControlException.Kind.ACCESS_DENIED, "Step Functions denied " + action + " on " + arn
            + " (" + code + "): " + message(e) + ". The caller needs states:" + action + " on it; check the credentials"
            + " (aws sts get-caller-identity) and their policy", e);
      }
      return new RunControlException(RunControlException.Kind.SERVICE, "Step Functions failed " + action + " on " + arn
          + " (" + code + ", HTTP " + s.statusCode() + "): " + message(e), e);
    }
    return new RunControlException(RunControlException.Kind.SERVICE, "Cannot reach Step Functions for " + action + " on " + arn
        + ": " + e.getMessage() + " (check the network, --region and --endpoint)", e);
  }

  private static String message(SdkException e) {
    if (e instanceof SfnException s && s.awsErrorDetails() != null && s.awsErrorDetails().errorMessage() != null) {
      return s.awsErrorDetails().errorMessage();
    }
    return e.getMessage();
  }

  static JsonNode parse(String json) {
    if (json == null) {
      return JSON.createObjectNode();
    }
    try {
      return JSON.readTree(json);
    } catch (IOException e) {
      return JSON.createObjectNode();
    }
  }

  @Override
  public void close() {
    if (owned) {
      client.close();
    }
  }
}
