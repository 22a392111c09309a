package io.sluice.cli;

import io.sluice.Job;
import io.sluice.deploy.DeployOptions;
import io.sluice.deploy.DeployRefusedException;
import io.sluice.deploy.DeployTemplate;
import io.sluice.runtime.JobCatalog;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code sluice deploy JOB}: the job's CloudFormation stack. By default it applies the stack through
 * the CloudFormation API with a change set ({@link StackDeployer}); {@code --no-execute} stops after
 * printing the change set. {@code --dry-run} writes the template and the state machine definition
 * without touching AWS; {@code --print-command} prints the exact AWS CLI commands that upload the jar
 * and deploy the template.
 */
@Command(name = "deploy", description = {
    "Deploy a job to AWS as one CloudFormation stack: work bucket, dedup table, Driver and Executor functions,",
    "least-privilege roles, the state machine and its logs.",
    "With --jar and --code-bucket: uploads both and applies the stack through a change set, printing its changes,",
    "the stack's events and, at the end, its outputs. Exit code 0 when the stack is complete or up to date, 1 when it failed.",
    "--dry-run writes the template (and the state machine definition beside it) without touching AWS."})
final class DeployCommand implements Callable<Integer> {
  @Parameters(index = "0", paramLabel = "JOB", description = "A job name (see `sluice jobs`) or a JobFactory class name.")
  String job;

  @Option(names = "--dry-run", description = "Write the template and the definition; do not touch AWS.")
  boolean dryRun;

  @Option(names = "--print-command", description = "Write the template and print the AWS CLI commands that deploy it.")
  boolean printCommand;

  @Option(names = "--output", paramLabel = "FILE",
      description = "Where to write the template (default: target/deploy/JOB.template.json); the definition goes to FILE's name with .asl.json.")
  Path output;

  @Option(names = "--no-execute", description = "Create the change set and print it; do not execute it.")
  boolean noExecute;

  @Option(names = {"--stack", "--stack-name"}, paramLabel = "NAME",
      description = "The stack's name, also the functions' and state machine's (default: sluice-JOB).")
  String stackName;

  @Option(names = "--jar", paramLabel = "FILE", description = "The job's deployment jar.")
  Path jar;

  @Option(names = "--code-bucket", paramLabel = "BUCKET",
      description = "An existing S3 bucket, in the stack's region, to upload the jar and the template to.")
  String codeBucket;

  @Option(names = "--region", paramLabel = "REGION", description = "The AWS region (default: AWS_REGION or the AWS config).")
  String region;

  @Option(names = "--endpoint", paramLabel = "URL", description = "A CloudFormation endpoint other than AWS's (an emulator).")
  String endpoint;

  @Option(names = "--s3-endpoint", paramLabel = "URL", description = "An S3 endpoint other than AWS's, for the code bucket (an emulator).")
  String s3Endpoint;

  @Option(names = "--poll-interval", paramLabel = "DURATION", defaultValue = "5s", hidden = true,
      description = "How often to ask CloudFormation how the change set and the stack are doing (default: ${DEFAULT-VALUE}).")
  String pollInterval;

  @Option(names = "--arch", defaultValue = "x86_64", description = "x86_64 or arm64 (default: ${DEFAULT-VALUE}).")
  String architecture;

  @Option(names = "--snapstart", description = "Use Lambda SnapStart (publishes a version; the state machine calls its alias).")
  boolean snapStart;

  @Option(names = "--ephemeral-storage", paramLabel = "MB", defaultValue = "512", description = "The functions' /tmp, 512 to 10240 MB (default: ${DEFAULT-VALUE}).")
  int ephemeralStorageMb;

  @Option(names = "--express", description = "An Express state machine (only for jobs that finish within 5 minutes: give --expected-duration).")
  boolean express;

  @Option(names = "--expected-duration", paramLabel = "DURATION", description = "How long a run takes at most, e.g. 4m or 90s.")
  String expectedDuration;

  @Option(names = "--store-prefix", paramLabel = "PREFIX", description = "Key prefix of the run state in the work bucket (default: sluice/JOB/).")
  String storePrefix;

  @Option(names = "--read", paramLabel = "S3URI", description = "An s3://bucket/prefix the functions may read (repeatable).")
  List<String> reads = new ArrayList<>();

  @Option(names = "--trigger", paramLabel = "S3URI", description = "Start a run for every object created under this s3://bucket/prefix (EventBridge).")
  String trigger;

  @Option(names = "--trigger-parameter", paramLabel = "NAME", defaultValue = "input",
      description = "The job parameter that receives the new object's s3:// URI (default: ${DEFAULT-VALUE}).")
  String triggerParameter;

  @Option(names = "--ssm-parameter", paramLabel = "PARAM=NAME",
      description = "Take job parameter PARAM from Parameter Store parameter NAME under the parameter path (repeatable). Names only, never values.")
  Map<String, String> ssmParameters = new LinkedHashMap<>();

