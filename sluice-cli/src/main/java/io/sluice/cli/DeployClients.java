package io.sluice.cli;

import java.net.URI;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProviderChain;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.EnvironmentVariableCredentialsProvider;
import software.amazon.awssdk.auth.credentials.ProfileCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.auth.credentials.SystemPropertyCredentialsProvider;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.cloudformation.CloudFormationClient;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * The clients of {@code sluice deploy}: CloudFormation and S3 (the code bucket), over the JDK's URL
 * connection. With an endpoint (a loopback stand-in or an emulator) the region defaults to us-east-1
 * and the credentials to the configured ones, else test credentials; without one, the SDK's default
 * region and credential chains.
 */
final class DeployClients {
  private static final String LOCAL_ACCESS_KEY = "sluice-local";

  private DeployClients() {}

  /** A CloudFormation client for {@code region} (null: the SDK's default) or {@code endpoint} (null: AWS). */
  static CloudFormationClient cloudFormation(String region, URI endpoint) {
    var builder = CloudFormationClient.builder().httpClientBuilder(UrlConnectionHttpClient.builder());
    configure(builder, region, endpoint);
    try {
      return builder.build();
    } catch (SdkClientException e) {
      throw new SluiceCommand.UserError("Cannot set up the CloudFormation client: " + e.getMessage()
          + " (give --region, or set AWS_REGION)");
    }
  }

  /** An S3 client for the code bucket: path-style when {@code endpoint} is given. */
  static S3Client s3(String region, URI endpoint) {
    var builder = S3Client.builder().httpClientBuilder(UrlConnectionHttpClient.builder()).forcePathStyle(endpoint != null);
    configure(builder, region, endpoint);
    try {
      return builder.build();
    } catch (SdkClientException e) {
      throw new SluiceCommand.UserError("Cannot set up the S3 client: " + e.getMessage() + " (give --region, or set AWS_REGION)");
    }
  }

  /** {@code text} as an endpoint URL, or null; {@code option} names it in the error. */
  static URI endpoint(String option, String text) {
    if (text == null) {
      return null;
    }
    URI uri;
    try {
      uri = URI.create(text.trim());
    } catch (IllegalArgumentException e) {
      uri = null;
    }
    if (uri == null || uri.getScheme() == null || uri.getHost() == null) {
      throw new SluiceCommand.UserError(option + " '" + text + "' is not a URL such as http://127.0.0.1:4581");
    }
    return uri;
  }

  private static void configure(software.amazon.awssdk.awscore.client.builder.AwsClientBuilder<?, ?> builder,
      String region, URI endpoint) {
    if (endpoint != null) {
      builder.endpointOverride(endpoint).credentialsProvider(localCredentials());
      builder.region(Region.of(region != null ? region : "us-east-1"));
    } else {
      builder.credentialsProvider(DefaultCredentialsProvider.builder().build());
      if (region != null) {
        builder.region(Region.of(region));
      }
    }
  }

  private static AwsCredentialsProvider localCredentials() {
    AwsCredentialsProvider configured = AwsCredentialsProviderChain.of(SystemPropertyCredentialsProvider.create(),
        EnvironmentVariableCredentialsProvider.create(), ProfileCredentialsProvider.create());
    try {
      configured.resolveCredentials();
      return configured;
    } catch (SdkException none) {
      return StaticCredentialsProvider.create(AwsBasicCredentials.create(LOCAL_ACCESS_KEY, "sluice-local-secret"));
    }
  }
}
