package io.sluice.aws.s3;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sluice.store.AccessDeniedException;
import io.sluice.store.InvalidKeyException;
import io.sluice.store.ListRequest;
import io.sluice.store.ObjectInfo;
import io.sluice.store.ObjectListing;
import io.sluice.store.ObjectNotFoundException;
import io.sluice.store.ObjectWriter;
import io.sluice.store.StoreException;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Exception;

/** What the contract does not reach: prefixes, multipart uploads, S3's errors, the retry budget. */
class S3ObjectStoreTest {
  private static final int PART = S3ObjectStore.MIN_PART_SIZE;
  private static S3MockServer server;
  private static S3Client client;
  private String bucket;

  @BeforeAll
  static void server() {
    server = S3MockServer.shared();
    client = server.client();
  }

  @AfterAll
  static void close() {
    client.close();
  }

  @BeforeEach
  void bucket() {
    bucket = server.newBucket();
  }

  @Test
  void aPrefixedStoreKeepsItsKeysUnderThePrefix() {
    S3ObjectStore runs = new S3ObjectStore(client, bucket, "env/dev/");
    S3ObjectStore root = new S3ObjectStore(client, bucket, "");
    root.put("elsewhere", "x".getBytes(UTF_8));
    root.put("env/devil", "x".getBytes(UTF_8));

    runs.put("a/b", "inside".getBytes(UTF_8));

    assertThat(root.get("env/dev/a/b")).asString(UTF_8).isEqualTo("inside");
    assertThat(keys(runs.list(ListRequest.of("")))).containsExactly("a/b");
    assertThat(runs.list(ListRequest.builder().delimiter("/").build()).commonPrefixes()).containsExactly("a/");
    assertThat(runs.stat("a/b")).hasValueSatisfying(info -> assertThat(info.key()).isEqualTo("a/b"));
    assertThatThrownBy(() -> runs.get("elsewhere")).isInstanceOf(ObjectNotFoundException.class);
  }

  @Test
  void aKeyTooLongWithThePrefixIsRefusedBeforeAnyRequest() {
    S3ObjectStore runs = new S3ObjectStore(client, bucket, "p/");
    String key = "x".repeat(1023);

    assertThatThrownBy(() -> runs.put(key, new byte[0]))
        .isInstanceOf(InvalidKeyException.class).hasMessageContaining("1025").hasMessageContaining("'p/'");
  }

  @Test
  void aLargeWriterBecomesAMultipartUploadOfFullPartsAndALastOne() throws IOException {
    S3ObjectStore store = new S3ObjectStore(client, bucket, "", PART);
    byte[] content = random(2 * PART + 12_345, 1);
    ObjectWriter out = store.create("big/part-0");
    for (int at = 0; at < content.length; at += 100_000) {
      out.write(content, at, Math.min(100_000, content.length - at));
      assertThat(store.exists("big/part-0")).isFalse();
    }
    assertThat(client.listMultipartUploads(b -> b.bucket(bucket)).uploads()).hasSize(1);

    String etag = out.commit();

    assertThat(store.get("big/part-0")).isEqualTo(content);
    assertThat(etag).endsWith("-3\""); // S3's ETag of a multipart object names its part count
    assertThat(store.stat("big/part-0").orElseThrow().etag()).isEqualTo(etag);
    assertThat(client.listMultipartUploads(b -> b.bucket(bucket)).uploads()).isEmpty();
    try (InputStream in = store.openRange("big/part-0", PART - 10, 20, etag)) {
      assertThat(in.readAllBytes()).isEqualTo(java.util.Arrays.copyOfRange(content, PART - 10, PART + 10));
    }
  }

  @Test
  void aMultipartCommitIfAbsentCreatesAMissingObjectAndRefusesAnExistingOne() throws IOException {
    S3ObjectStore store = new S3ObjectStore(client, bucket, "", PART);
    byte[] first = random(PART + 1, 2);
    byte[] second = random(PART + 2, 3);

    ObjectWriter winner = store.create("commits/big");
    winner.write(first);
    assertThat(winner.commitIfAbsent()).isTrue();
    ObjectWriter loser = store.create("commits/big");
    loser.write(second);
    assertThat(client.listMultipartUploads(b -> b.bucket(bucket)).uploads()).hasSize(1);

    assertThat(loser.commitIfAbsent()).isFalse();

    // The loser's upload is aborted. (On S3 the winner's object stays; S3Mock 4.11.0 deletes it with
    // the aborted upload: S3MockConditionalWritesTest pins that, so it is not asserted here.)
    assertThat(client.listMultipartUploads(b -> b.bucket(bucket)).uploads()).isEmpty();
  }

  @Test
  void anAbortedMultipartWriterLeavesNoUploadAndNoObject() throws IOException {
    S3ObjectStore store = new S3ObjectStore(client, bucket, "", PART);
    ObjectWriter out = store.create("aborted");
    out.write(random(PART + 100, 4));
    assertThat(client.listMultipartUploads(b -> b.bucket(bucket)).uploads()).hasSize(1);

    out.abort();

    assertThat(store.exists("aborted")).isFalse();
    assertThat(client.listMultipartUploads(b -> b.bucket(bucket)).uploads()).isEmpty();
  }

