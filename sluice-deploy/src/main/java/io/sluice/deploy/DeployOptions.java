package io.sluice.deploy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * How {@link DeployTemplate} lays a job out on AWS. Every option has a default that suits a first
 * deployment; {@link #builder()} starts from them.
 *
 * @param storePrefix the key prefix of the run state and outputs inside the work bucket (ends in '/')
 * @param architecture {@code x86_64} or {@code arm64}
 * @param snapStart whether the functions use Lambda SnapStart (a published version and an alias)
 * @param ephemeralStorageMb the functions' {@code /tmp} size, 512 to 10,240 MB
 * @param express an Express state machine instead of Standard
 * @param expectedDuration how long a run of the job is expected to take at most (required for Express,
 *     which stops executions after 5 minutes); null if not declared
 * @param parameterPath the Parameter Store path the functions may read (e.g. {@code /sluice/demo/})
 * @param ssmParameters job parameters taken from Parameter Store: job parameter name to parameter
 *     name (under {@code parameterPath}); only the names go into the template, never values
 * @param kmsKeyArn the customer-managed KMS key of SecureString parameters, or null for the AWS
 *     managed {@code aws/ssm} key (which needs no grant)
 * @param reads S3 locations ({@code s3://bucket/prefix}) the functions may read besides the work bucket
 * @param trigger an S3 location whose new objects start a run through EventBridge, or null
 * @param triggerParameter the job parameter that receives the new object's {@code s3://} URI
 * @param logRetentionDays how long the functions' and the state machine's logs are kept
 * @param runRetentionDays after how many days a run's state under {@code <prefix>runs/} expires (a run
 *     can be resumed or redriven until then)
 * @param codeVersion a label of the deployed jar (its hash), part of the published version's logical
 *     id so that a new jar publishes a new version under SnapStart
 */
public record DeployOptions(
    String storePrefix,
    String architecture,
    boolean snapStart,
    int ephemeralStorageMb,
    boolean express,
    Duration expectedDuration,
    String parameterPath,
    Map<String, String> ssmParameters,
    String kmsKeyArn,
    List<String> reads,
    String trigger,
    String triggerParameter,
    int logRetentionDays,
    int runRetentionDays,
    String codeVersion) {

  /** CloudWatch Logs' allowed retention periods, in days. */
  static final List<Integer> LOG_RETENTION_DAYS = List.of(1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545,
      731, 1096, 1827, 2192, 2557, 2922, 3288, 3653);

  /** Checks every option; the messages name the option and the allowed values. */
  public DeployOptions {
    Objects.requireNonNull(storePrefix, "storePrefix");
    if (storePrefix.isEmpty() || !storePrefix.endsWith("/") || storePrefix.startsWith("/") || storePrefix.contains("*")) {
      throw new IllegalArgumentException("the store prefix must be a relative key prefix ending in '/', e.g. sluice/demo/, got: "
          + storePrefix);
    }
    if (!architecture.equals("x86_64") && !architecture.equals("arm64")) {
      throw new IllegalArgumentException("the architecture is x86_64 or arm64, got: " + architecture);
    }
    if (ephemeralStorageMb < 512 || ephemeralStorageMb > 10240) {
      throw new IllegalArgumentException("ephemeral storage is 512 to 10240 MB (Lambda's range), got: " + ephemeralStorageMb);
    }
    if (!parameterPath.startsWith("/") || !parameterPath.endsWith("/") || parameterPath.contains("*")) {
      throw new IllegalArgumentException("the parameter path starts and ends with '/', e.g. /sluice/demo/, got: " + parameterPath);
    }
    ssmParameters = Map.copyOf(new LinkedHashMap<>(ssmParameters));
    ssmParameters.forEach((job, name) -> {
      if (!job.matches("[A-Za-z][A-Za-z0-9_.-]*")) {
        throw new IllegalArgumentException("a job parameter name is letters, digits, '_', '.', '-', got: " + job);
      }
      if (!name.matches("[A-Za-z0-9_.-]+(/[A-Za-z0-9_.-]+)*")) {
        throw new IllegalArgumentException("job parameter '" + job + "' must name a Parameter Store parameter under "
            + parameterPath + " (letters, digits, '_', '.', '-', '/'), not hold a value: got '" + name
            + "'. Put the value in Parameter Store (aws ssm put-parameter --type SecureString) and name it here");
      }
    });
    if (kmsKeyArn != null && !kmsKeyArn.startsWith("arn:")) {
      throw new IllegalArgumentException("the KMS key is given by its ARN, got: " + kmsKeyArn);
    }
    reads = List.copyOf(reads);
    reads.forEach(r -> S3Location.parse("--read", r));
    if (trigger != null) {
      S3Location.parse("--trigger", trigger);
    }
    if (!triggerParameter.matches("[A-Za-z][A-Za-z0-9_.-]*")) {
      throw new IllegalArgumentException("the trigger parameter is a job parameter name, got: " + triggerParameter);
    }
    if (!LOG_RETENTION_DAYS.contains(logRetentionDays)) {
      throw new IllegalArgumentException("log retention is one of CloudWatch Logs' periods " + LOG_RETENTION_DAYS
          + " days, got: " + logRetentionDays);
    }
    if (runRetentionDays < 1) {
      throw new IllegalArgumentException("run retention must be at least 1 day, got: " + runRetentionDays);
    }
    if (!codeVersion.matches("[A-Za-z0-9]{1,32}")) {
      throw new IllegalArgumentException("the code version label is 1 to 32 letters or digits, got: " + codeVersion);
    }
  }

  /** A builder with the defaults for job {@code jobName}. */
  public static Builder builder(String jobName) {
    return new Builder(jobName);
  }

  /** Builds {@link DeployOptions}. */
  public static final class Builder {
    private String storePrefix;
    private String architecture = "x86_64";
    private boolean snapStart;
    private int ephemeralStorageMb = 512;
    private boolean express;
    private Duration expectedDuration;
    private String parameterPath;
    private final Map<String, String> ssmParameters = new LinkedHashMap<>();
    private String kmsKeyArn;
    private final List<String> reads = new ArrayList<>();
    private String trigger;
    private String triggerParameter = "input";
    private int logRetentionDays = 30;
    private int runRetentionDays = 30;
    private String codeVersion = "1";

    private Builder(String jobName) {
      this.storePrefix = "sluice/" + jobName + "/";
      this.parameterPath = "/sluice/" + jobName + "/";
    }

    public Builder storePrefix(String prefix) { this.storePrefix = prefix; return this; }
    public Builder architecture(String arch) { this.architecture = arch; return this; }
    public Builder snapStart(boolean on) { this.snapStart = on; return this; }
    public Builder ephemeralStorageMb(int mb) { this.ephemeralStorageMb = mb; return this; }
    public Builder express(boolean on) { this.express = on; return this; }
    public Builder expectedDuration(Duration d) { this.expectedDuration = d; return this; }
    public Builder parameterPath(String path) { this.parameterPath = path; return this; }
    public Builder ssmParameter(String jobParameter, String parameterName) { ssmParameters.put(jobParameter, parameterName); return this; }
    public Builder kmsKeyArn(String arn) { this.kmsKeyArn = arn; return this; }
    public Builder read(String s3Location) { reads.add(s3Location); return this; }
    public Builder trigger(String s3Location) { this.trigger = s3Location; return this; }
    public Builder triggerParameter(String name) { this.triggerParameter = name; return this; }
    public Builder logRetentionDays(int days) { this.logRetentionDays = days; return this; }
    public Builder runRetentionDays(int days) { this.runRetentionDays = days; return this; }
    public Builder codeVersion(String label) { this.codeVersion = label; return this; }

    public DeployOptions build() {
      return new DeployOptions(storePrefix, architecture, snapStart, ephemeralStorageMb, express, expectedDuration,
          parameterPath, ssmParameters, kmsKeyArn, reads, trigger, triggerParameter, logRetentionDays,
          runRetentionDays, codeVersion);
    }
  }
}
