package io.sluice.aws.lambda;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sluice.ParameterResolver;
import io.sluice.aws.ssm.ParameterStore;
import io.sluice.aws.ssm.SsmJsonEndpoint;
import io.sluice.aws.ssm.SsmParameterResolver;
import io.sluice.local.LocalRuntime;
import io.sluice.local.ProgressListener;
import io.sluice.local.RunResult;
import io.sluice.runtime.RuntimeLimits;
import io.sluice.store.ObjectStore;
import io.sluice.store.ObjectStores;
import io.sluice.time.Clock;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.ssm.SsmClient;

/**
 * Job parameters given as {@code ssm:} references, read at task time through Parameter Store: the
 * Driver and the Executor entry points on a directory store, the configuration in their environment
 * ({@code SLUICE_PARAM_<NAME>}) or in the run's input, Parameter Store served by the loopback {@link
 * SsmJsonEndpoint} (a stand-in: no SSM emulator is on Maven Central) through the real SDK client.
 */
class ParameterReferencesTest {
  private static final String PASSWORD = "/sluice/secret/db-password";
  private static final String SHARDS = "/sluice/secret/shards";

  @TempDir Path dir;
  private final String secret = "hunter2-" + UUID.randomUUID();
  private SsmJsonEndpoint ssm;
  private SsmClient client;
  private final ByteArrayOutputStream logs = new ByteArrayOutputStream();
  private PrintStream originalErr;
  private PrintStream originalOut;

  @BeforeEach
  void start() throws Exception {
    ssm = new SsmJsonEndpoint();
    ssm.put(PASSWORD, "SecureString", secret).put(SHARDS, "String", "3");
    client = SsmClient.builder().endpointOverride(ssm.uri()).region(Region.US_EAST_1)
        .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
        .httpClient(UrlConnectionHttpClient.create()).build();
    // Everything the functions log (slf4j-simple writes to System.err) and print.
    originalErr = System.err;
    originalOut = System.out;
    PrintStream capture = new PrintStream(logs, true, UTF_8);
    System.setErr(capture);
    System.setOut(capture);
  }

  @AfterEach
  void stop() {
    System.setErr(originalErr);
    System.setOut(originalOut);
    client.close();
    ssm.close();
  }

  /** One resolver per function instance, each with its own cache, as on Lambda. */
  private Supplier<ParameterResolver> resolvers() {
    return () -> new SsmParameterResolver(ParameterStore.builder(client).build());
  }

  private FunctionEnvironment env(Map<String, String> parameters) {
    return new FunctionEnvironment(SecretJob.class.getName(), dir.toUri().toString(), parameters);
  }

  private JsonNode run(String run, FunctionEnvironment env, ObjectNode parameters) throws Exception {
    DriverFunction driver = new DriverFunction(env, RuntimeLimits.LAMBDA_STEP_FUNCTIONS, Clock.system(), resolvers());
    ExecutorFunction executor = new ExecutorFunction(env, RuntimeLimits.LAMBDA_STEP_FUNCTIONS, Clock.system(), resolvers());
    return WordCountLoop.run(run, parameters, e -> EntryPointsTest.call(driver, e), e -> EntryPointsTest.call(executor, e));
  }

  private List<String> digests(String run) {
    ObjectStore store = ObjectStores.open(dir.toString()).store();
    List<String> out = new ArrayList<>();
    store.listAll("runs/" + run + "/").forEach(o -> {
      if (o.key().endsWith("/digest.txt")) {
        out.add(new String(store.get(o.key()), UTF_8));
      }
    });
    return out;
  }

  /** The files of the store whose bytes contain {@code text}. */
  private List<Path> filesHolding(String text) throws Exception {
    byte[] needle = text.getBytes(UTF_8);
    try (Stream<Path> files = Files.walk(dir)) {
      return files.filter(Files::isRegularFile).filter(f -> {
        try {
          return indexOf(Files.readAllBytes(f), needle) >= 0;
        } catch (java.io.IOException e) {
          throw new java.io.UncheckedIOException(e);
        }
      }).toList();
    }
  }

  private static int indexOf(byte[] hay, byte[] needle) {
    outer:
    for (int i = 0; i + needle.length <= hay.length; i++) {
      for (int j = 0; j < needle.length; j++) {
        if (hay[i + j] != needle[j]) {
          continue outer;
        }
      }
      return i;
    }
    return -1;
  }

  private List<SsmJsonEndpoint.Call> getParameters() {
    return ssm.calls().stream().filter(c -> c.target().equals("AmazonSSM.GetParameters")).toList();
  }

