package io.sluice.aws.ssm;

import io.sluice.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import software.amazon.awssdk.services.ssm.SsmClient;
import software.amazon.awssdk.services.ssm.model.GetParametersByPathRequest;
import software.amazon.awssdk.services.ssm.model.GetParametersByPathResponse;
import software.amazon.awssdk.services.ssm.model.GetParametersResponse;
import software.amazon.awssdk.services.ssm.model.Parameter;
import software.amazon.awssdk.services.ssm.model.ParameterType;

/**
 * Reads parameters from SSM Parameter Store for one function instance.
 *
 * <pre>{@code
 * ParameterStore params = ParameterStore.builder(SsmClient.create()).maxAge(Duration.ofMinutes(5)).build();
 * SecretValue password = params.get("/sluice/demo/db-password");
 * connect(url, user, password.reveal());
 * }</pre>
 *
 * <ul>
 *   <li><b>Batched:</b> {@link #get(Collection)} asks for the names it has not cached in {@code
 *       GetParameters} calls of at most {@value #MAX_NAMES_PER_CALL} names; {@link #getByPath} reads
 *       every page of {@code GetParametersByPath}. Always with decryption: SecureStrings come back as
 *       their text, as {@link SecretValue}s.
 *   <li><b>Cached</b> per instance: a value fetched less than {@code maxAge} ago is not fetched again.
 *   <li><b>Rate-limited:</b> at most {@code callsPerSecond} calls a second from this instance (default
 *       {@value #DEFAULT_CALLS_PER_SECOND}, the standard tier's limit), so many executors starting at
 *       once wait briefly instead of being throttled.
 * </ul>
 *
 * <p>Thread-safe. Nothing is static; {@link #clear()} drops the cache (after a SnapStart restore).
 */
public final class ParameterStore {
  /** Parameter Store's limit on names per {@code GetParameters} call. */
  public static final int MAX_NAMES_PER_CALL = 10;
  /** The default rate limit: the standard throughput tier's 40 transactions per second. */
  public static final int DEFAULT_CALLS_PER_SECOND = 40;

  private record Cached(SecretValue value, Instant fetched) {}

  private final SsmClient client;
  private final Duration maxAge;
  private final Clock clock;
  private final TokenBucket bucket;
  private final Map<String, Cached> cache = new ConcurrentHashMap<>();

  private ParameterStore(Builder b) {
    this.client = b.client;
    this.maxAge = b.maxAge;
    this.clock = b.clock;
    this.bucket = new TokenBucket(b.clock, b.callsPerSecond);
  }

  /** Starts configuring a store that calls {@code client}. */
  public static Builder builder(SsmClient client) {
    return new Builder(client);
  }

  /** Parameter {@code name}. */
  public SecretValue get(String name) {
    return get(List.of(name)).get(name);
  }

  /**
   * Parameters {@code names}, by name in the order given.
   *
   * @throws ParameterNotFoundException naming every name Parameter Store does not have
   */
  public Map<String, SecretValue> get(Collection<String> names) {
    Instant now = clock.now();
    List<String> wanted = new ArrayList<>(new LinkedHashSet<>(names));
    List<String> missing = new ArrayList<>();
    for (String name : wanted) {
      Objects.requireNonNull(name, "parameter name");
      Cached c = cache.get(name);
      if (c == null || Duration.between(c.fetched(), now).compareTo(maxAge) >= 0) {
        missing.add(name);
      }
    }
    List<String> notFound = new ArrayList<>();
    for (int i = 0; i < missing.size(); i += MAX_NAMES_PER_CALL) {
      List<String> batch = missing.subList(i, Math.min(missing.size(), i + MAX_NAMES_PER_CALL));
      acquire();
      GetParametersResponse response = client.getParameters(r -> r.names(batch).withDecryption(true));
      Instant fetched = clock.now();
      response.parameters().forEach(p -> cache.put(p.name(), new Cached(value(p), fetched)));
      notFound.addAll(response.invalidParameters());
    }
    if (!notFound.isEmpty()) {
      throw new ParameterNotFoundException(notFound);
    }
    Map<String, SecretValue> out = new LinkedHashMap<>();
    for (String name : wanted) {
      out.put(name, cache.get(name).value());
    }
    return out;
  }

  /**
   * Every parameter under {@code path} (recursively), by name; each page is one call. They are
   * cached by name as well, for {@link #get}.
   */
  public Map<String, SecretValue> getByPath(String path) {
    Map<String, SecretValue> out = new LinkedHashMap<>();
    String token = null;
    do {
      acquire();
      GetParametersByPathRequest.Builder request = GetParametersByPathRequest.builder().path(path).recursive(true)
          .withDecryption(true);
      if (token != null) {
        request.nextToken(token);
      }
      GetParametersByPathResponse page = client.getParametersByPath(request.build());
      Instant fetched = clock.now();
      for (Parameter p : page.parameters()) {
        SecretValue v = value(p);
        cache.put(p.name(), new Cached(v, fetched));
        out.put(p.name(), v);
      }
      token = page.nextToken();
    } while (token != null && !token.isEmpty());
    return out;
  }

  /** Forgets every cached value. */
  public void clear() {
    cache.clear();
  }

  private void acquire() {
    try {
      bucket.acquire();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("Interrupted while waiting for Parameter Store's rate limit", e);
    }
  }

  private static SecretValue value(Parameter p) {
    return new SecretValue(p.name(), p.value(), p.type() == ParameterType.SECURE_STRING);
  }

  /** Configures a {@link ParameterStore}; {@link #build()} checks the values. */
  public static final class Builder {
    private final SsmClient client;
    private Duration maxAge = Duration.ofMinutes(5);
    private int callsPerSecond = DEFAULT_CALLS_PER_SECOND;
    private Clock clock = Clock.system();

    private Builder(SsmClient client) {
      this.client = client;
    }

    /** How long a fetched value is used before it is fetched again; default 5 minutes. */
    public Builder maxAge(Duration maxAge) {
      this.maxAge = maxAge;
      return this;
    }

    /** The most calls a second; default {@value ParameterStore#DEFAULT_CALLS_PER_SECOND}. */
    public Builder callsPerSecond(int callsPerSecond) {
      this.callsPerSecond = callsPerSecond;
      return this;
    }

    /** The clock of cache ages and of the rate limit's waits; the system clock by default. */
    public Builder clock(Clock clock) {
      this.clock = clock;
      return this;
    }

    /**
     * The store.
     *
     * @throws IllegalArgumentException naming the setting that is out of range
     */
    public ParameterStore build() {
      Objects.requireNonNull(client, "ParameterStore needs an SsmClient");
      Objects.requireNonNull(clock, "ParameterStore needs a clock");
      if (maxAge == null || maxAge.isNegative()) {
        throw new IllegalArgumentException("ParameterStore maxAge must be zero or positive, was " + maxAge);
      }
      if (callsPerSecond < 1) {
        throw new IllegalArgumentException("ParameterStore callsPerSecond must be at least 1, was " + callsPerSecond);
      }
      return new ParameterStore(this);
    }
  }
}
