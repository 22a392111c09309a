package io.sluice.aws.s3;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.store.ObjectStore;
import io.sluice.store.ObjectStoreContract;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * The whole store contract against {@link S3ObjectStore} on S3Proxy ({@link S3ProxyServer}), with no
 * case left out: the concurrency cases too, since S3Proxy's {@code If-None-Match: *} is atomic. A fresh
 * bucket per test, no prefix.
 */
class S3ProxyObjectStoreContractTest extends ObjectStoreContract {
  private static S3ProxyServer server;
  private static S3Client client;
  private String bucket;

  @BeforeAll
  static void server() {
    server = S3ProxyServer.shared();
    client = server.client();
  }

  @AfterAll
  static void close() {
    client.close();
  }

  @Override
  protected ObjectStore newStore() {
    bucket = server.newBucket();
    return new S3ObjectStore(client, bucket, "");
  }

  @Override
  protected void assertNothingStaged() {
    assertThat(client.listMultipartUploads(b -> b.bucket(bucket)).uploads()).isEmpty();
  }
}
