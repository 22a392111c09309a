package io.sluice.aws.lambda;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sluice.Job;
import io.sluice.Plan;
import io.sluice.Stage;
import io.sluice.StageSettings;
import io.sluice.TaskOutcome;
import io.sluice.TaskSpec;
import io.sluice.aws.s3.S3MockServer;
import io.sluice.aws.s3.S3ObjectStore;
import io.sluice.driver.DriverHandler;
import io.sluice.function.InvocationContext;
import io.sluice.local.store.FileSystemObjectStore;
import io.sluice.runtime.RuntimeLimits;
import io.sluice.time.Clock;
import java.nio.file.Path;
import java.time.Duration;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * On an S3 store, the Driver of a job past 40 executors writes each round's references where the
 * Distributed Map's ItemReader ({@code s3:getObject}) will look: the bucket and the full key of the
 * object under the store's prefix, read here back from S3Mock with the plain S3 client.
 */
class DistributedRoundItemsTest {
  @TempDir Path dir;

  static final Job WIDE = Job.builder("wide")
      .stage(Stage.named("s").settings(StageSettings.builder().maxExecutors(200).build())
          .plan(ctx -> Plan.tasks(IntStream.range(0, 120).mapToObj(TaskSpec::of).toList()))
          .run((task, ctx) -> TaskOutcome.done()).build())
      .build();

  static final InvocationContext CONTEXT = new InvocationContext() {
    @Override
    public String requestId() {
      return "req-1";
    }

    @Override
    public String functionName() {
      return "sluice-wide-driver";
    }

    @Override
    public int memoryMb() {
      return 2048;
    }

    @Override
    public Duration remainingTime() {
      return Duration.ofMinutes(15);
    }
  };

  @Test
  void theRoundsItemsAreInTheStoresBucketUnderItsPrefix() throws Exception {
    S3MockServer server = S3MockServer.shared();
    try (S3Client client = server.client()) {
      String bucket = server.newBucket();
      S3ObjectStore store = new S3ObjectStore(client, bucket, "jobs/wide/");
      DriverHandler driver = new DriverHandler(WIDE, store, Clock.system(), RuntimeLimits.LAMBDA_STEP_FUNCTIONS,
          DriverFunction.addressing(store));

      ObjectMapper json = new ObjectMapper();
      JsonNode decision = json.readTree(driver.handle("{\"run\":\"r1\",\"seq\":0}".getBytes(UTF_8), CONTEXT));

      assertThat(decision.path("action").asText()).isEqualTo("run_executors");
      assertThat(decision.has("groups")).isFalse();
      JsonNode items = decision.path("items");
      assertThat(items.path("bucket").asText()).isEqualTo(bucket);
      assertThat(items.path("key").asText()).startsWith("jobs/wide/runs/r1/").endsWith("/items.json");
      assertThat(items.path("count").asInt()).isEqualTo(120);
      JsonNode refs = json.readTree(client.getObjectAsBytes(b -> b.bucket(bucket).key(items.path("key").asText())).asByteArray());
      assertThat(refs).hasSize(120);
      // Each reference names its manifest by the store's own key, as the Executor reads it.
      String manifest = refs.get(119).path("manifest").asText();
      assertThat(store.exists(manifest)).isTrue();
      assertThat(refs.get(119).path("group").asInt()).isEqualTo(119);
    }
  }

  @Test
  void aDistributedJobNeedsAnS3StoreForItsDriver() {
    FileSystemObjectStore files = new FileSystemObjectStore(dir, false);
    assertThat(DriverFunction.addressing(files)).isNull();
    assertThatThrownBy(() -> new DriverHandler(WIDE, files, Clock.system(), RuntimeLimits.LAMBDA_STEP_FUNCTIONS,
        DriverFunction.addressing(files)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("Job 'wide' runs up to 200 executors at once")
        .hasMessageContaining("Distributed Map");
  }
}
