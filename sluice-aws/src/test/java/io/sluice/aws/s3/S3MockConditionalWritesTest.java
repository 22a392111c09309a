package io.sluice.aws.s3;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * Before anything rests on it: the test server implements S3's conditional writes, with the raw SDK
 * and no Sluice code in between. The second {@code PutObject} with {@code If-None-Match: *} for one
 * key is refused with 412, and a {@code CompleteMultipartUpload} with {@code If-None-Match: *} for a
 * key that exists is refused too; the first of each succeeds and the losers change nothing.
 *
 * <p>One deviation, pinned here so that it is noticed if S3Mock changes: S3Mock 4.11.0 refuses the
 * conditional {@code CompleteMultipartUpload} with 304 Not Modified (the answer RFC 9110 gives for a
 * failed {@code If-None-Match} on GET and HEAD) where AWS answers 412 Precondition Failed. {@code
 * S3ObjectStore} reads either as "an object already exists": a 304 can only come from the failed
 * condition, since the request has no other.
 */
class S3MockConditionalWritesTest {
  private static S3Client s3;
  private static String bucket;

  @BeforeAll
  static void server() {
    S3MockServer server = S3MockServer.shared();
    s3 = server.client();
    bucket = server.newBucket();
  }

  @AfterAll
  static void close() {
    s3.close();
  }

  @Test
  void aSecondPutObjectWithIfNoneMatchStarIsRefusedWith412() {
    s3.putObject(b -> b.bucket(bucket).key("commits/t-1").ifNoneMatch("*"), RequestBody.fromString("first"));

    assertThatThrownBy(() -> s3.putObject(b -> b.bucket(bucket).key("commits/t-1").ifNoneMatch("*"),
            RequestBody.fromString("second")))
        .isInstanceOfSatisfying(S3Exception.class, e -> assertThat(e.statusCode()).isEqualTo(412));
    assertThat(content("commits/t-1")).isEqualTo("first");
  }

  @Test
  void aPutObjectWithIfNoneMatchStarOverAnObjectWrittenWithoutConditionIsRefused() {
    s3.putObject(b -> b.bucket(bucket).key("plain"), RequestBody.fromString("plain"));

    assertThatThrownBy(() -> s3.putObject(b -> b.bucket(bucket).key("plain").ifNoneMatch("*"),
            RequestBody.fromString("conditional")))
        .isInstanceOfSatisfying(S3Exception.class, e -> assertThat(e.statusCode()).isEqualTo(412));
    assertThat(content("plain")).isEqualTo("plain");
  }

  @Test
  void aCompleteMultipartUploadWithIfNoneMatchStarForAnExistingKeyIsRefusedWith412() {
    String key = "commits/multipart";
    assertThat(completeIfAbsent(key, "first")).isNull();

    S3Exception refused = completeIfAbsent(key, "second");

    assertThat(refused).isNotNull();
    assertThat(refused.statusCode()).as("AWS: 412; S3Mock 4.11.0: 304").isIn(412, 304);
    assertThat(content(key)).isEqualTo("first");
  }

  /** A one-part multipart upload completed with If-None-Match: *; null if it succeeded. */
  private static S3Exception completeIfAbsent(String key, String body) {
    String uploadId = s3.createMultipartUpload(b -> b.bucket(bucket).key(key)).uploadId();
    String etag = s3.uploadPart(b -> b.bucket(bucket).key(key).uploadId(uploadId).partNumber(1),
        RequestBody.fromString(body)).eTag();
    try {
      s3.completeMultipartUpload(b -> b.bucket(bucket).key(key).uploadId(uploadId).ifNoneMatch("*")
          .multipartUpload(m -> m.parts(CompletedPart.builder().partNumber(1).eTag(etag).build())));
      return null;
    } catch (S3Exception e) {
      return e; // the refused upload is left open: see S3MockServer on AbortMultipartUpload
    }
  }

  private static String content(String key) {
    return s3.getObjectAsBytes(b -> b.bucket(bucket).key(key)).asString(StandardCharsets.UTF_8);
  }
}
