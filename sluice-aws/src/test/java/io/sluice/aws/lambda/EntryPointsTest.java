package io.sluice.aws.lambda;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.JsonNode;
import io.sluice.driver.DriverHandler;
import io.sluice.function.FunctionException;
import io.sluice.store.ObjectStore;
import io.sluice.store.ObjectStores;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The entry points called directly, as Lambda's runtime calls a stream handler. */
class EntryPointsTest {
  @TempDir Path dir;

  private FunctionEnvironment env() {
    return new FunctionEnvironment("word-count", dir.toUri().toString());
  }

  static JsonNode call(SluiceFunction function, JsonNode event) throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    function.handleRequest(new ByteArrayInputStream(WordCountLoop.JSON.writeValueAsBytes(event)), out,
        TestContext.of(function instanceof DriverFunction ? "driver" : "executor"));
    return WordCountLoop.JSON.readTree(out.toByteArray());
  }

  @Test
  void driverAndExecutorRunTheWordCountToTheEnd() throws Exception {
    ObjectStore store = ObjectStores.open(dir.toString()).store();
    Map<String, Integer> expected = WordCountLoop.writeBooks(store, 5);
    DriverFunction driver = new DriverFunction(env());
    ExecutorFunction executor = new ExecutorFunction(env());

    JsonNode end = WordCountLoop.run("r1", e -> call(driver, e), e -> call(executor, e));

    assertThat(end.path("action").asText()).isEqualTo("succeed");
    assertThat(WordCountLoop.committedCounts(store, "r1", expected)).isEqualTo(expected);
  }

  @Test
  void aDriverFailureIsThrownAsAClassNamedByItsErrorType() throws Exception {
    DriverFunction driver = new DriverFunction(env());
    LambdaFailure failure = catchThrowableOfType(LambdaFailure.class,
        () -> call(driver, WordCountLoop.JSON.readTree("{\"run\":\"no such run!\"}")));

    // What the runtime interface client reports as errorType: the class name.
    assertThat(failure.getClass().getName()).isEqualTo("Sluice.InvalidInput").isEqualTo(failure.errorType());
    assertThat(DriverHandler.FINAL_ERRORS).contains(failure.getClass().getName());
    assertThat(failure.getMessage()).contains("'run'");
    assertThat(failure.getCause()).isInstanceOf(FunctionException.class);
  }

  @Test
  void aDriverCallForARunThatWasNeverStartedIsStateNotFound() throws Exception {
    DriverFunction driver = new DriverFunction(env());
    LambdaFailure failure = catchThrowableOfType(LambdaFailure.class,
        () -> call(driver, WordCountLoop.JSON.readTree("{\"run\":\"r9\",\"seq\":3}")));
    assertThat(failure.errorType()).isEqualTo("Sluice.StateNotFound");
    assertThat(failure.getMessage()).contains("r9");
  }

  @Test
  void anExecutorGivenAMissingManifestFailsWithManifestNotFound() throws Exception {
    ExecutorFunction executor = new ExecutorFunction(env());
    LambdaFailure failure = catchThrowableOfType(LambdaFailure.class, () -> call(executor, WordCountLoop.JSON.readTree(
        "{\"run\":\"r1\",\"stage\":\"count\",\"manifest\":\"runs/r1/nothing.json\",\"group\":0}")));
    assertThat(failure.errorType()).isEqualTo("Sluice.ManifestNotFound");
    assertThat(failure.getMessage()).contains("runs/r1/nothing.json");
  }

  @Test
  void oneErrorTypeIsOneClassAndNamesThatAreNotClassNamesKeepTheTypeInTheMessage() {
    LambdaFailure.Types types = new LambdaFailure.Types();
    LambdaFailure a = types.of(new FunctionException("Sluice.TaskFailed", "a"));
    LambdaFailure b = types.of(new FunctionException("Sluice.TaskFailed", "b"));
    assertThat(a.getClass()).isSameAs(b.getClass());
    assertThat(b.getMessage()).isEqualTo("b");

    LambdaFailure odd = types.of(new FunctionException("Not a-class name", "why"));
    assertThat(odd.errorType()).isEqualTo(LambdaFailure.class.getName());
    assertThat(odd.getMessage()).isEqualTo("Not a-class name: why");
    assertThat(types.of(new FunctionException("java.lang.Custom", "x")).getClass()).isEqualTo(LambdaFailure.class);
  }

  @Test
  void otherExceptionsReachTheRuntimeAsTheyAre() throws Exception {
    DriverFunction driver = new DriverFunction(env());
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    // Not JSON at all: the core handler's own refusal, whatever its class, is not wrapped.
    Throwable thrown = catchThrowableOfType(Throwable.class, () -> driver.handleRequest(
        new ByteArrayInputStream("{not json".getBytes(StandardCharsets.UTF_8)), out, TestContext.of("driver")));
    assertThat(thrown).isNotNull();
    assertThat(thrown.getClass().getName()).doesNotStartWith("io.sluice.aws.lambda.");
  }

  @Test
  void aMissingVariableIsNamed() {
    assertThatThrownBy(() -> FunctionEnvironment.from(Map.of("SLUICE_STORE", "file:/tmp/x")))
        .isInstanceOf(FunctionConfigurationException.class).hasMessageContaining("SLUICE_JOB is not set");
    assertThatThrownBy(() -> FunctionEnvironment.from(Map.of("SLUICE_JOB", "demo", "SLUICE_STORE", " ")))
        .isInstanceOf(FunctionConfigurationException.class).hasMessageContaining("SLUICE_STORE is blank");
  }

  @Test
  void anUnknownJobOrStoreIsRefusedAtInit() {
    assertThatThrownBy(() -> new DriverFunction(new FunctionEnvironment("nope", dir.toString())))
        .isInstanceOf(FunctionConfigurationException.class).hasMessageContaining("SLUICE_JOB=nope")
        .hasMessageContaining("word-count");
    assertThatThrownBy(() -> new ExecutorFunction(new FunctionEnvironment("word-count", "gopher://x/y")))
        .isInstanceOf(FunctionConfigurationException.class).hasMessageContaining("SLUICE_STORE=gopher://x/y");
  }
}
