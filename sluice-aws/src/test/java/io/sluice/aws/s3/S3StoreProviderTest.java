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
  void chunkedEncodingFalseSendsUploadBodiesPlainAndTheDefaultIsTheSdksAwsChunked() throws Exception {
    assertThat(uploadHeaders(Map.of()).getFirst("x-amz-content-sha256")).startsWith("STREAMING-");
    var plain = uploadHeaders(Map.of("chunkedEncoding", "false"));
    assertThat(plain.getFirst("x-amz-content-sha256")).doesNotStartWith("STREAMING-");
    assertThat(plain.getFirst("Content-Encoding")).isNull();
    assertThat(plain.getFirst("Content-Length")).isEqualTo("5");
  }

  @Test
  void aChunkedEncodingThatIsNeitherTrueNorFalseIsRefusedByName() {
    assertThatThrownBy(() -> ObjectStores.open("s3://b/x", Map.of("endpoint", server.endpoint().toString(),
            "chunkedEncoding", "no")))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("chunkedEncoding").hasMessageContaining("'no'");
  }

  /**
   * The headers of the PutObject that a store opened with {@code options} sends. The other end is a
   * recorder on loopback that answers 200 to everything, not an S3 server: what is checked here is
   * only what the client puts on the wire, which no S3 server reports back.
   */
  private static com.sun.net.httpserver.Headers uploadHeaders(Map<String, String> options) throws Exception {
    var put = new java.util.concurrent.CompletableFuture<com.sun.net.httpserver.Headers>();
    var recorder = com.sun.net.httpserver.HttpServer.create(
        new java.net.InetSocketAddress(java.net.InetAddress.getLoopbackAddress(), 0), 8);
    recorder.createContext("/", ex -> {
      ex.getRequestBody().readAllBytes();
      if (ex.getRequestMethod().equals("PUT")) {
        put.complete(ex.getRequestHeaders());
      }
      ex.getResponseHeaders().add("ETag", "\"0\"");
      ex.sendResponseHeaders(200, -1);
      ex.close();
    });
    recorder.start();
    try {
      Map<String, String> all = new java.util.HashMap<>(options);
      all.put("endpoint", "http://127.0.0.1:" + recorder.getAddress().getPort());
      ObjectStores.open("s3://recorded/x", all).store().put("k", "hello".getBytes(UTF_8));
      return put.get(30, java.util.concurrent.TimeUnit.SECONDS);
    } finally {
      recorder.stop(0);
    }
  }

  @Test
  void aLocationWithoutABucketOrABadEndpointIsRefused() {
    assertThatThrownBy(() -> ObjectStores.open("s3:///x", Map.of("endpoint", server.endpoint().toString())))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("no bucket");
    assertThatThrownBy(() -> ObjectStores.open("s3://b/x", Map.of("endpoint", "not a url")))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