  @Test
  void aSecretFromTheEnvironmentReachesTheDriverAndTheTasksAndIsWrittenNowhere() throws Exception {
    FunctionEnvironment env = FunctionEnvironment.from(Map.of("SLUICE_JOB", SecretJob.class.getName(),
        "SLUICE_STORE", dir.toUri().toString(),
        "SLUICE_PARAM_DB_PASSWORD", "ssm:" + PASSWORD, "SLUICE_PARAM_SHARDS", "ssm:" + SHARDS));

    JsonNode end = run("r1", env, WordCountLoop.JSON.createObjectNode());

    assertThat(end.path("action").asText()).as(end.toString()).isEqualTo("succeed");
    // The plan read shards = 3 from Parameter Store; each task got the password.
    assertThat(digests("r1")).hasSize(3).containsOnly(SecretJob.sha256(secret));
    // Batched and cached per instance: one GetParameters of both names for the Driver instance (over all
    // its steps), one for the Executor instance (over all its groups), always decrypting.
    assertThat(getParameters()).hasSize(2).allSatisfy(c -> {
      assertThat(c.body().path("Names")).extracting(JsonNode::asText).containsExactlyInAnyOrder(PASSWORD, SHARDS);
      assertThat(c.body().path("WithDecryption").asBoolean()).isTrue();
    });
    // The secret is in no object of the store and in nothing logged; the digests are (the search works).
    assertThat(filesHolding(secret)).isEmpty();
    assertThat(filesHolding(SecretJob.sha256(secret))).hasSize(3);
    String logged = logs.toString(UTF_8);
    assertThat(logged).contains("run=r1").doesNotContain(secret);
  }

  @Test
  void aReferenceInTheRunsInputIsStoredAsTheReference() throws Exception {
    ObjectNode parameters = WordCountLoop.JSON.createObjectNode();
    parameters.put("db-password", "ssm:" + PASSWORD);
    parameters.put("shards", 2);

    JsonNode end = run("r2", env(Map.of()), parameters);

    assertThat(end.path("action").asText()).as(end.toString()).isEqualTo("succeed");
    assertThat(digests("r2")).hasSize(2).containsOnly(SecretJob.sha256(secret));
    assertThat(filesHolding("ssm:" + PASSWORD)).isNotEmpty();
    assertThat(filesHolding(secret)).isEmpty();
    assertThat(logs.toString(UTF_8)).doesNotContain(secret);
  }

  @Test
  void theLocalRuntimeReadsReferencesGivenAsRunParameters() throws Exception {
    try (LocalRuntime runtime = LocalRuntime.builder(new SecretJob().create()).storeDir(dir)
        .parameterResolver(resolvers().get()).build()) {
      RunResult result = runtime.run("l1", Map.of("db-password", "ssm:" + PASSWORD, "shards", "ssm:" + SHARDS),
          ProgressListener.none());
      assertThat(result.succeeded()).as(String.valueOf(result)).isTrue();
    }
    assertThat(digests("l1")).hasSize(3).containsOnly(SecretJob.sha256(secret));
    assertThat(filesHolding(secret)).isEmpty();
    assertThat(logs.toString(UTF_8)).doesNotContain(secret);
  }

  @Test
  void aFunctionReadsNoParameterBeforeAStageDoes() {
    new DriverFunction(env(Map.of("DB_PASSWORD", "ssm:" + PASSWORD, "SHARDS", "ssm:" + SHARDS)),
        RuntimeLimits.LAMBDA_STEP_FUNCTIONS, Clock.system(), resolvers());
    assertThat(ssm.calls()).isEmpty();
  }

  @Test
  void aSecretThatIsNotOfTheParametersTypeFailsTheRunWithoutShowingIt() throws Exception {
    String notANumber = "s3cr3t-" + UUID.randomUUID();
    ssm.put(SHARDS, "SecureString", notANumber);

    JsonNode end = run("r3", env(Map.of("DB_PASSWORD", "ssm:" + PASSWORD, "SHARDS", "ssm:" + SHARDS)),
        WordCountLoop.JSON.createObjectNode());

    assertThat(end.path("action").asText()).isEqualTo("fail");
    assertThat(end.path("cause").asText()).contains("'shards'").contains("an int").contains("ssm:" + SHARDS)
        .doesNotContain(notANumber);
    assertThat(filesHolding(notANumber)).isEmpty();
    assertThat(logs.toString(UTF_8)).doesNotContain(notANumber);
  }

  @Test
  void aMissingParameterFailsTheRunNamingIt() throws Exception {
    JsonNode end = run("r4", env(Map.of("DB_PASSWORD", "ssm:/sluice/secret/nope", "SHARDS", "1")),
        WordCountLoop.JSON.createObjectNode());

    assertThat(end.path("action").asText()).isEqualTo("fail");
    assertThat(end.path("cause").asText()).contains("'db-password'").contains("/sluice/secret/nope");
  }

  @Test
  void aVariableForNoParameterOfTheJobIsRefusedAtInit() {
    assertThatThrownBy(() -> new ExecutorFunction(env(Map.of("DB_PASSWRD", "ssm:" + PASSWORD)),
        RuntimeLimits.LAMBDA_STEP_FUNCTIONS, Clock.system(), resolvers()))
        .isInstanceOf(FunctionConfigurationException.class)
        .hasMessageContaining("SLUICE_PARAM_DB_PASSWRD").hasMessageContaining("db-password");
  }

  @Test
  void theVariableOfAParameterIsItsNameInUpperCaseWithUnderscores() {
    assertThat(FunctionEnvironment.variableFor("db-password")).isEqualTo("SLUICE_PARAM_DB_PASSWORD");
    assertThat(FunctionEnvironment.variableFor("input.prefix")).isEqualTo("SLUICE_PARAM_INPUT_PREFIX");
    assertThatThrownBy(() -> FunctionEnvironment.from(Map.of("SLUICE_JOB", "j", "SLUICE_STORE", "file:/x",
        "SLUICE_PARAM_X", " "))).isInstanceOf(FunctionConfigurationException.class).hasMessageContaining("SLUICE_PARAM_X is blank");
  }
}
