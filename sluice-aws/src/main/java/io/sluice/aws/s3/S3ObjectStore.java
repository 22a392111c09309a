package io.sluice.aws.s3;

import io.sluice.store.BulkDeleteException;
import io.sluice.store.InvalidKeyException;
import io.sluice.store.ListRequest;
import io.sluice.store.ObjectInfo;
import io.sluice.store.ObjectKeys;
import io.sluice.store.ObjectListing;
import io.sluice.store.ObjectStore;
import io.sluice.store.ObjectWriter;
import io.sluice.store.PreconditionFailedException;
import io.sluice.store.StoreException;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.retries.api.BackoffStrategy;
import software.amazon.awssdk.retries.api.RetryStrategy;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.CommonPrefix;
import software.amazon.awssdk.services.s3.model.DeleteObjectsResponse;
import software.amazon.awssdk.services.s3.model.GetObjectRequest;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Request;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Response;
import software.amazon.awssdk.services.s3.model.ObjectIdentifier;
import software.amazon.awssdk.services.s3.model.S3Error;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * The {@link ObjectStore} on an S3 bucket (or an S3-compatible server), under an optional key prefix:
 * the key {@code a/b} of a store with prefix {@code runs/} is the S3 object {@code runs/a/b}.
 *
 * <p>Each method is the S3 request its Javadoc in {@link ObjectStore} names: {@code put} a {@code
 * PutObject}, {@code putIfAbsent} a {@code PutObject} with {@code If-None-Match: *} (412 means false),
 * {@code openRange} a {@code GetObject} with {@code Range} and {@code If-Match}, {@code stat} a {@code
 * HeadObject}, {@code list} a {@code ListObjectsV2}, {@code deleteAll} a {@code DeleteObjects}. {@link
 * #create} returns a writer that buffers up to one part ({@value #DEFAULT_PART_SIZE} bytes by default):
 * an object that fits is sent as one {@code PutObject} at commit; a larger one becomes a multipart
 * upload whose parts are uploaded as they fill, finished by {@code CompleteMultipartUpload} (with
 * {@code If-None-Match: *} for {@code commitIfAbsent}) or dropped by {@code AbortMultipartUpload}.
 *
 * <p>Retries are the SDK's: give the client {@link #retryStrategy()} (capped exponential back-off with
 * full jitter, also on 409 {@code ConditionalRequestConflict}). Failures that remain are mapped to
 * {@link StoreException}s that say whether they are retryable. Continuation tokens are S3's, wrapped
 * with the request's prefix and delimiter so that a token of another listing is refused.
 *
 * <p>Thread-safe, as the S3 client is. The store does not own the client: close the client when done.
 */
public final class S3ObjectStore implements ObjectStore {
  /** The default size of one part of a multipart upload, and of the writer's buffer: 8 MiB. */
  public static final int DEFAULT_PART_SIZE = 8 << 20;
  /** S3's smallest part (but the last). */
  public static final int MIN_PART_SIZE = 5 << 20;
  /** Attempts per S3 request with {@link #retryStrategy()}, the first included. */
  public static final int MAX_ATTEMPTS = 6;

  private final S3Client s3;
  private final String bucket;
  private final String prefix;
  private final int partSize;

  /**
   * A store on {@code bucket} under {@code prefix}, with {@value #DEFAULT_PART_SIZE}-byte parts.
   *
   * @param s3 the client (see {@link #retryStrategy()}); shared, not closed by the store
   * @param bucket the bucket, which must exist
   * @param prefix {@code ""} for the whole bucket, or a prefix ending with {@code /}
   */
  public S3ObjectStore(S3Client s3, String bucket, String prefix) {
    this(s3, bucket, prefix, DEFAULT_PART_SIZE);
  }

  /**
   * A store as {@link #S3ObjectStore(S3Client, String, String)}, with parts of {@code partSize} bytes.
   *
   * @throws IllegalArgumentException if the bucket is empty, the prefix does not end with {@code /},
   *     or {@code partSize} is below {@link #MIN_PART_SIZE}
   */
  public S3ObjectStore(S3Client s3, String bucket, String prefix, int partSize) {
    this.s3 = Objects.requireNonNull(s3, "s3");
    if (bucket == null || bucket.isBlank()) {
      throw new IllegalArgumentException("An S3 store needs a bucket name");
    }
    prefix = prefix == null ? "" : prefix;
    if (!prefix.isEmpty()) {
      if (!prefix.endsWith("/")) {
        throw new IllegalArgumentException("The key prefix of an S3 store is empty or ends with '/': '" + prefix + "'");
      }
      ObjectKeys.validateKey(prefix.substring(0, prefix.length() - 1));
    }
    if (partSize < MIN_PART_SIZE) {
      throw new IllegalArgumentException("Parts of a multipart upload are at least " + MIN_PART_SIZE + " bytes (S3's"
          + " limit), was " + partSize);
    }
    this.bucket = bucket;
    this.prefix = prefix;
    this.partSize = partSize;
  }

