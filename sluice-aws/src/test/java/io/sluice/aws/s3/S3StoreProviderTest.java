package io.sluice.aws.s3;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sluice.store.ObjectStores;
import io.sluice.store.StoreLocation;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.s3.S3Client;

/** s3:// locations through ObjectStores (ServiceLoader) against S3Mock. */
class S3StoreProviderTest {
  private final S3MockServer server = S3MockServer.shared();

  @Test
  void opensAnS3LocationWithAnEndpointAsAPrefixedStore() {
    String bucket = server.newBucket();
    Map<String, String> options = Map.of("endpoint", server.endpoint().toString());

    StoreLocation location = ObjectStores.open("s3://" + bucket + "/data/in", options);
    location.store().put("part-0", "hello".getBytes(UTF_8));

    assertThat(location.uri()).hasToString("s3://" + bucket + "/data/in/");
    assertThat(location.store()).isInstanceOf(S3ObjectStore.class);
    try (S3Client s3 = server.client()) {
      assertThat(s3.getObjectAsBytes(b -> b.bucket(bucket).key("data/in/part-0")).asString(UTF_8)).isEqualTo("hello");
    }
  }

  @Test
  void aMissingBucketIsAClearError() {
    Map<String, String> options = Map.of("endpoint", server.endpoint().toString());

    assertThatThrownBy(() -> ObjectStores.open("s3://no-such-bucket/x", options))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("s3://no-such-bucket/x")
        .hasMessageContaining("bucket 'no-such-bucket' does not exist");
  }

  @Test
  void aLocationWithoutABucketOrABadEndpointIsRefused() {
    assertThatThrownBy(() -> ObjectStores.open("s3:///x", Map.of("endpoint", server.endpoint().toString())))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("no bucket");
    assertThatThrownBy(() -> ObjectStores.open("s3://b/x", Map.of("endpoint", "not a url")))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
