package io.sluice.dedup.dynamodb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sluice.dedup.DedupException;
import io.sluice.dedup.DedupStore;
import io.sluice.dedup.DedupStoreContract;
import io.sluice.time.ManualClock;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** The DynamoDB dedup store against dynalite, a real implementation of DynamoDB's API, on loopback. */
class DynamoDedupStoreTest extends DedupStoreContract {
  private static final AtomicInteger TABLES = new AtomicInteger();
  private static Dynalite dynalite;
  private static DynamoDbClient client;

  private String table;

  @BeforeAll
  static void startDynalite() throws Exception {
    dynalite = Dynalite.start();
    client = dynalite.client();
  }

  @AfterAll
  static void stopDynalite() throws Exception {
    if (client != null) {
      client.close();
    }
    if (dynalite != null) {
      dynalite.close();
    }
  }

  @Override
  protected DedupStore newStore(ManualClock clock) {
    table = "dedup-" + TABLES.incrementAndGet();
    DynamoDedupStore store = new DynamoDedupStore(client, table, clock);
    store.createTable();
    return store;
  }

  @Test
  void itemsCarryATtlInEpochSecondsAfterTheirExpiry() {
    store.begin("k", "a1", Duration.ofMinutes(10));
    Map<String, AttributeValue> item = client.getItem(b -> b.tableName(table)
        .key(Map.of("pk", AttributeValue.builder().s("k").build())).consistentRead(true)).item();
    long expiresMs = Long.parseLong(item.get("expires_at_ms").n());
    long ttl = Long.parseLong(item.get(DynamoDedupStore.TTL_ATTRIBUTE).n());
    assertThat(expiresMs).isEqualTo(clock.now().plus(Duration.ofMinutes(10)).toEpochMilli());
    assertThat(ttl).isEqualTo(clock.now().plus(Duration.ofMinutes(10)).plus(Duration.ofHours(1)).getEpochSecond());
    assertThat(item.get("state").s()).isEqualTo("IN_PROGRESS");
  }

  @Test
  void createTableTwiceIsHarmless() {
    ((DynamoDedupStore) store).createTable();
    assertThat(store.lookup("k")).isEmpty();
  }

  @Test
  void aMissingTableIsAFinalErrorThatSaysHowToCreateIt() {
    DynamoDedupStore missing = new DynamoDedupStore(client, "no-such-table", clock);
    assertThatThrownBy(() -> missing.begin("k", "a1", Duration.ofMinutes(1)))
        .isInstanceOf(DedupException.class)
        .hasMessageContaining("no-such-table")
        .hasMessageContaining("createTable")
        .satisfies(e -> assertThat(((DedupException) e).retryable()).isFalse());
  }

  @Test
  void anUnreachableEndpointIsARetryableError() throws Exception {
    int closedPort;
    try (ServerSocket socket = new ServerSocket(0)) {
      closedPort = socket.getLocalPort();
    }
    try (DynamoDbClient nowhere = DynamoDbClient.builder()
        .endpointOverride(URI.create("http://127.0.0.1:" + closedPort))
        .region(Region.US_EAST_1)
        .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
        .httpClient(UrlConnectionHttpClient.create())
        .build()) {
      DynamoDedupStore down = new DynamoDedupStore(nowhere, "sluice-dedup", clock);
      assertThatThrownBy(() -> down.begin("k", "a1", Duration.ofMinutes(1)))
          .isInstanceOf(DedupException.class)
          .hasMessageContaining("sluice-dedup")
          .satisfies(e -> assertThat(((DedupException) e).retryable()).isTrue());
    }
  }

  @Test
  void aBadTableNameIsRefused() {
    assertThatThrownBy(() -> new DynamoDedupStore(client, "x", clock))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("3 to 255");
  }
}
