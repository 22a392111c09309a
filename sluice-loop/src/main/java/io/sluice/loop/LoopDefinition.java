package io.sluice.loop;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sluice.Job;
import io.sluice.driver.Decision;
import io.sluice.driver.DriverHandler;
import io.sluice.runtime.RuntimeLimits;
import java.time.Duration;
import java.util.List;

/**
 * Builds the state machine of a job's Driver/Executors loop.
 *
 * <pre>
 * Driver (Task) -> Route (Choice on $.action)
 *   run_executors   -> Executors (Map, MaxConcurrency = the job's executor cap) -> Driver
 *                      inline up to {@value #INLINE_MAP_LIMIT} executors, over $.groups; above, a Distributed
 *                      Map whose ItemReader (s3:getObject, JSON) reads the round's references from the
 *                      object at $.items.bucket/$.items.key, children Express (Standard when an executor
 *                      may run past Express's 5 minutes), ToleratedFailurePercentage 100
 *   run_driver      -> Driver
 *   sleep           -> Sleep (Wait, SecondsPath $.sleepSeconds) -> Driver
 *   continue_as_new -> ContinueAsNew (StartExecution of this state machine, same run) -> Chained (Succeed)
 *   succeed         -> Succeeded (Succeed)
 *   fail            -> Failed (Fail, ErrorPath $.error, CausePath $.cause)
 * </pre>
 *
 * <p>The data between states is the Driver's {@link Decision}: a run id, a step number and at most
 * one small reference per executor (inline), or where the round's references are in the store
 * (distributed), so payloads stay far below Step Functions' 256 KB whatever the number of tasks. An executor that fails (timeout, crash) is caught inside its Map iteration: the
 * loop goes back to the Driver, which re-plans the tasks that did not commit.
 */
public final class LoopDefinition {
  /** Lambda errors AWS documents as transient for the Lambda integration; retried with back-off. */
  public static final List<String> RETRYABLE_LAMBDA_ERRORS = List.of(
      "Lambda.ServiceException",
      "Lambda.AWSLambdaException",
      "Lambda.SdkClientException",
      "Lambda.TooManyRequestsException");

  /** The resource that starts a new execution of a state machine (for continue_as_new). */
  public static final String START_EXECUTION = "arn:aws:states:::states:startExecution";

  /** Retries of a Driver call that failed for any reason other than a Lambda service error. */
  public static final int DRIVER_RETRIES = 6;

  /** The most iterations an inline Map runs at once on Step Functions; above it the loop uses a Distributed Map. */
  public static final int INLINE_MAP_LIMIT = RuntimeLimits.INLINE_MAP_LIMIT;

  /** The Distributed Map's item reader: one JSON object of the store, read whole. */
  public static final String S3_GET_OBJECT = "arn:aws:states:::s3:getObject";

  /** The field of a run_executors decision that says where a Distributed Map round's items are. */
  public static final String ITEMS = "items";

  /** Express executions stop after this long; a child execution that may run an executor longer is Standard. */
  public static final Duration EXPRESS_LIMIT = Duration.ofMinutes(5);

  private static final JsonNodeFactory F = JsonNodeFactory.instance;

  private LoopDefinition() {}

  /** The definition of {@code job}'s loop on Lambda and Step Functions, calling the functions at {@code arns}. */
  public static ObjectNode generate(Job job, FunctionArns arns) {
    return generate(job, arns, RuntimeLimits.LAMBDA_STEP_FUNCTIONS);
  }