  /**
   * The retry strategy S3 clients of Sluice use: the SDK's standard strategy (which retries
   * throttling, 5xx, and I/O failures) with at most {@value #MAX_ATTEMPTS} attempts a request, full
   * jitter on a capped exponential back-off (base 100 ms, capped at 5 s; throttling base 500 ms, capped
   * at 10 s), and 409 {@code ConditionalRequestConflict} retried too, as AWS asks of conditional
   * writes. The budget of one call: at most 6 attempts and, between them, at most 3.1 s of back-off
   * (15.5 s when throttled), before the failure reaches the caller as a retryable {@link
   * StoreException}.
   */
  public static RetryStrategy retryStrategy() {
    return AwsRetryStrategy.standardRetryStrategy().toBuilder()
        .maxAttempts(MAX_ATTEMPTS)
        .backoffStrategy(BackoffStrategy.exponentialDelay(Duration.ofMillis(100), Duration.ofSeconds(5)))
        .throttlingBackoffStrategy(BackoffStrategy.exponentialDelay(Duration.ofMillis(500), Duration.ofSeconds(10)))
        .retryOnException(S3Failures::conditionalConflict)
        .build();
  }

  /** The bucket. */
  public String bucket() {
    return bucket;
  }

  /** The key prefix inside the bucket ({@code ""} or ending with {@code /}). */
  public String prefix() {
    return prefix;
  }

  /**
   * Checks that the bucket exists ({@code HeadBucket}).
   *
   * @throws IllegalArgumentException if it does not, naming it
   * @throws StoreException if S3 cannot be asked
   */
  public void checkBucket() {
    try {
      s3.headBucket(b -> b.bucket(bucket));
    } catch (S3Exception e) {
      if (e.statusCode() == 404) {
        throw new IllegalArgumentException("S3 bucket '" + bucket + "' does not exist"
            + " (HeadBucket answered 404); create it, or check the location and the endpoint", e);
      }
      if (e.statusCode() != 403) { // 403: may still write with object permissions only
        throw S3Failures.map("HeadBucket", bucket, "", e);
      }
    } catch (SdkException e) {
      throw S3Failures.map("HeadBucket", bucket, "", e);
    }
  }

  @Override
  public void put(String key, byte[] content) {
    String s3Key = s3Key(key);
    try {
      s3.putObject(b -> b.bucket(bucket).key(s3Key), RequestBody.fromBytes(content));
    } catch (SdkException e) {
      throw S3Failures.map("PutObject", bucket, key, e);
    }
  }

  @Override
  public boolean putIfAbsent(String key, byte[] content) {
    String s3Key = s3Key(key);
    try {
      s3.putObject(b -> b.bucket(bucket).key(s3Key).ifNoneMatch("*"), RequestBody.fromBytes(content));
      return true;
    } catch (S3Exception e) {
      if (e.statusCode() == 412) {
        return false;
      }
      throw S3Failures.map("PutObject (If-None-Match: *)", bucket, key, e);
    } catch (SdkException e) {
      throw S3Failures.map("PutObject (If-None-Match: *)", bucket, key, e);
    }
  }

  @Override
  public ObjectWriter create(String key) {
    return new S3ObjectWriter(s3, bucket, key, s3Key(key), partSize);
  }

  @Override
  public byte[] get(String key) {
    String s3Key = s3Key(key);
    try {
      return s3.getObjectAsBytes(b -> b.bucket(bucket).key(s3Key)).asByteArray();
    } catch (SdkException e) {
      throw S3Failures.map("GetObject", bucket, key, e);
    }
  }

  @Override
  public InputStream open(String key) {
    String s3Key = s3Key(key);
    try {
      return s3.getObject(b -> b.bucket(bucket).key(s3Key));
    } catch (SdkException e) {
      throw S3Failures.map("GetObject", bucket, key, e);
    }
  }

