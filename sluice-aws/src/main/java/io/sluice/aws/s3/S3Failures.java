package io.sluice.aws.s3;

import io.sluice.store.AccessDeniedException;
import io.sluice.store.ObjectNotFoundException;
import io.sluice.store.StoreException;
import java.util.Set;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * How S3's answers become {@link StoreException}s (see the table in {@code docs/stores.md}): 404
 * {@code NoSuchKey} is {@link ObjectNotFoundException}; 403 is {@link AccessDeniedException}; a missing
 * bucket is a final {@link StoreException}; throttling, 5xx, 408, 429, 409 {@code
 * ConditionalRequestConflict} and every client-side failure (reset connection, timeout, I/O) are
 * retryable; any other 4xx is final, since the same request is refused the same way again.
 */
final class S3Failures {
  private static final Set<String> THROTTLING = Set.of(
      "SlowDown", "Throttling", "ThrottlingException", "RequestLimitExceeded", "TooManyRequestsException",
      "RequestThrottled", "RequestThrottledException", "ProvisionedThroughputExceededException",
      "BandwidthLimitExceeded", "EC2ThrottledException", "PriorRequestNotComplete");

  private S3Failures() {}

  /** Whether S3 refused a request because a conditional write raced another (AWS says: retry it). */
  static boolean conditionalConflict(Throwable e) {
    return e instanceof S3Exception s3 && s3.statusCode() == 409 && "ConditionalRequestConflict".equals(code(s3));
  }

  /** Whether the failure is S3 saying "slow down", which the retry strategy backs off longer for. */
  static boolean throttling(Throwable e) {
    return e instanceof S3Exception s3 && (s3.statusCode() == 429 || s3.statusCode() == 503 || THROTTLING.contains(code(s3)));
  }

  /**
   * The store's failure for {@code e}, which {@code operation} (an S3 request name) on {@code key} of
   * {@code bucket} met.
   */
  static StoreException map(String operation, String bucket, String key, SdkException e) {
    String where = operation + " of '" + key + "' in bucket '" + bucket + "'";
    if (e instanceof S3Exception s3) {
      int status = s3.statusCode();
      String code = code(s3);
      if ("NoSuchBucket".equals(code)) {
        return new StoreException(where + " failed: bucket '" + bucket + "' does not exist; create it or check the"
            + " location and endpoint", e, false);
      }
      if (status == 404 && ("NoSuchKey".equals(code) || code == null)) {
        return new ObjectNotFoundException(key);
      }
      if (status == 403) {
        return new AccessDeniedException(key, where + " was refused (403 " + code + "): check the credentials and"
            + " the bucket policy allow it", e);
      }
      boolean retryable = status >= 500 || status == 408 || status == 429 || throttling(e) || conditionalConflict(e);
      return new StoreException(where + " failed: " + status + " " + code + " " + s3.getMessage()
          + (retryable ? " (retryable)" : ""), e, retryable);
    }
    if (e instanceof SdkClientException) {
      return new StoreException(where + " failed before S3 answered (connection, timeout or I/O): " + e.getMessage(), e, true);
    }
    return new StoreException(where + " failed: " + e.getMessage(), e, true);
  }

  static String code(S3Exception e) {
    return e.awsErrorDetails() == null ? null : e.awsErrorDetails().errorCode();
  }
}
