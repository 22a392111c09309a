package io.sluice.aws.s3;

import io.sluice.store.ObjectStoreProvider;
import io.sluice.store.StoreLocation;
import java.net.URI;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProviderChain;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.EnvironmentVariableCredentialsProvider;
import software.amazon.awssdk.auth.credentials.ProfileCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.auth.credentials.SystemPropertyCredentialsProvider;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.regions.providers.DefaultAwsRegionProviderChain;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3Configuration;

/**
 * Opens {@code s3://bucket/prefix} locations as {@link S3ObjectStore}s, after checking that the
 * bucket exists ({@code HeadBucket}: a missing bucket is an {@link IllegalArgumentException} naming it).
 *
 * <p>Options (each also read from the environment when the option is absent):
 *
 * <ul>
 *   <li>{@code endpoint} ({@code SLUICE_S3_ENDPOINT}): an S3-compatible server such as {@code
 *       http://127.0.0.1:9090}; default AWS's endpoint for the region.
 *   <li>{@code region} ({@code SLUICE_S3_REGION}, then the SDK's region chain); default {@code
 *       us-east-1} when an endpoint is given and no region is configured.
 *   <li>{@code pathStyle} ({@code SLUICE_S3_PATH_STYLE}): {@code true} for {@code
 *       http://host/bucket/key} addressing; default true with an endpoint, false without.
 *   <li>{@code chunkedEncoding} ({@code SLUICE_S3_CHUNKED_ENCODING}): {@code false} sends upload
 *       bodies plain, not as the SDK's SigV4 streaming {@code aws-chunked} bodies (which it uses by
 *       default over plain HTTP), for S3-compatible servers that mishandle those, such as S3Proxy
 *       4.1.0; default true, as the SDK.
 * </ul>
 *
 * <p>Credentials come from the SDK's default chain. With an endpoint, only the chain's local sources
 * are asked (system properties, environment, profile file), never an instance metadata service; when
 * none has credentials, static test credentials ({@code sluice-local}) are used, which S3-compatible
 * test servers such as S3Mock accept. Clients are cached per endpoint, region and addressing style.
 */
public final class S3StoreProvider implements ObjectStoreProvider {
  /** Static credentials used with an endpoint when no credentials are configured. */
  public static final String TEST_ACCESS_KEY = "sluice-local";

  private static final Map<String, S3Client> CLIENTS = new ConcurrentHashMap<>();

  @Override
  public String scheme() {
    return "s3";
  }

  @Override
  public StoreLocation open(URI location, Map<String, String> options) {
    if (!"s3".equalsIgnoreCase(location.getScheme())) {
      throw new IllegalArgumentException("Not an s3: location: " + location);
    }
    String bucket = location.getAuthority();
    if (bucket == null || bucket.isBlank()) {
      throw new IllegalArgumentException("S3 location " + location + " names no bucket; write s3://bucket/prefix");
    }
    String path = location.getPath() == null ? "" : location.getPath();
    String prefix = path.startsWith("/") ? path.substring(1) : path;
    if (!prefix.isEmpty() && !prefix.endsWith("/")) {
      prefix = prefix + "/";
    }
    String endpoint = setting(options, "endpoint", "SLUICE_S3_ENDPOINT");
    String region = setting(options, "region", "SLUICE_S3_REGION");
    String pathStyle = setting(options, "pathStyle", "SLUICE_S3_PATH_STYLE");
    boolean usePathStyle = pathStyle == null ? endpoint != null : Boolean.parseBoolean(pathStyle.trim().toLowerCase(Locale.ROOT));
    boolean chunked = flag(setting(options, "chunkedEncoding", "SLUICE_S3_CHUNKED_ENCODING"), "chunkedEncoding", true);
    S3Client client = CLIENTS.computeIfAbsent(endpoint + "|" + region + "|" + usePathStyle + "|" + chunked,
        k -> client(endpoint, region, usePathStyle, chunked));
    S3ObjectStore store;
    try {
      store = new S3ObjectStore(client, bucket, prefix);
    } catch (RuntimeException e) {
      throw new IllegalArgumentException("S3 location " + location + " is not valid: " + e.getMessage(), e);
    }
    try {
      store.checkBucket();
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("Cannot open " + location + (endpoint == null ? "" : " at " + endpoint)
          + ": " + e.getMessage(), e);
    }
    String uri = "s3://" + bucket + "/" + prefix;
    return new StoreLocation(URI.create(uri), store, "");
  }

  /** A client with Sluice's retry strategy and the URL-connection HTTP client. */
  static S3Client client(String endpoint, String region, boolean pathStyle, boolean chunkedEncoding) {
    var builder = S3Client.builder()
        .httpClient(UrlConnectionHttpClient.create())
        .forcePathStyle(pathStyle)
        .serviceConfiguration(S3Configuration.builder().chunkedEncodingEnabled(chunkedEncoding).build())
        .overrideConfiguration(c -> c.retryStrategy(S3ObjectStore.retryStrategy()));
    if (endpoint != null) {
      URI uri = URI.create(endpoint.trim());
      if (uri.getScheme() == null || uri.getHost() == null) {
        throw new IllegalArgumentException("S3 endpoint '" + endpoint + "' is not a URL such as http://127.0.0.1:9090");
      }
      builder.endpointOverride(uri).credentialsProvider(localCredentials());
      builder.region(Region.of(region != null ? region : regionOr("us-east-1")));
    } else {
      builder.credentialsProvider(DefaultCredentialsProvider.builder().build());
      if (region != null) {
        builder.region(Region.of(region));
      }
    }
    return builder.build();
  }

  private static AwsCredentialsProvider localCredentials() {
    AwsCredentialsProvider configured = AwsCredentialsProviderChain.of(
        SystemPropertyCredentialsProvider.create(), EnvironmentVariableCredentialsProvider.create(),
        ProfileCredentialsProvider.create());
    try {
      configured.resolveCredentials();
      return configured;
    } catch (SdkException none) {
      return StaticCredentialsProvider.create(AwsBasicCredentials.create(TEST_ACCESS_KEY, "sluice-local-secret"));
    }
  }

  private static String regionOr(String fallback) {
    try {
      return DefaultAwsRegionProviderChain.builder().build().getRegion().id();
    } catch (SdkException none) {
      return fallback;
    }
  }

  /** {@code true} or {@code false} (any case), or {@code otherwise} when absent; anything else is refused, naming the option. */
  private static boolean flag(String value, String option, boolean otherwise) {
    if (value == null) {
      return otherwise;
    }
    return switch (value.trim().toLowerCase(Locale.ROOT)) {
      case "true" -> true;
      case "false" -> false;
      default -> throw new IllegalArgumentException("S3 option " + option + " is '" + value + "': write true or false");
    };
  }

  private static String setting(Map<String, String> options, String option, String env) {
    String value = options == null ? null : options.get(option);
    if (value == null || value.isBlank()) {
      value = System.getenv(env);
    }
    return value == null || value.isBlank() ? null : value;
  }
}
