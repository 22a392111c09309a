package io.sluice.aws.ssm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sluice.time.ManualClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.ssm.SsmClient;

/**
 * {@link ParameterStore} through the real AWS SDK client (URL-connection HTTP) against {@link
 * SsmJsonEndpoint} on loopback: no SSM emulator exists on Maven Central, so the endpoint speaks SSM's
 * JSON protocol itself, and the test asserts the number and shape of the calls the SDK made.
 */
class ParameterStoreTest {
  private SsmJsonEndpoint ssm;
  private SsmClient client;
  private final ManualClock clock = new ManualClock(Instant.parse("2026-01-01T00:00:00Z"));

  @BeforeEach
  void start() throws Exception {
    ssm = new SsmJsonEndpoint();
    client = SsmClient.builder().endpointOverride(ssm.uri()).region(Region.US_EAST_1)
        .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
        .httpClient(UrlConnectionHttpClient.create()).build();
  }

  @AfterEach
  void stop() {
    client.close();
    ssm.close();
  }

  @Test
  void asksForAtMostTenNamesACallAndDecryptsSecureStrings() {
    List<String> names = new ArrayList<>();
    for (int i = 0; i < 23; i++) {
      ssm.put("/job/p" + i, i % 2 == 0 ? "SecureString" : "String", "value-" + i);
      names.add("/job/p" + i);
    }
    ParameterStore store = ParameterStore.builder(client).clock(clock).build();

    Map<String, SecretValue> got = store.get(names);

    assertThat(got.keySet()).containsExactlyElementsOf(names);
    assertThat(got.get("/job/p4").reveal()).isEqualTo("value-4");
    assertThat(got.get("/job/p4").secure()).isTrue();
    assertThat(got.get("/job/p5").secure()).isFalse();
    assertThat(ssm.calls()).hasSize(3).allSatisfy(c -> {
      assertThat(c.target()).isEqualTo("AmazonSSM.GetParameters");
      assertThat(c.body().path("WithDecryption").asBoolean()).isTrue();
    });
    assertThat(ssm.calls().stream().map(c -> c.body().path("Names").size()).toList()).containsExactly(10, 10, 3);
  }

  @Test
  void servesFromTheCacheUntilTheMaximumAge() {
    ssm.put("/job/a", "String", "1").put("/job/b", "String", "2");
    ParameterStore store = ParameterStore.builder(client).clock(clock).maxAge(Duration.ofMinutes(5)).build();
    store.get(List.of("/job/a", "/job/b"));
    clock.advance(Duration.ofMinutes(4));
    ssm.put("/job/a", "String", "changed");
    assertThat(store.get("/job/a").reveal()).isEqualTo("1");
    assertThat(ssm.calls()).hasSize(1);

    clock.advance(Duration.ofMinutes(1));
    assertThat(store.get("/job/a").reveal()).isEqualTo("changed");
    assertThat(ssm.calls()).hasSize(2);
    assertThat(ssm.calls().get(1).body().path("Names").toString()).isEqualTo("[\"/job/a\"]");

    store.clear();
    store.get("/job/b");
    assertThat(ssm.calls()).hasSize(3);
  }

  @Test
  void readsEveryPageOfAPath() {
    for (int i = 0; i < 25; i++) {
      ssm.put(String.format("/job/conf/k%02d", i), "String", "v" + i);
    }
    ssm.put("/job/conf/deep/secret", "SecureString", "s3cr3t").put("/other/x", "String", "no");
    ParameterStore store = ParameterStore.builder(client).clock(clock).build();

    Map<String, SecretValue> got = store.getByPath("/job/conf");

    assertThat(got).hasSize(26).containsKey("/job/conf/deep/secret").doesNotContainKey("/other/x");
    assertThat(got.get("/job/conf/deep/secret").reveal()).isEqualTo("s3cr3t");
    assertThat(ssm.calls()).hasSize(3).allSatisfy(c -> {
      assertThat(c.target()).isEqualTo("AmazonSSM.GetParametersByPath");
      assertThat(c.body().path("Recursive").asBoolean()).isTrue();
      assertThat(c.body().path("WithDecryption").asBoolean()).isTrue();
    });
    assertThat(ssm.calls().get(0).body().has("NextToken")).isFalse();
    assertThat(ssm.calls().get(1).body().path("NextToken").asText()).isNotEmpty();
    // Cached by name too: no further call.
    assertThat(store.get("/job/conf/k03").reveal()).isEqualTo("v3");
    assertThat(ssm.calls()).hasSize(3);
  }

  @Test
  void spendsAtMostTheGivenCallsPerSecond() {
    List<String> names = new ArrayList<>();
    for (int i = 0; i < 50; i++) {
      ssm.put("/rate/p" + i, "String", "v");
      names.add("/rate/p" + i);
    }
    ParameterStore store = ParameterStore.builder(client).clock(clock).callsPerSecond(2).build();
    Instant before = clock.now();

    store.get(names); // 5 calls: 2 from the full bucket, then one each half second

    assertThat(ssm.calls()).hasSize(5);
    assertThat(Duration.between(before, clock.now())).isEqualTo(Duration.ofMillis(1500));
  }

  @Test
  void namesTheParametersThatDoNotExist() {
    ssm.put("/job/a", "String", "1");
    ParameterStore store = ParameterStore.builder(client).clock(clock).build();
    assertThatThrownBy(() -> store.get(List.of("/job/a", "/job/nope", "/job/gone")))
        .isInstanceOf(ParameterNotFoundException.class).hasMessageContaining("/job/nope, /job/gone");
  }

  @Test
  void aSecretNeverShowsInTextForm() {
    ssm.put("/job/password", "SecureString", "hunter2");
    ParameterStore store = ParameterStore.builder(client).clock(clock).build();
    Map<String, SecretValue> got = store.get(List.of("/job/password"));
    assertThat(got.toString()).doesNotContain("hunter2").contains("/job/password=****");
    assertThat(String.valueOf(got.get("/job/password"))).doesNotContain("hunter2");
  }

  @Test
  void refusesBadSettings() {
    assertThatThrownBy(() -> ParameterStore.builder(client).callsPerSecond(0).build())
        .hasMessageContaining("callsPerSecond must be at least 1, was 0");
    assertThatThrownBy(() -> ParameterStore.builder(client).maxAge(Duration.ofSeconds(-1)).build())
        .hasMessageContaining("maxAge");
  }
}