  @Override
  public InputStream openRange(String key, long offset, long length, String ifMatch) {
    String s3Key = s3Key(key);
    if (offset < 0 || length < 0) {
      throw new IllegalArgumentException("Range of object '" + key + "' must not be negative: offset " + offset
          + ", length " + length);
    }
    if (length == 0) {
      // No bytes to read, but the object (and its version) must exist as for any other range.
      head(key, s3Key, ifMatch).orElseThrow(() -> new io.sluice.store.ObjectNotFoundException(key));
      return InputStream.nullInputStream();
    }
    long last = offset + length - 1;
    String range = last < offset ? "bytes=" + offset + "-" : "bytes=" + offset + "-" + last; // overflow: to the end
    GetObjectRequest.Builder request = GetObjectRequest.builder().bucket(bucket).key(s3Key).range(range);
    if (ifMatch != null) {
      request.ifMatch(ifMatch);
    }
    try {
      return s3.getObject(request.build());
    } catch (S3Exception e) {
      if (e.statusCode() == 412 && ifMatch != null) {
        throw new PreconditionFailedException(key, ifMatch, null);
      }
      if (e.statusCode() == 416) { // from the end or beyond: no bytes, once the version is known right
        head(key, s3Key, ifMatch).orElseThrow(() -> new io.sluice.store.ObjectNotFoundException(key));
        return new ByteArrayInputStream(new byte[0]);
      }
      throw S3Failures.map("GetObject (Range " + range + ")", bucket, key, e);
    } catch (SdkException e) {
      throw S3Failures.map("GetObject (Range " + range + ")", bucket, key, e);
    }
  }

  @Override
  public Optional<ObjectInfo> stat(String key) {
    return head(key, s3Key(key), null);
  }

  private Optional<ObjectInfo> head(String key, String s3Key, String ifMatch) {
    try {
      HeadObjectResponse head = s3.headObject(b -> b.bucket(bucket).key(s3Key).ifMatch(ifMatch));
      return Optional.of(new ObjectInfo(key, head.contentLength(), head.lastModified(), head.eTag()));
    } catch (S3Exception e) {
      if (e.statusCode() == 404 && !"NoSuchBucket".equals(S3Failures.code(e))) {
        return Optional.empty();
      }
      if (e.statusCode() == 412 && ifMatch != null) {
        throw new PreconditionFailedException(key, ifMatch, null);
      }
      throw S3Failures.map("HeadObject", bucket, key, e);
    } catch (SdkException e) {
      throw S3Failures.map("HeadObject", bucket, key, e);
    }
  }

  @Override
  public ObjectListing list(ListRequest request) {
    String listPrefix = prefix + request.prefix();
    ListObjectsV2Request.Builder s3Request = ListObjectsV2Request.builder()
        .bucket(bucket)
        .prefix(listPrefix.isEmpty() ? null : listPrefix)
        .delimiter(request.delimiter())
        .maxKeys(request.maxKeys());
    if (request.continuationToken() != null) {
      s3Request.continuationToken(unwrapToken(request));
    } else if (request.startAfter() != null) {
      s3Request.startAfter(prefix + request.startAfter());
    }
    ListObjectsV2Response page;
    try {
      page = s3.listObjectsV2(s3Request.build());
    } catch (SdkException e) {
      throw S3Failures.map("ListObjectsV2", bucket, listPrefix, e);
    }
    List<ObjectInfo> objects = new ArrayList<>(page.contents().size());
    for (S3Object o : page.contents()) {
      Instant modified = o.lastModified() == null ? Instant.EPOCH : o.lastModified();
      objects.add(new ObjectInfo(o.key().substring(prefix.length()), o.size(), modified, o.eTag()));
    }
    List<String> commonPrefixes = new ArrayList<>(page.commonPrefixes().size());
    for (CommonPrefix p : page.commonPrefixes()) {
      commonPrefixes.add(p.prefix().substring(prefix.length()));
    }
    String next = Boolean.TRUE.equals(page.isTruncated()) && page.nextContinuationToken() != null
        ? wrapToken(request, page.nextContinuationToken())
        : null;
    return new ObjectListing(objects, commonPrefixes, next);
  }

  @Override
  public void delete(String key) {
    String s3Key = s3Key(key);
    try {
      s3.deleteObject(b -> b.bucket(bucket).key(s3Key));
    } catch (S3Exception e) {
      if (e.statusCode() == 404 && !"NoSuchBucket".equals(S3Failures.code(e))) {
        return; // S3 answers 204 for a missing key; some compatible servers 404
      }
      throw S3Failures.map("DeleteObject", bucket, key, e);
    } catch (SdkException e) {
      throw S3Failures.map("DeleteObject", bucket, key, e);
    }
  }

