package io.sluice.loop;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sluice.Goal;
import io.sluice.Job;
import io.sluice.Plan;
import io.sluice.PlanContext;
import io.sluice.Stage;
import io.sluice.StageSettings;
import io.sluice.driver.Decision;
import io.sluice.statemachine.StateMachine;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class LoopDefinitionTest {
  static Stage stage(String name, StageSettings settings) {
    return new Stage() {
      @Override
      public String name() {
        return name;
      }

      @Override
      public StageSettings settings() {
        return settings;
      }

      @Override
      public Plan plan(PlanContext context) {
        return Plan.done();
      }
    };
  }

  static final Job JOB = Job.builder("loop-test")
      .stage(stage("a", StageSettings.builder().goal(Goal.STABILITY).build()))
      .stage(stage("b", StageSettings.builder().maxExecutors(25).build()))
      .build();

  @Test
  void theGeneratedLoopIsAValidStateMachine() {
    ObjectNode def = LoopDefinition.generate(JOB, FunctionArns.local("loop-test"));
    StateMachine.parse(def); // throws InvalidDefinitionException, listing each problem, if not
    assertThat(def.path("StartAt").asText()).isEqualTo("Driver");
  }

  @Test
  void theRouteHasAWayForEveryDecision() {
    JsonNode route = LoopDefinition.generate(JOB, FunctionArns.local("loop-test")).path("States").path("Route");
    List<String> actions = new ArrayList<>();
    route.path("Choices").forEach(c -> {
      assertThat(c.path("Variable").asText()).isEqualTo("$.action");
      actions.add(c.path("StringEquals").asText());
    });
    assertThat(actions).containsExactlyElementsOf(Decision.ACTIONS);
    assertThat(route.path("Default").asText()).isEqualTo("UnknownDecision");
  }

  @Test
  void executorsRunAsAMapOverGroupReferencesCappedAtTheJobsLargestStage() {
    JsonNode map = LoopDefinition.generate(JOB, FunctionArns.local("loop-test")).path("States").path("Executors");
    assertThat(map.path("Type").asText()).isEqualTo("Map");
    assertThat(map.path("ItemsPath").asText()).isEqualTo("$.groups");
    assertThat(map.path("MaxConcurrency").asInt()).isEqualTo(25);
    assertThat(map.path("ResultPath").isNull()).isTrue();
    JsonNode executor = map.path("ItemProcessor").path("States").path("Executor");
    assertThat(executor.path("Catch").get(0).path("ErrorEquals").get(0).asText()).isEqualTo("States.ALL");
  }

  @Test
  void lambdaTasksRetryTheTransientLambdaErrors() {
    ObjectNode def = LoopDefinition.generate(JOB, new FunctionArns("arn:d", "arn:e"));
    JsonNode driverRetry = def.path("States").path("Driver").path("Retry");
    JsonNode executorRetry = def.path("States").path("Executors").path("ItemProcessor").path("States").path("Executor")
        .path("Retry");
    for (JsonNode retrier : List.of(driverRetry.get(1), executorRetry.get(0))) {
      List<String> errors = new ArrayList<>();
      retrier.path("ErrorEquals").forEach(e -> errors.add(e.asText()));
      assertThat(errors).containsExactlyElementsOf(LoopDefinition.RETRYABLE_LAMBDA_ERRORS);
    }
    assertThat(def.path("States").path("Driver").path("Resource").asText()).isEqualTo("arn:d");
    // The Driver is idempotent: it is retried on any task failure as well.
    JsonNode last = driverRetry.get(2);
    assertThat(last.path("ErrorEquals").get(0).asText()).isEqualTo("States.TaskFailed");
    assertThat(last.path("MaxAttempts").asInt()).isEqualTo(LoopDefinition.DRIVER_RETRIES);
  }

  @Test
  void theDriversFinalErrorsComeFirstAndAreNotRetried() {
    JsonNode first = LoopDefinition.generate(JOB, FunctionArns.local("x")).path("States").path("Driver").path("Retry").get(0);
    List<String> errors = new ArrayList<>();
    first.path("ErrorEquals").forEach(e -> errors.add(e.asText()));
    assertThat(errors).containsExactlyElementsOf(io.sluice.driver.DriverHandler.FINAL_ERRORS)
        .contains("Sluice.InvalidInput", "Sluice.StateNotFound", "Sluice.CorruptState", "Sluice.WrongJob");
    assertThat(first.path("MaxAttempts").asInt()).isZero();
  }

  @Test
  void sleepWaitsForTheDriversSecondsAndFailCarriesItsErrorAndCause() {
    ObjectNode states = (ObjectNode) LoopDefinition.generate(JOB, FunctionArns.local("x")).path("States");
    assertThat(states.path("Sleep").path("SecondsPath").asText()).isEqualTo("$.sleepSeconds");
    assertThat(states.path("Failed").path("ErrorPath").asText()).isEqualTo("$.error");
    assertThat(states.path("Failed").path("CausePath").asText()).isEqualTo("$.cause");
  }

  static JsonNode tree(String text) {
    try {
      return new com.fasterxml.jackson.databind.ObjectMapper().readTree(text);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  static final Job WIDE = Job.builder("wide").stage(stage("a", StageSettings.DEFAULTS)).build();

  /** A job asking for 100 executors at once, each stopping within Express's 5 minutes. */
  static final Job HUNDRED = Job.builder("hundred").stage(stage("a", StageSettings.builder().maxExecutors(100).build()))
      .settings(io.sluice.JobSettings.builder().executorTimeout(java.time.Duration.ofMinutes(5))
          .executorBudget(java.time.Duration.ofMinutes(4)).build())
      .build();

  static java.nio.file.Path written(String name, ObjectNode def) throws java.io.IOException {
    // scripts/test runs the independent validator (npm asl-validator) over what is written here.
    java.nio.file.Path out = java.nio.file.Path.of("target", "asl", name + ".json");
    java.nio.file.Files.createDirectories(out.getParent());
    java.nio.file.Files.writeString(out, def.toPrettyString());
    return out;
  }

  @Test
  void upToFortyExecutorsTheMapIsInline() throws Exception {
    ObjectNode def = LoopDefinition.generate(WIDE, FunctionArns.local("wide"));
    JsonNode map = def.path("States").path("Executors");
    assertThat(map.path("MaxConcurrency").asInt()).isEqualTo(LoopDefinition.INLINE_MAP_LIMIT);
    assertThat(map.at("/ItemProcessor/ProcessorConfig/Mode").asText()).isEqualTo("INLINE");
    assertThat(map.path("ItemsPath").asText()).isEqualTo("$.groups");
    assertThat(map.has("ItemReader")).isFalse();
    assertThat(map.has("ToleratedFailurePercentage")).isFalse();
    written("inline-loop", LoopDefinition.generate(WIDE, new FunctionArns(
        "arn:aws:lambda:us-east-1:123456789012:function:sluice-wide-driver",
        "arn:aws:lambda:us-east-1:123456789012:function:sluice-wide-executor")));
  }

  @Test
  void aboveFortyExecutorsTheMapIsDistributedReadingTheRoundFromTheStoreWithChildrenThatMayAllFail() throws Exception {
    ObjectNode def = LoopDefinition.generate(HUNDRED, FunctionArns.local("hundred"));
    StateMachine.parse(def);
    JsonNode map = def.path("States").path("Executors");
    assertThat(map.path("MaxConcurrency").asInt()).isEqualTo(100);
    assertThat(map.at("/ItemProcessor/ProcessorConfig/Mode").asText()).isEqualTo("DISTRIBUTED");
    assertThat(map.at("/ItemProcessor/ProcessorConfig/ExecutionType").asText()).isEqualTo("EXPRESS");
    assertThat(map.path("ToleratedFailurePercentage").asInt()).isEqualTo(100);
    assertThat(map.has("ItemsPath")).as("the items are not in the payload").isFalse();
    assertThat(map.at("/ItemReader/Resource").asText()).isEqualTo("arn:aws:states:::s3:getObject");
    assertThat(map.at("/ItemReader/ReaderConfig/InputType").asText()).isEqualTo("JSON");
    assertThat(map.at("/ItemReader/Parameters/Bucket.$").asText()).isEqualTo("$.items.bucket");
    assertThat(map.at("/ItemReader/Parameters/Key.$").asText()).isEqualTo("$.items.key");
    written("distributed-loop", LoopDefinition.generate(HUNDRED, new FunctionArns(
        "arn:aws:lambda:us-east-1:123456789012:function:sluice-hundred-driver",
        "arn:aws:lambda:us-east-1:123456789012:function:sluice-hundred-executor")));
  }

  @Test
  void childrenAreStandardWhenAnExecutorMayRunPastExpresssFiveMinutes() throws Exception {
    Job slow = Job.builder("slow").stage(stage("a", StageSettings.builder().maxExecutors(1000).build())).build();
    ObjectNode def = LoopDefinition.generate(slow, FunctionArns.local("slow"));
    assertThat(slow.settings().executorTimeout()).isGreaterThan(LoopDefinition.EXPRESS_LIMIT);
    assertThat(def.at("/States/Executors/ItemProcessor/ProcessorConfig/ExecutionType").asText()).isEqualTo("STANDARD");
    assertThat(def.at("/States/Executors/MaxConcurrency").asInt()).isEqualTo(1000);
    written("distributed-standard-children-loop", def);
  }

  static final class MemoryObjects implements io.sluice.statemachine.ObjectSource {
    final java.util.Map<String, byte[]> objects = new java.util.concurrent.ConcurrentHashMap<>();

    @Override
    public List<String> list(String bucket, String prefix) {
      return objects.keySet().stream().filter(k -> k.startsWith(bucket + "/" + prefix)).sorted()
          .map(k -> k.substring(bucket.length() + 1)).toList();
    }

    @Override
    public byte[] get(String bucket, String key) {
      byte[] b = objects.get(bucket + "/" + key);
      if (b == null) {
        throw new java.util.NoSuchElementException("s3://" + bucket + "/" + key + " does not exist");
      }
      return b;
    }

    @Override
    public void put(String bucket, String key, byte[] content) {
      objects.put(bucket + "/" + key, content);
    }
  }

  @Test
  void theDistributedLoopRunsOnTheInterpreterReadingItsItemsWithEachExecutorAChildExecution() throws Exception {
    ObjectNode def = LoopDefinition.generate(HUNDRED, new FunctionArns("arn:d", "arn:e"));
    com.fasterxml.jackson.databind.ObjectMapper json = new com.fasterxml.jackson.databind.ObjectMapper();
    MemoryObjects objects = new MemoryObjects();
    StringBuilder groups = new StringBuilder();
    for (int g = 0; g < 60; g++) {
      groups.append(g == 0 ? "" : ",").append("{\"group\":").append(g).append('}');
    }
    objects.put("work", "runs/r/items.json", ("[" + groups + "]").getBytes(java.nio.charset.StandardCharsets.UTF_8));
    java.util.concurrent.atomic.AtomicInteger driverCalls = new java.util.concurrent.atomic.AtomicInteger();
    java.util.Set<Integer> executed = java.util.concurrent.ConcurrentHashMap.newKeySet();
    java.util.Map<String, io.sluice.statemachine.ExecutionResult> children = new java.util.concurrent.ConcurrentHashMap<>();
    io.sluice.statemachine.ExecutionResult r = io.sluice.statemachine.Interpreter.builder()
        .clock(new io.sluice.statemachine.testing.VirtualClock())
        .objectSource(objects)
        .childExecutionListener(children::put)
        .taskInvoker(inv -> {
          if (inv.resource().equals("arn:d")) {
            if (driverCalls.incrementAndGet() == 1) {
              return tree("{\"run\":\"r\",\"seq\":1,\"action\":\"run_executors\","
                  + "\"items\":{\"bucket\":\"work\",\"key\":\"runs/r/items.json\",\"count\":60}}");
            }
            return tree("{\"run\":\"r\",\"seq\":2,\"action\":\"succeed\"}");
          }
          int g = inv.input().path("group").asInt();
          if (g == 7) {
            throw new io.sluice.statemachine.StatesError("Sluice.ExecutorCrashed", "group 7 crashed");
          }
          executed.add(g);
          return tree("{\"committed\":1,\"stage\":\"a\"}");
        }).build().run(StateMachine.parse(def), json.readTree("{\"run\":\"r\"}"));
    assertThat(r.status()).as(r.cause()).isEqualTo(io.sluice.statemachine.ExecutionStatus.SUCCEEDED);
    assertThat(driverCalls.get()).isEqualTo(2);
    assertThat(executed).hasSize(59).doesNotContain(7);
    assertThat(children).hasSize(60);
    assertThat(children.values()).allSatisfy(c -> {
      assertThat(c.status()).isEqualTo(io.sluice.statemachine.ExecutionStatus.SUCCEEDED);
      assertThat(c.output()).as("each child answers {}, so 10,000 answers fit in a payload").isEqualTo(tree("{}"));
    });
    List<String> types = r.history().stream().map(io.sluice.statemachine.HistoryEvent::type).toList();
    assertThat(types).contains("MapRunStarted", "MapRunSucceeded").doesNotContain("MapIterationStarted");
  }

  @Test
  void aDistributedRoundWhoseItemsObjectIsMissingFailsTheExecutionNamingIt() throws Exception {
    ObjectNode def = LoopDefinition.generate(HUNDRED, new FunctionArns("arn:d", "arn:e"));
    io.sluice.statemachine.ExecutionResult r = io.sluice.statemachine.Interpreter.builder()
        .clock(new io.sluice.statemachine.testing.VirtualClock())
        .objectSource(new MemoryObjects())
        .taskInvoker(inv -> tree("{\"run\":\"r\",\"seq\":1,\"action\":\"run_executors\","
            + "\"items\":{\"bucket\":\"work\",\"key\":\"runs/r/gone.json\",\"count\":3}}"))
        .build().run(StateMachine.parse(def), tree("{\"run\":\"r\"}"));
    assertThat(r.status()).isEqualTo(io.sluice.statemachine.ExecutionStatus.FAILED);
    assertThat(r.error()).isEqualTo("States.ItemReaderFailed");
    assertThat(r.cause()).contains("s3://work/runs/r/gone.json");
  }
}
