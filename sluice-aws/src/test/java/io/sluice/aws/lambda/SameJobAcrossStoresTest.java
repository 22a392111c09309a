package io.sluice.aws.lambda;

import static org.assertj.core.api.Assertions.assertThat;


import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sluice.Job;
import io.sluice.aws.s3.S3ObjectStore;
import io.sluice.aws.s3.S3ProxyServer;
import io.sluice.examples.demo.DemoJob;
import io.sluice.local.LocalRuntime;
import io.sluice.local.ProgressListener;
import io.sluice.local.RunResult;
import io.sluice.loop.FunctionArns;
import io.sluice.loop.LoopDefinition;
import io.sluice.parquet.ParquetFormat;
import io.sluice.record.BadRecordPolicy;
import io.sluice.record.InputFile;
import io.sluice.record.ReadOptions;
import io.sluice.record.RecordReader;
import io.sluice.record.Row;
import io.sluice.record.Schema;
import io.sluice.record.Split;
import io.sluice.runtime.RuntimeLimits;
import io.sluice.statemachine.ExecutionResult;
import io.sluice.statemachine.Interpreter;
import io.sluice.statemachine.StateMachine;
import io.sluice.statemachine.StatesError;
import io.sluice.statemachine.TaskInvocation;
import io.sluice.statemachine.TaskInvoker;
import io.sluice.store.ObjectInfo;
import io.sluice.store.ObjectStore;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * One job, two runtimes, two stores, the same output. The demo job ({@link DemoJob}: generate a
 * 1 MB sample of order events, clean it, revenue per tenant per day, then the orders as a partitioned
 * Parquet table, compacted) runs
 *
 * <ol>
 *   <li>on the {@link LocalRuntime} with the directory store, and
 *   <li>as on AWS: its generated loop definition on the project's state-machine interpreter, whose
 *       Task resources are the Driver's and the Executor's Lambda entry points ({@link
 *       DriverFunction}, {@link ExecutorFunction}) under the real runtime interface client in child
 *       JVMs ({@link RuntimeFunction}), configured by the environment alone as on Lambda, on the S3
 *       store against S3Proxy on loopback ({@link S3ProxyServer}, whose create-if-absent is atomic);
 * </ol>
 *
 * <p>and the job's outputs are the same on both stores: its report and summary ({@code output/}) byte
 * for byte; its orders table ({@code tables/orders/}) file for file, with the task ids that name the
 * data files left out, each Parquet file's pages byte for byte and its rows equal, its manifests equal
 * but for their commit times, its report byte for byte (why not all bytes: {@link
 * #assertSameTableObject}); and each stage's committed task outputs by content, and by key with the
 * task id left out. A task id is derived from its inputs' versions (ETags), which each store makes its
 * own way (S3: an MD5; the directory store: inode, size and time).
 */
class SameJobAcrossStoresTest {
  private static final String RUN = "e2e";
  private static final Map<String, String> PARAMETERS = Map.of("size", "1", "seed", "7");
  private static final FunctionArns ARNS = new FunctionArns(
      "arn:aws:lambda:us-east-1:123456789012:function:sluice-demo-driver",
      "arn:aws:lambda:us-east-1:123456789012:function:sluice-demo-executor");

  @TempDir Path dir;

  @Test
  void theDemoThroughTheLambdaEntryPointsOnS3WritesWhatTheLocalRuntimeWritesOnADirectory() throws Exception {
    Job job = new DemoJob().create();

    RunResult local;
    try (LocalRuntime runtime = LocalRuntime.builder(job).storeDir(dir.resolve("store")).build()) {
      local = runtime.run(RUN, PARAMETERS, ProgressListener.none());
      assertThat(local.succeeded()).as("the local run: %s", local).isTrue();

      S3ProxyServer s3 = S3ProxyServer.shared();
      String bucket = s3.newBucket();
      try (S3Client client = s3.client()) {
        ObjectStore onS3 = new S3ObjectStore(client, bucket, "sluice/");
        runThroughTheEntryPoints(job, Map.of(
            "SLUICE_JOB", "demo",
            "SLUICE_STORE", "s3://" + bucket + "/sluice",
            "SLUICE_S3_ENDPOINT", s3.endpoint().toString(),
            "SLUICE_S3_CHUNKED_ENCODING", Boolean.toString(S3ProxyServer.CHUNKED_ENCODING),
            // as Lambda hands a function its role's credentials: in the environment
            "AWS_ACCESS_KEY_ID", S3ProxyServer.ACCESS_KEY,
            "AWS_SECRET_ACCESS_KEY", S3ProxyServer.SECRET_KEY));

        ObjectStore onDisk = runtime.store();
        // The report and the summary: byte for byte.
        Map<String, byte[]> outputS3 = objects(onS3, "output/");
        Map<String, byte[]> outputDisk = objects(onDisk, "output/");
        assertThat(outputS3.keySet()).containsExactly("output/demo/e2e/revenue_by_tenant_day.csv", "output/demo/e2e/summary.json")
            .containsExactlyElementsOf(outputDisk.keySet());
        outputS3.forEach((key, bytes) -> assertThat(bytes).as(key).isEqualTo(outputDisk.get(key)));
        // The orders table: the same files (named by task ids), manifests and report.
        Map<String, byte[]> tableS3 = byTaskFreeKey(objects(onS3, "tables/"));
        Map<String, byte[]> tableDisk = byTaskFreeKey(objects(onDisk, "tables/"));
        assertThat(tableS3.keySet()).hasSizeGreaterThan(10).containsExactlyElementsOf(tableDisk.keySet());
        for (var entry : tableS3.entrySet()) {
          assertSameTableObject(entry.getKey(), entry.getValue(), tableDisk.get(entry.getKey()));
        }
        assertThat(stageOutputs(onS3)).isNotEmpty().isEqualTo(stageOutputs(onDisk));
      }
    }
  }

  /**
   * Runs {@link #RUN} of {@code job} as Step Functions would: the loop definition on the interpreter,
   * each Driver and Executor task a Lambda invocation of the entry point, and each continue-as-new
   * ({@code states:startExecution}) a new execution once the current one has ended.
   */
  private void runThroughTheEntryPoints(Job job, Map<String, String> env) throws Exception {
    StateMachine machine = StateMachine.parse(LoopDefinition.generate(job, ARNS, RuntimeLimits.LAMBDA_STEP_FUNCTIONS));
    Path driverLog = RuntimeFunction.logFile("across-stores-driver");
    Path executorLog = RuntimeFunction.logFile("across-stores-executor");
    List<String> jvm = List.of("-Xmx1g", "-XX:+UseSerialGC");
    try (RuntimeFunction driver = RuntimeFunction.start("sluice-demo-driver", DriverFunction.HANDLER, env, driverLog,
            RuntimeFunction.testClassPath(), jvm);
        RuntimeFunction executor = RuntimeFunction.start("sluice-demo-executor", ExecutorFunction.HANDLER, env, executorLog,
            RuntimeFunction.testClassPath(), jvm)) {
      LambdaTasks tasks = new LambdaTasks(driver.api, executor.api);
      Interpreter interpreter = Interpreter.builder().taskInvoker(tasks).build();
      ObjectNode input = JsonNodeFactory.instance.objectNode();
      input.put("run", RUN);
      input.put("seq", 0);
      ObjectNode values = input.putObject("parameters");
      new TreeMap<>(PARAMETERS).forEach(values::put);
      JsonNode next = input;
      int executions = 0;
      ExecutionResult result;
      do {
        executions++;
        result = interpreter.start(machine, next, RUN + "-" + executions).await();
        next = tasks.chained.getAndSet(null);
      } while (result.succeeded() && next != null);
      assertThat(result.succeeded()).as("execution %d: %s\n%s\n%s", executions, result, read(driverLog), read(executorLog)).isTrue();
      // Every task went through the entry points: each function answered through its Runtime API.
      assertThat(tasks.driverCalls.get()).isGreaterThan(1);
      assertThat(tasks.executorCalls.get()).isGreaterThan(1);
      assertThat(responses(driver.api)).isGreaterThan(1).isLessThanOrEqualTo(tasks.driverCalls.get());
      assertThat(responses(executor.api)).isGreaterThan(1).isLessThanOrEqualTo(tasks.executorCalls.get());
    }
  }

  /**
   * The Task resources of the loop as Step Functions serves them on AWS: the Driver's and the
   * Executor's ARNs are synchronous Lambda invocations (a function error becomes the task's error, its
   * errorType the error name and {errorType, errorMessage} the cause); {@code states:startExecution}
   * records the chained execution's input.
   */
  private static final class LambdaTasks implements TaskInvoker {
    private final RuntimeApiServer driver;
    private final RuntimeApiServer executor;
    final AtomicReference<JsonNode> chained = new AtomicReference<>();
    final AtomicInteger driverCalls = new AtomicInteger();
    final AtomicInteger executorCalls = new AtomicInteger();

    LambdaTasks(RuntimeApiServer driver, RuntimeApiServer executor) {
      this.driver = driver;
      this.executor = executor;
    }

    @Override
    public JsonNode invoke(TaskInvocation inv) {
      String resource = inv.resource();
      if (resource.equals(ARNS.driver())) {
        driverCalls.incrementAndGet();
        return call(driver, inv.input());
      }
      if (resource.equals(ARNS.executor())) {
        executorCalls.incrementAndGet();
        return call(executor, inv.input());
      }
      if (resource.equals(LoopDefinition.START_EXECUTION)) {
        chained.set(inv.input().path("Input").deepCopy());
        ObjectNode out = JsonNodeFactory.instance.objectNode();
        out.put("ExecutionArn", inv.executionArn() + "-chained");
        return out;
      }
      throw new StatesError("States.Runtime", "No function for resource '" + resource + "'");
    }

    private static JsonNode call(RuntimeApiServer function, JsonNode input) {
      try {
        return function.invoke(input);
      } catch (RuntimeApiServer.InvocationFailed e) {
        ObjectNode cause = JsonNodeFactory.instance.objectNode();
        cause.put("errorType", e.errorType);
        cause.put("errorMessage", e.errorMessage);
        throw new StatesError(e.errorType, cause.toString(), e);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new StatesError("States.Runtime", "Interrupted while invoking a function");
      } catch (Exception e) {
        // No answer in time, or an unreadable one: Lambda's service failure, which the loop retries.
        throw new StatesError("Lambda.ServiceException", String.valueOf(e), e);
      }
    }
  }

  /** A task id ({@code t} and 24 hex digits), as it appears in keys and in manifests. */
  private static final Pattern TASK_ID = Pattern.compile("t[0-9a-f]{24}");

  /** The objects with each task id in their keys replaced by {@code TASK}. */
  private static Map<String, byte[]> byTaskFreeKey(Map<String, byte[]> objects) {
    Map<String, byte[]> renamed = new TreeMap<>();
    objects.forEach((key, bytes) -> assertThat(renamed.put(TASK_ID.matcher(key).replaceAll("TASK"), bytes)).as(key).isNull());
    return renamed;
  }

  /**
   * One object of the table, as written on S3 and on the directory store. Parquet files: the same
   * bytes up to the footer (every page and dictionary), a footer of the same length, and the same
   * rows; their footers differ in the order of each column chunk's list of encodings (e.g. [PLAIN,
   * RLE_DICTIONARY] against [RLE_DICTIONARY, PLAIN]: parquet-java takes that list from a hash set of
   * enum constants, whose order follows identity hash codes and so changes from one JVM to the next,
   * and these files were written in three). Manifests: the same JSON but for the commit's wall-clock
   * {@code timestamp}, with task ids left out of file paths. Anything else: byte for byte.
   */
  private static void assertSameTableObject(String key, byte[] s3, byte[] disk) throws IOException {
    if (key.endsWith(".parquet")) {
      int footer = footerStart(s3);
      assertThat(footerStart(disk)).as("footer of %s", key).isEqualTo(footer);
      assertThat(Arrays.copyOf(s3, footer)).as("pages of %s", key).isEqualTo(Arrays.copyOf(disk, footer));
      assertThat(s3.length).as(key).isEqualTo(disk.length);
      assertThat(rows(key, s3)).as("rows of %s", key).isNotEmpty().isEqualTo(rows(key, disk));
    } else if (key.contains("/_sluice/manifests/")) {
      assertThat(manifest(s3)).as(key).isEqualTo(manifest(disk));
    } else {
      assertThat(s3).as(key).isEqualTo(disk);
    }
  }

  /** Where a Parquet file's footer starts: its length is the little-endian int before the closing "PAR1". */
  private static int footerStart(byte[] parquet) {
    int n = parquet.length;
    int footer = (parquet[n - 8] & 0xff) | (parquet[n - 7] & 0xff) << 8 | (parquet[n - 6] & 0xff) << 16 | (parquet[n - 5] & 0xff) << 24;
    return n - 8 - footer;
  }

  private static List<Row> rows(String name, byte[] parquet) throws IOException {
    InputFile file = InputFile.of(name, parquet);
    Schema schema = ParquetFormat.schemaOf(file);
    List<Row> rows = new ArrayList<>();
    try (RecordReader in = ParquetFormat.DEFAULT.reader(file,
        Split.whole(file.length()), schema,
        ReadOptions.of(BadRecordPolicy.fail()))) {
      while (in.next()) {
        rows.add(in.row().copy());
      }
    }
    return rows;
  }

  private static JsonNode manifest(byte[] json) throws IOException {
    ObjectNode tree = (ObjectNode) WordCountLoop.JSON.readTree(TASK_ID.matcher(new String(json, StandardCharsets.UTF_8)).replaceAll("TASK"));
    assertThat(tree.remove("timestamp")).as("a manifest's commit time").isNotNull();
    return tree;
  }

  /** Every object under {@code prefix}: key to content, in key order. */
  private static Map<String, byte[]> objects(ObjectStore store, String prefix) {
    Map<String, byte[]> objects = new TreeMap<>();
    for (ObjectInfo info : store.listAll(prefix)) {
      objects.put(info.key(), store.get(info.key()));
    }
    return objects;
  }

  /** Each committed stage output as "key without its task id => content", sorted. */
  private static List<String> stageOutputs(ObjectStore store) {
    List<String> outputs = new ArrayList<>();
    for (ObjectInfo info : store.listAll("runs/" + RUN + "/stages/")) {
      if (info.key().contains("/out/")) {
        outputs.add(info.key().replaceFirst("/out/t[0-9a-f]+/", "/out/TASK/") + " => "
            + new String(store.get(info.key()), StandardCharsets.UTF_8));
      }
    }
    outputs.sort(null);
    return outputs;
  }

  /** How many invocations the function's runtime answered with a response (not an error). */
  private static long responses(RuntimeApiServer api) {
    return api.requests().stream().filter(r -> r.startsWith("POST ") && r.endsWith("/response")).count();
  }

  private static String read(Path file) {
    try {
      return Files.exists(file) ? Files.readString(file) : "(no log)";
    } catch (IOException e) {
      return e.toString();
    }
  }
}