  @Option(names = "--parameter-path", paramLabel = "PATH", description = "The Parameter Store path the functions may read (default: /sluice/JOB/).")
  String parameterPath;

  @Option(names = "--kms-key", paramLabel = "ARN", description = "The KMS key of SecureString parameters, if not the AWS managed aws/ssm key.")
  String kmsKey;

  @Option(names = "--log-retention-days", defaultValue = "30", description = "Log retention (default: ${DEFAULT-VALUE}).")
  int logRetentionDays;

  @Option(names = "--run-retention-days", defaultValue = "30", description = "Days before a run's state expires (default: ${DEFAULT-VALUE}).")
  int runRetentionDays;

  @Override
  public Integer call() throws Exception {
    Job j = JobCatalog.load(getClass().getClassLoader()).find(job);
    String stack = stackName != null ? stackName : "sluice-" + j.name();
    if (!stack.matches("[A-Za-z][A-Za-z0-9-]{0,54}")) {
      throw new SluiceCommand.UserError("--stack-name must start with a letter and hold at most 55 letters, digits and '-' "
          + "(it also names the functions), got: " + stack);
    }
    if (dryRun && (printCommand || noExecute)) {
      throw new SluiceCommand.UserError("--dry-run touches no AWS: leave out " + (printCommand ? "--print-command" : "--no-execute"));
    }
    if (printCommand && noExecute) {
      throw new SluiceCommand.UserError("--print-command only prints the commands: leave out --no-execute");
    }
    String jarHash = null;
    if (!dryRun) {
      if (jar == null || codeBucket == null) {
        throw new SluiceCommand.UserError((printCommand ? "--print-command" : "deploying") + " needs --jar FILE (the job's "
            + "deployment jar) and --code-bucket BUCKET (an existing bucket to upload it to); --dry-run writes the template alone");
      }
      if (!Files.isRegularFile(jar)) {
        throw new SluiceCommand.UserError("--jar " + jar + ": no such file");
      }
      jarHash = sha256(jar).substring(0, 16);
      if (!ssmParameters.isEmpty()) {
        requireParameterResolver(jar);
      }
    }
    DeployOptions.Builder b = DeployOptions.builder(j.name())
        .architecture(architecture)
        .snapStart(snapStart)
        .ephemeralStorageMb(ephemeralStorageMb)
        .express(express)
        .triggerParameter(triggerParameter)
        .logRetentionDays(logRetentionDays)
        .runRetentionDays(runRetentionDays)
        .kmsKeyArn(kmsKey)
        .trigger(trigger);
    if (expectedDuration != null) {
      b.expectedDuration(parseDuration(expectedDuration));
    }
    if (storePrefix != null) {
      b.storePrefix(storePrefix);
    }
    if (parameterPath != null) {
      b.parameterPath(parameterPath);
    }
    if (jarHash != null) {
      b.codeVersion(jarHash);
    }
    reads.forEach(b::read);
    ssmParameters.forEach(b::ssmParameter);
    DeployOptions options;
    com.fasterxml.jackson.databind.node.ObjectNode template;
    try {
      options = b.build();
      template = DeployTemplate.generate(j, options);
    } catch (IllegalArgumentException | DeployRefusedException e) {
      throw new SluiceCommand.UserError(e.getMessage());
    }
    // The functions refuse to start with a SLUICE_PARAM_ variable for no parameter of the job: say so now.
    for (String name : ssmParameters.keySet()) {
      if (j.parameters().find(name).isEmpty()) {
        throw new SluiceCommand.UserError("--ssm-parameter " + name + "=...: job '" + j.name() + "' has no parameter '" + name
            + "'. Its parameters: " + (j.parameters().list().isEmpty() ? "none" : j.parameters().describe()));
      }
    }
    Path file = output != null ? output : Path.of("target", "deploy", j.name() + ".template.json");
    String base = file.getFileName().toString().replaceFirst("(\\.template)?\\.json$", "");
    Path definitionFile = file.resolveSibling(base + ".asl.json");
    if (file.toAbsolutePath().getParent() != null) {
      Files.createDirectories(file.toAbsolutePath().getParent());
    }
    var writer = CliJson.MAPPER.writerWithDefaultPrettyPrinter();
    byte[] templateBytes = (writer.writeValueAsString(template) + "\n").getBytes(java.nio.charset.StandardCharsets.UTF_8);
    Files.write(file, templateBytes);
    Files.writeString(definitionFile, writer.writeValueAsString(template.at("/Resources/StateMachine/Properties/Definition")) + "\n");
    System.out.println("Template:   " + file + " (" + Files.size(file) + " bytes, " + template.get("Resources").size()
        + " resources; " + (options.express() ? "Express" : "Standard") + " state machine)");
    System.out.println("Definition: " + definitionFile + " (placeholders ${DriverArn} and ${ExecutorArn})");
    String key = "sluice/" + j.name() + "/" + jarHash + ".jar";
    List<String> capabilities = DeployTemplate.capabilities(template);
    if (!dryRun && !printCommand) {
      String templateKey = "sluice/" + j.name() + "/" + sha256(templateBytes).substring(0, 16) + ".template.json";
      String changeSet = "sluice-" + java.time.format.DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")
          .withZone(java.time.ZoneOffset.UTC).format(java.time.Instant.now()) + "-" + jarHash.substring(0, 8);
      return apply(new StackDeployer.Request(stack, templateBytes, jar, codeBucket, key, templateKey,
          Map.of("CodeBucket", codeBucket, "CodeKey", key), capabilities, changeSet, !noExecute));
    }
    if (printCommand) {
      System.out.println();
      System.out.println("# 1. Upload the deployment jar");
      System.out.println("aws s3 cp " + jar + " s3://" + codeBucket + "/" + key);
      System.out.println("# 2. Create or update the stack");
      System.out.println("aws cloudformation deploy --stack-name " + stack + " --template-file " + file
          + " --s3-bucket " + codeBucket + (capabilities.isEmpty() ? "" : " --capabilities " + String.join(" ", capabilities))
          + " --parameter-overrides CodeBucket=" + codeBucket + " CodeKey=" + key);
      System.out.println("# 3. Run it");
      System.out.println("aws cloudformation describe-stacks --stack-name " + stack
          + " --query \"Stacks[0].Outputs[?OutputKey=='StateMachineArn'].OutputValue\" --output text");
    }
    return 0;
  }