  @Test
  void listAllWalksMoreThanOneS3Page() {
    S3ObjectStore store = new S3ObjectStore(client, bucket, "many/");
    List<String> expected = new ArrayList<>();
    for (int i = 0; i < 1_005; i++) {
      expected.add(String.format("k%04d", i));
    }
    java.util.concurrent.ForkJoinPool pool = new java.util.concurrent.ForkJoinPool(8);
    try {
      pool.submit(() -> expected.parallelStream().forEach(k -> store.put(k, k.getBytes(UTF_8)))).join();
    } finally {
      pool.shutdown();
    }
    ObjectListing first = store.list(ListRequest.of("k"));
    assertThat(first.objects()).hasSize(1_000);
    assertThat(first.truncated()).isTrue();

    List<String> all = StreamSupport.stream(store.listAll("k").spliterator(), false).map(ObjectInfo::key).toList();

    assertThat(all).containsExactlyElementsOf(expected);
  }

  @Test
  void aContinuationTokenThatIsNotTheStoresIsRefused() {
    S3ObjectStore store = new S3ObjectStore(client, bucket, "");
    List.of("a/1", "a/2").forEach(k -> store.put(k, new byte[0]));
    String token = store.list(ListRequest.builder().prefix("a/").maxKeys(1).build()).nextContinuationToken();

    for (String bad : List.of("garbage", "s1.!!.x.y", token.substring(0, token.lastIndexOf('.') + 1))) {
      assertThatThrownBy(() -> store.list(ListRequest.builder().prefix("a/").continuationToken(bad).build()))
          .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'a/'");
    }
    assertThatThrownBy(() -> store.list(ListRequest.builder().prefix("a/").delimiter("/").continuationToken(token).build()))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("delimiter");
  }

  @Test
  void aMissingBucketIsAFinalFailureNamingIt() {
    S3ObjectStore store = new S3ObjectStore(client, "no-such-bucket-here", "");

    assertThatThrownBy(() -> store.put("k", new byte[1]))
        .isInstanceOfSatisfying(StoreException.class, e -> assertThat(e.retryable()).isFalse())
        .hasMessageContaining("bucket 'no-such-bucket-here' does not exist");
    // (HeadObject's 404 has no body, so stat cannot tell a missing bucket from a missing key: empty.)
    assertThatThrownBy(store::checkBucket).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'no-such-bucket-here' does not exist");
  }

  @Test
  void aServerThatIsNotListeningIsARetryableFailureAfterTheRetryBudget() throws IOException {
    int port;
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = socket.getLocalPort();
    }
    java.util.concurrent.atomic.AtomicInteger attempts = new java.util.concurrent.atomic.AtomicInteger();
    try (S3Client down = S3Client.builder()
        .endpointOverride(URI.create("http://127.0.0.1:" + port))
        .region(Region.US_EAST_1)
        .forcePathStyle(true)
        .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("a", "b")))
        .httpClient(UrlConnectionHttpClient.create())
        .overrideConfiguration(c -> c.retryStrategy(S3ObjectStore.retryStrategy())
            .addExecutionInterceptor(new software.amazon.awssdk.core.interceptor.ExecutionInterceptor() {
              @Override
              public void beforeTransmission(software.amazon.awssdk.core.interceptor.Context.BeforeTransmission context,
                  software.amazon.awssdk.core.interceptor.ExecutionAttributes attributes) {
                attempts.incrementAndGet();
              }
            }))
        .build()) {
      S3ObjectStore store = new S3ObjectStore(down, "b", "");

      assertThatThrownBy(() -> store.get("k"))
          .isInstanceOfSatisfying(StoreException.class, e -> assertThat(e.retryable()).isTrue())
          .hasMessageContaining("'k'");
      assertThat(attempts).hasValue(S3ObjectStore.MAX_ATTEMPTS);
    }
  }

  @Test
  void s3AnswersAreClassifiedAsTheStoreTableSays() {
    assertThat(S3Failures.map("GetObject", "b", "k", s3(503, "SlowDown")).retryable()).isTrue();
    assertThat(S3Failures.map("GetObject", "b", "k", s3(500, "InternalError")).retryable()).isTrue();
    assertThat(S3Failures.map("PutObject", "b", "k", s3(409, "ConditionalRequestConflict")).retryable()).isTrue();
    assertThat(S3Failures.map("PutObject", "b", "k", s3(400, "RequestTimeout")).retryable()).isFalse();
    assertThat(S3Failures.map("GetObject", "b", "k", s3(429, "TooManyRequestsException")).retryable()).isTrue();
    assertThat(S3Failures.map("GetObject", "b", "k", s3(403, "AccessDenied")))
        .isInstanceOfSatisfying(AccessDeniedException.class, e -> assertThat(e.retryable()).isFalse());
    assertThat(S3Failures.map("GetObject", "b", "k", s3(404, "NoSuchKey"))).isInstanceOf(ObjectNotFoundException.class);
    assertThat(S3Failures.map("GetObject", "b", "k", s3(404, "NoSuchBucket")).retryable()).isFalse();
    assertThat(S3Failures.map("PutObject", "b", "k", s3(400, "InvalidArgument")).retryable()).isFalse();
    assertThat(S3Failures.map("GetObject", "b", "k", SdkClientException.create("Connection reset")).retryable()).isTrue();
    assertThat(S3Failures.conditionalConflict(s3(409, "ConditionalRequestConflict"))).isTrue();
    assertThat(S3Failures.conditionalConflict(s3(409, "BucketAlreadyExists"))).isFalse();
  }

  private static S3Exception s3(int status, String code) {
    return (S3Exception) S3Exception.builder().statusCode(status)
        .awsErrorDetails(AwsErrorDetails.builder().errorCode(code).serviceName("S3").build()).message(code).build();
  }

  private static List<String> keys(ObjectListing listing) {
    return listing.objects().stream().map(ObjectInfo::key).toList();
  }

  private static byte[] random(int size, long seed) {
    byte[] b = new byte[size];
    new Random(seed).nextBytes(b);
    return b;
  }
}