  @Override
  public void deleteAll(Collection<String> keys) {
    List<String> all = new ArrayList<>(keys);
    if (all.size() > MAX_DELETE_KEYS) {
      throw new IllegalArgumentException(
          "deleteAll takes at most " + MAX_DELETE_KEYS + " keys a call, was given " + all.size()
              + " (first '" + all.get(0) + "'); split them into batches");
    }
    Map<String, String> byS3Key = new LinkedHashMap<>();
    for (String key : new LinkedHashSet<>(all)) {
      byS3Key.put(s3Key(key), key);
    }
    if (byS3Key.isEmpty()) {
      return;
    }
    List<ObjectIdentifier> ids = byS3Key.keySet().stream().map(k -> ObjectIdentifier.builder().key(k).build()).toList();
    DeleteObjectsResponse response;
    try {
      response = s3.deleteObjects(b -> b.bucket(bucket).delete(d -> d.objects(ids).quiet(true)));
    } catch (SdkException e) {
      throw S3Failures.map("DeleteObjects", bucket, all.get(0) + " (and " + (all.size() - 1) + " more)", e);
    }
    if (response.hasErrors() && !response.errors().isEmpty()) {
      Map<String, StoreException> failures = new LinkedHashMap<>();
      for (S3Error error : response.errors()) {
        String key = byS3Key.getOrDefault(error.key(), error.key());
        if ("NoSuchKey".equals(error.code())) {
          continue;
        }
        S3Exception cause = (S3Exception) S3Exception.builder()
            .statusCode(statusOf(error.code()))
            .awsErrorDetails(software.amazon.awssdk.awscore.exception.AwsErrorDetails.builder()
                .errorCode(error.code()).errorMessage(error.message()).serviceName("S3").build())
            .message(error.message())
            .build();
        failures.put(key, S3Failures.map("DeleteObjects", bucket, key, cause));
      }
      if (!failures.isEmpty()) {
        throw new BulkDeleteException(failures);
      }
    }
  }

  /** The HTTP status S3 gives the error code of a DeleteObjects entry, for classification. */
  private static int statusOf(String code) {
    if (code == null) {
      return 500;
    }
    return switch (code) {
      case "AccessDenied" -> 403;
      case "SlowDown" -> 503;
      case "InternalError" -> 500;
      default -> 400;
    };
  }

  @Override
  public String toString() {
    return "s3://" + bucket + "/" + prefix;
  }

  /** The S3 key of {@code key}, checked against the key rules and S3's length limit. */
  private String s3Key(String key) {
    ObjectKeys.validateKey(key);
    String s3Key = prefix + key;
    int bytes = ObjectKeys.utf8Length(s3Key);
    if (bytes > ObjectKeys.MAX_KEY_BYTES) {
      throw new InvalidKeyException(key, "with the store's prefix '" + prefix + "' it is " + bytes
          + " UTF-8 bytes long; S3's limit is " + ObjectKeys.MAX_KEY_BYTES);
    }
    return s3Key;
  }

  // A token is "s1." + base64url(prefix) + "." + base64url(delimiter) + "." + S3's token.
  private static String wrapToken(ListRequest request, String s3Token) {
    Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
    return "s1." + b64.encodeToString(request.prefix().getBytes(StandardCharsets.UTF_8)) + "."
        + b64.encodeToString(Objects.toString(request.delimiter(), "").getBytes(StandardCharsets.UTF_8)) + "." + s3Token;
  }

  private static String unwrapToken(ListRequest request) {
    String token = request.continuationToken();
    String[] parts = token.split("\\.", 4);
    String delimiter = Objects.toString(request.delimiter(), "");
    try {
      if (parts.length == 4 && parts[0].equals("s1")
          && new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8).equals(request.prefix())
          && new String(Base64.getUrlDecoder().decode(parts[2]), StandardCharsets.UTF_8).equals(delimiter)
          && !parts[3].isEmpty()) {
        return parts[3];
      }
    } catch (IllegalArgumentException notBase64) {
      // refused below
    }
    throw new IllegalArgumentException("Continuation token '" + token + "' is not one this S3 store gave for a listing"
        + " of prefix '" + request.prefix() + "'" + (delimiter.isEmpty() ? "" : " with delimiter '" + delimiter + "'")
        + "; continue a listing only with its own request");
  }
}