  /** Applies the stack through the CloudFormation API; AWS's refusals become one line. */
  private int apply(StackDeployer.Request request) throws InterruptedException {
    java.net.URI s3Uri = DeployClients.endpoint("--s3-endpoint", s3Endpoint);
    try (var cfn = DeployClients.cloudFormation(region, DeployClients.endpoint("--endpoint", endpoint));
        var s3 = DeployClients.s3(region, s3Uri)) {
      return new StackDeployer(cfn, s3, s3Uri, System.out, parseDuration(pollInterval)).deploy(request);
    } catch (software.amazon.awssdk.awscore.exception.AwsServiceException e) {
      String detail = e.awsErrorDetails() == null ? e.getMessage()
          : e.awsErrorDetails().errorMessage() + " (" + e.awsErrorDetails().errorCode() + ")";
      throw new SluiceCommand.UserError("AWS refused the deployment of stack " + request.stack() + ": " + detail);
    } catch (software.amazon.awssdk.core.exception.SdkClientException e) {
      throw new SluiceCommand.UserError("Cannot reach AWS to deploy stack " + request.stack() + ": " + e.getMessage());
    }
  }

  static Duration parseDuration(String text) {
    var m = java.util.regex.Pattern.compile("(\\d+)(ms|s|m|h)").matcher(text.trim());
    if (!m.matches()) {
      throw new SluiceCommand.UserError("a duration is a number and a unit (ms, s, m, h), e.g. 4m or 90s; got: " + text);
    }
    long n = Long.parseLong(m.group(1));
    return switch (m.group(2)) {
      case "ms" -> Duration.ofMillis(n);
      case "s" -> Duration.ofSeconds(n);
      case "m" -> Duration.ofMinutes(n);
      default -> Duration.ofHours(n);
    };
  }

  /**
   * Refuses a jar whose functions could not read the {@code --ssm-parameter} references: one without
   * the Parameter Store resolver's service entry (such as a jar built like sluice-lambda-demo's).
   */
  private static void requireParameterResolver(Path jar) throws IOException {
    try (java.util.zip.ZipFile zip = new java.util.zip.ZipFile(jar.toFile())) {
      if (zip.getEntry("META-INF/services/io.sluice.ParameterResolver") == null) {
        throw new SluiceCommand.UserError("--jar " + jar + " has no Parameter Store resolver (no "
            + "META-INF/services/io.sluice.ParameterResolver), so its functions could not read the --ssm-parameter "
            + "references: build it with sluice-aws's io.sluice.aws.ssm and the SSM client (see docs/aws.md)");
      }
    } catch (java.util.zip.ZipException e) {
      throw new SluiceCommand.UserError("--jar " + jar + " is not a jar (zip): " + e.getMessage());
    }
  }

  private static String sha256(Path file) throws IOException {
    try (InputStream in = Files.newInputStream(file)) {
      MessageDigest digest = sha256();
      byte[] buffer = new byte[1 << 16];
      for (int n; (n = in.read(buffer)) > 0; ) {
        digest.update(buffer, 0, n);
      }
      return HexFormat.of().formatHex(digest.digest());
    }
  }

  private static String sha256(byte[] bytes) {
    return HexFormat.of().formatHex(sha256().digest(bytes));
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
