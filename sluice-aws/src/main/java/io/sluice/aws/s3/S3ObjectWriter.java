package io.sluice.aws.s3;

import io.sluice.store.ObjectWriter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * The writer of {@link S3ObjectStore#create}: bytes are buffered up to one part; an object that fits
 * in one part is one {@code PutObject} at commit, a larger one a multipart upload started when the
 * first part is full ({@code CreateMultipartUpload}, then an {@code UploadPart} per full part), finished
 * by {@code CompleteMultipartUpload} or dropped by {@code AbortMultipartUpload}. Nothing is visible
 * before the commit: S3 shows an upload's object only once it is completed.
 */
final class S3ObjectWriter extends ObjectWriter {
  private final S3Client s3;
  private final String bucket;
  private final String s3Key;
  private final int partSize;
  private byte[] buffer;
  private int size;
  private String uploadId;
  private final List<CompletedPart> parts = new ArrayList<>();

  S3ObjectWriter(S3Client s3, String bucket, String key, String s3Key, int partSize) {
    super(key);
    this.s3 = s3;
    this.bucket = bucket;
    this.s3Key = s3Key;
    this.partSize = partSize;
    this.buffer = new byte[Math.min(partSize, 64 << 10)];
  }

  @Override
  protected void writeBytes(byte[] b, int off, int len) {
    while (len > 0) {
      if (size == partSize) {
        uploadPart();
      }
      int n = Math.min(len, partSize - size);
      ensureCapacity(size + n);
      System.arraycopy(b, off, buffer, size, n);
      size += n;
      off += n;
      len -= n;
    }
  }

  @Override
  protected void writeByte(int b) {
    if (size == partSize) {
      uploadPart();
    }
    ensureCapacity(size + 1);
    buffer[size++] = (byte) b;
  }

  /** S3 has no way to send less than a part ahead of the commit; buffered bytes stay buffered. */
  @Override
  protected void flushBytes() {}

  @Override
  protected String publish(boolean onlyIfAbsent) {
    try {
      if (uploadId == null) {
        return putWhole(onlyIfAbsent);
      }
      if (size > 0) {
        uploadPart();
      }
      try {
        String etag = s3.completeMultipartUpload(b -> b.bucket(bucket).key(s3Key).uploadId(uploadId)
            .ifNoneMatch(onlyIfAbsent ? "*" : null)
            .multipartUpload(m -> m.parts(parts))).eTag();
        uploadId = null;
        return etag;
      } catch (S3Exception e) {
        // 412 from S3; 304 from S3Mock 4.11.0 (see S3MockConditionalWritesTest): an object exists.
        if (onlyIfAbsent && (e.statusCode() == 412 || e.statusCode() == 304)) {
          return null;
        }
        throw S3Failures.map("CompleteMultipartUpload" + (onlyIfAbsent ? " (If-None-Match: *)" : ""), bucket, key(), e);
      } catch (SdkException e) {
        throw S3Failures.map("CompleteMultipartUpload", bucket, key(), e);
      }
    } finally {
      discard(); // whatever happened, the staged parts go (a no-op after a completed upload)
    }
  }

  private String putWhole(boolean onlyIfAbsent) {
    RequestBody body = RequestBody.fromBytes(size == buffer.length ? buffer : Arrays.copyOf(buffer, size));
    try {
      return s3.putObject(b -> b.bucket(bucket).key(s3Key).ifNoneMatch(onlyIfAbsent ? "*" : null), body).eTag();
    } catch (S3Exception e) {
      if (onlyIfAbsent && e.statusCode() == 412) {
        return null;
      }
      throw S3Failures.map("PutObject" + (onlyIfAbsent ? " (If-None-Match: *)" : ""), bucket, key(), e);
    } catch (SdkException e) {
      throw S3Failures.map("PutObject", bucket, key(), e);
    }
  }

  @Override
  protected void discard() {
    buffer = new byte[0];
    size = 0;
    if (uploadId != null) {
      String id = uploadId;
      uploadId = null;
      try {
        s3.abortMultipartUpload(b -> b.bucket(bucket).key(s3Key).uploadId(id));
      } catch (SdkException e) {
        // Left to the bucket's lifecycle rule (AbortIncompleteMultipartUpload); invisible to readers.
      }
    }
  }

  private void uploadPart() {
    try {
      if (uploadId == null) {
        uploadId = s3.createMultipartUpload(b -> b.bucket(bucket).key(s3Key)).uploadId();
      }
      int number = parts.size() + 1;
      RequestBody body = RequestBody.fromBytes(size == buffer.length ? buffer : Arrays.copyOf(buffer, size));
      String etag = s3.uploadPart(b -> b.bucket(bucket).key(s3Key).uploadId(uploadId).partNumber(number), body).eTag();
      parts.add(CompletedPart.builder().partNumber(number).eTag(etag).build());
      size = 0;
    } catch (SdkException e) {
      throw S3Failures.map(uploadId == null ? "CreateMultipartUpload" : "UploadPart " + (parts.size() + 1), bucket, key(), e);
    }
  }

  private void ensureCapacity(int needed) {
    if (needed > buffer.length) {
      buffer = Arrays.copyOf(buffer, (int) Math.min(partSize, Math.max(needed, 2L * buffer.length)));
    }
  }
}