  /**
   * The definition of {@code job}'s loop, calling the functions at {@code arns}, on a platform with
   * {@code limits} (they decide the Map's MaxConcurrency).
   */
  public static ObjectNode generate(Job job, FunctionArns arns, RuntimeLimits limits) {
    ObjectNode def = F.objectNode();
    def.put("Comment", "Sluice job '" + job.name() + "': Driver -> Executors loop (generated; do not edit)");
    def.put("StartAt", "Driver");
    ObjectNode states = def.putObject("States");

    ObjectNode driver = states.putObject("Driver");
    driver.put("Type", "Task");
    driver.put("Resource", arns.driver());
    ObjectNode params = driver.putObject("Parameters");
    params.put("state.$", "$");
    params.put("execution.$", "$$.Execution.Id");
    ArrayNode driverRetry = F.arrayNode();
    // Retriers are tried in order and States.TaskFailed matches every error name: the final errors
    // (a bad run id, a corrupt state object, a run of another job) come first, retried zero times, so
    // the run fails at once with their message instead of stalling through six back-offs.
    ObjectNode finalErrors = driverRetry.addObject();
    ArrayNode finalNames = finalErrors.putArray("ErrorEquals");
    DriverHandler.FINAL_ERRORS.forEach(finalNames::add);
    finalErrors.put("MaxAttempts", 0);
    driverRetry.addAll((ArrayNode) lambdaRetry());
    // The Driver is idempotent (a call repeats the step it was given), so any other failure of it, such
    // as the store failing a request, is retried too; failures of user code are decisions, not errors.
    ObjectNode anyFailure = driverRetry.addObject();
    anyFailure.putArray("ErrorEquals").add("States.TaskFailed");
    anyFailure.put("IntervalSeconds", 2);
    anyFailure.put("MaxAttempts", DRIVER_RETRIES);
    anyFailure.put("BackoffRate", 2.0);
    anyFailure.put("MaxDelaySeconds", 60);
    driver.set("Retry", driverRetry);
    driver.put("Next", "Route");

    ObjectNode route = states.putObject("Route");
    route.put("Type", "Choice");
    ArrayNode choices = route.putArray("Choices");
    choice(choices, Decision.RUN_EXECUTORS, "Executors");
    choice(choices, Decision.RUN_DRIVER, "Driver");
    choice(choices, Decision.SLEEP, "Sleep");
    choice(choices, Decision.CONTINUE_AS_NEW, "ContinueAsNew");
    choice(choices, Decision.SUCCEED, "Succeeded");
    choice(choices, Decision.FAIL, "Failed");
    route.put("Default", "UnknownDecision");

    ObjectNode map = states.putObject("Executors");
    map.put("Type", "Map");
    int cap = limits.maxExecutors(job);
    boolean distributed = limits.distributedMap(job);
    if (distributed) {
      // The round's group references are one JSON array in the store (the Driver wrote it); the
      // decision names only its bucket and key, so its payload stays small at 10,000 executors.
      ObjectNode reader = map.putObject("ItemReader");
      reader.put("Resource", S3_GET_OBJECT);
      reader.putObject("ReaderConfig").put("InputType", "JSON");
      ObjectNode readerParams = reader.putObject("Parameters");
      readerParams.put("Bucket.$", "$." + ITEMS + ".bucket");
      readerParams.put("Key.$", "$." + ITEMS + ".key");
    } else {
      map.put("ItemsPath", "$.groups");
    }
    map.put("MaxConcurrency", cap);
    if (distributed) {
      // Executors that fail are caught inside their child execution and re-planned by the Driver, and a
      // child that fails as a whole (an Express child past its 5 minutes) is too: no child failure may
      // fail the map run (and with it the execution).
      map.put("ToleratedFailurePercentage", 100);
    }
    ObjectNode processor = map.putObject("ItemProcessor");
    ObjectNode config = processor.putObject("ProcessorConfig");
    if (distributed) {
      // Past the inline Map's 40: a Distributed Map, each executor a child execution with its own
      // history (not counted in this execution's).
      config.put("Mode", "DISTRIBUTED");
      config.put("ExecutionType", childExecutionType(job));
    } else {
      config.put("Mode", "INLINE");
    }
    processor.put("StartAt", "Executor");
    ObjectNode inner = processor.putObject("States");
    ObjectNode executor = inner.putObject("Executor");
    executor.put("Type", "Task");
    executor.put("Resource", arns.executor());
    executor.set("Retry", lambdaRetry());
    ArrayNode catchers = executor.putArray("Catch");
    ObjectNode catchAll = catchers.addObject();
    catchAll.putArray("ErrorEquals").add("States.ALL");
    catchAll.put("ResultPath", "$.failure");
    catchAll.put("Next", "ExecutorStopped");
    if (distributed) {
      // A map run's results are one payload (256 KB on Step Functions, even when ResultPath drops
      // them): each child answers {} so that 10,000 of them fit.
      executor.putObject("ResultSelector");
    }
    executor.put("End", true);
    ObjectNode stopped = inner.putObject("ExecutorStopped");
    stopped.put("Type", "Pass");
    stopped.put("Comment", "An executor that failed or timed out: its uncommitted tasks go back to the Driver");
    if (distributed) {
      stopped.putObject("Result");
    }
    stopped.put("End", true);
    map.putNull("ResultPath");
    map.put("Next", "Driver");

    ObjectNode sleep = states.putObject("Sleep");
    sleep.put("Type", "Wait");
    sleep.put("SecondsPath", "$.sleepSeconds");
    sleep.put("Next", "Driver");

    ObjectNode chain = states.putObject("ContinueAsNew");
    chain.put("Type", "Task");
    chain.put("Comment", "Chain a new execution before this one's history reaches its limit");
    chain.put("Resource", START_EXECUTION);
    ObjectNode chainParams = chain.putObject("Parameters");
    chainParams.put("StateMachineArn.$", "$$.StateMachine.Id");
    ObjectNode chainInput = chainParams.putObject("Input");
    chainInput.put("run.$", "$.run");
    chainInput.put("seq.$", "$.seq");
    chainInput.put("AWS_STEP_FUNCTIONS_STARTED_BY_EXECUTION_ID.$", "$$.Execution.Id");
    chain.put("Next", "Chained");
    states.putObject("Chained").put("Type", "Succeed");

    states.putObject("Succeeded").put("Type", "Succeed");

    ObjectNode failed = states.putObject("Failed");
    failed.put("Type", "Fail");
    failed.put("ErrorPath", "$.error");
    failed.put("CausePath", "$.cause");

    ObjectNode unknown = states.putObject("UnknownDecision");
    unknown.put("Type", "Fail");
    unknown.put("Error", "Sluice.UnknownDecision");
    unknown.put("Cause", "The Driver returned an action this state machine does not know; is the deployed definition older than the Driver?");
    return def;
  }

  /**
   * The type of a Distributed Map's child executions: Express (cheaper, and its events are in no
   * history) when an executor stops within Express's 5 minutes, else Standard, since an Express child
   * would end while its executor still runs and the Driver would schedule its tasks again meanwhile.
   */
  static String childExecutionType(Job job) {
    return job.settings().executorTimeout().compareTo(EXPRESS_LIMIT) <= 0 ? "EXPRESS" : "STANDARD";
  }

  private static void choice(ArrayNode choices, String action, String next) {
    ObjectNode c = choices.addObject();
    c.put("Variable", "$." + Decision.ACTION);
    c.put("StringEquals", action);
    c.put("Next", next);
  }

  private static JsonNode lambdaRetry() {
    ArrayNode retry = F.arrayNode();
    ObjectNode r = retry.addObject();
    ArrayNode errors = r.putArray("ErrorEquals");
    RETRYABLE_LAMBDA_ERRORS.forEach(errors::add);
    r.put("IntervalSeconds", 1);
    r.put("MaxAttempts", 6);
    r.put("BackoffRate", 2.0);
    r.put("JitterStrategy", "FULL");
    return retry;
  }
}
