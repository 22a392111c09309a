package io.sluice.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.aws.s3.S3MockServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * {@code sluice deploy demo --jar ... --code-bucket ...} through the CloudFormation API: against the
 * loopback CloudFormation stand-in ({@link CloudFormationServer}: no CloudFormation implementation
 * runs on this machine) and a real S3 server, S3Mock on loopback, for the code bucket.
 */
class DeployApplyTest extends CommandLineTest {
  private final S3MockServer s3 = S3MockServer.shared();
  private CloudFormationServer cloudFormation;
  private String bucket;
  private Path jar;
  private Path template;

  @BeforeEach
  void start() throws Exception {
    cloudFormation = CloudFormationServer.start();
    bucket = s3.newBucket();
    jar = dir.resolve("job.jar");
    Files.write(jar, new byte[] {1, 2, 3});
    template = dir.resolve("demo.template.json");
  }

  @AfterEach
  void stop() {
    cloudFormation.close();
  }

  private int deploy(String... extra) {
    List<String> args = new ArrayList<>(List.of("deploy", "demo", "--jar", jar.toString(), "--code-bucket", bucket,
        "--output", template.toString(), "--endpoint", cloudFormation.endpoint().toString(),
        "--s3-endpoint", s3.endpoint().toString(), "--poll-interval", "1ms"));
    args.addAll(List.of(extra));
    return sluice(args.toArray(String[]::new));
  }

  @Test
  void aNewStackIsCreatedFromTheUploadedTemplateThroughAChangeSet() throws Exception {
    assertThat(deploy()).as(err.toString()).isZero();

    CloudFormationServer.Call create = cloudFormation.calls("CreateChangeSet").getFirst();
    assertThat(create.get("StackName")).isEqualTo("sluice-demo");
    assertThat(create.get("ChangeSetType")).isEqualTo("CREATE");
    assertThat(create.list("Capabilities")).containsExactly("CAPABILITY_IAM");
    assertThat(create.get("TemplateBody")).isNull();
    // sha256 of {1,2,3}, first 16 hex digits: the jar's key holds its hash.
    assertThat(create.parameters()).isEqualTo(Map.of("CodeBucket", bucket, "CodeKey", "sluice/demo/039058c6f2c0cb49.jar"));
    // The template URL points at the object uploaded to the code bucket, whose bytes are the generated template.
    String url = create.get("TemplateURL");
    assertThat(url).startsWith(s3.endpoint() + "/" + bucket + "/sluice/demo/").endsWith(".template.json");
    byte[] generated = Files.readAllBytes(template);
    assertThat(cloudFormation.fetchedTemplates().get(url)).isEqualTo(generated);
    try (S3Client client = s3.client()) {
      String key = url.substring((s3.endpoint() + "/" + bucket + "/").length());
      assertThat(client.getObjectAsBytes(r -> r.bucket(bucket).key(key)).asByteArray()).isEqualTo(generated);
      assertThat(client.getObjectAsBytes(r -> r.bucket(bucket).key("sluice/demo/039058c6f2c0cb49.jar")).asByteArray())
          .containsExactly(1, 2, 3);
    }
    assertThat(cloudFormation.calls("ExecuteChangeSet")).hasSize(1);
    assertThat(cloudFormation.stackStatus("sluice-demo")).isEqualTo("CREATE_COMPLETE");

    String printed = stdout();
    // Every resource of the template is listed as an Add (the changes span two pages).
    int resources = new com.fasterxml.jackson.databind.ObjectMapper().readTree(generated).get("Resources").size();
    assertThat(resources).isGreaterThan(CloudFormationServer.CHANGES_PER_PAGE);
    assertThat(printed).contains("Changes (" + resources + "):");
    assertThat(printed).containsPattern("Add +StateMachine +AWS::StepFunctions::StateMachine");
    assertThat(printed).containsPattern("Add +DriverRole +AWS::IAM::Role");
    assertThat(printed).contains("CREATE_COMPLETE  ExecutorFunction  AWS::Lambda::Function");
    assertThat(printed).contains("Stack sluice-demo is CREATE_COMPLETE.");
    assertThat(printed).contains("StateMachineArn = sluice-demo/StateMachineArn").contains("WorkBucket = sluice-demo/WorkBucket");
    // Each event is printed once, though the stack was polled many times.
    assertThat(printed.split("CREATE_COMPLETE  ExecutorFunction", -1)).hasSize(2);
  }

  @Test
  void anExistingStackIsUpdatedAndANewJarShowsAsModifiedFunctions() throws Exception {
    assertThat(deploy()).as(err.toString()).isZero();
    Files.write(jar, new byte[] {4, 5, 6});
    out.reset();

    assertThat(deploy()).as(err.toString()).isZero();

    CloudFormationServer.Call update = cloudFormation.calls("CreateChangeSet").get(1);
    assertThat(update.get("ChangeSetType")).isEqualTo("UPDATE");
    assertThat(update.parameters().get("CodeKey")).isNotEqualTo("sluice/demo/039058c6f2c0cb49.jar");
    String printed = stdout();
    assertThat(printed).contains("Changes (2):");
    assertThat(printed).containsPattern("Modify +DriverFunction +AWS::Lambda::Function +False");
    assertThat(printed).containsPattern("Modify +ExecutorFunction +AWS::Lambda::Function +False");
    assertThat(printed).contains("The template is already at");
    assertThat(printed).contains("UPDATE_COMPLETE  ExecutorFunction  AWS::Lambda::Function");
    assertThat(printed).contains("Stack sluice-demo is UPDATE_COMPLETE.");
    assertThat(cloudFormation.stackStatus("sluice-demo")).isEqualTo("UPDATE_COMPLETE");
  }

  @Test
  void anUnchangedStackIsUpToDateAndNothingIsExecuted() {
    assertThat(deploy()).as(err.toString()).isZero();
    out.reset();

    assertThat(deploy()).as(err.toString()).isZero();

    assertThat(stdout()).contains("Stack sluice-demo is up to date").contains("StateMachineArn = ");
    assertThat(cloudFormation.calls("ExecuteChangeSet")).hasSize(1);
    assertThat(cloudFormation.calls("DeleteChangeSet")).hasSize(1);
  }

  @Test
  void aFailedResourceRollsTheStackBackExitsOneAndSaysWhy() {
    cloudFormation.failOn("ExecutorFunction", "Resource handler returned message: \"Memory size 10240 exceeds the account limit\"");

    assertThat(deploy()).isEqualTo(1);

    assertThat(cloudFormation.stackStatus("sluice-demo")).isEqualTo("ROLLBACK_COMPLETE");
    String printed = stdout();
    assertThat(printed).contains("Stack sluice-demo failed: ROLLBACK_COMPLETE");
    assertThat(printed).contains("ExecutorFunction (AWS::Lambda::Function): Resource handler returned message: "
        + "\"Memory size 10240 exceeds the account limit\"");
    assertThat(printed).doesNotContain("Outputs:");

    // A stack whose creation rolled back cannot be updated: the next deploy says what to do.
    assertThat(deploy()).isEqualTo(2);
    assertThat(err.toString()).contains("ROLLBACK_COMPLETE").contains("aws cloudformation delete-stack --stack-name sluice-demo");
  }

  @Test
  void aFailedUpdateRollsBackToTheOldStack() throws Exception {
    assertThat(deploy()).as(err.toString()).isZero();
    Files.write(jar, new byte[] {7});
    cloudFormation.failOn("DriverFunction", "Access denied for s3:GetObject on the jar");
    out.reset();

    assertThat(deploy()).isEqualTo(1);

    assertThat(cloudFormation.stackStatus("sluice-demo")).isEqualTo("UPDATE_ROLLBACK_COMPLETE");
    assertThat(stdout()).contains("UPDATE_FAILED  DriverFunction  AWS::Lambda::Function  Access denied")
        .contains("failed: UPDATE_ROLLBACK_COMPLETE").contains("DriverFunction (AWS::Lambda::Function): Access denied");
  }

  @Test
  void noExecuteCreatesAndPrintsTheChangeSetOnly() {
    assertThat(deploy("--no-execute")).as(err.toString()).isZero();

    assertThat(cloudFormation.calls("CreateChangeSet")).hasSize(1);
    assertThat(cloudFormation.calls("ExecuteChangeSet")).isEmpty();
    assertThat(cloudFormation.stackStatus("sluice-demo")).isEqualTo("REVIEW_IN_PROGRESS");
    assertThat(stdout()).containsPattern("Add +WorkBucket +AWS::S3::Bucket")
        .contains("aws cloudformation execute-change-set --change-set-name arn:aws:cloudformation:");

    // The stack under review gets a CREATE change set again, which is then executed.
    out.reset();
    assertThat(deploy()).as(err.toString()).isZero();
    assertThat(cloudFormation.calls("CreateChangeSet").get(1).get("ChangeSetType")).isEqualTo("CREATE");
    assertThat(cloudFormation.stackStatus("sluice-demo")).isEqualTo("CREATE_COMPLETE");
  }

  @Test
  void theStackNameAndRegionAreTheOnesGiven() {
    assertThat(deploy("--stack", "orders-prod", "--region", "eu-west-1")).as(err.toString()).isZero();
    assertThat(cloudFormation.calls("CreateChangeSet").getFirst().get("StackName")).isEqualTo("orders-prod");
    assertThat(cloudFormation.stackStatus("orders-prod")).isEqualTo("CREATE_COMPLETE");
  }

  @Test
  void aMissingCodeBucketIsOneClearLine() {
    List<String> args = List.of("deploy", "demo", "--jar", jar.toString(), "--code-bucket", "no-such-code-bucket",
        "--output", template.toString(), "--endpoint", cloudFormation.endpoint().toString(),
        "--s3-endpoint", s3.endpoint().toString());
    assertThat(sluice(args.toArray(String[]::new))).isEqualTo(2);
    assertThat(err.toString()).contains("no-such-code-bucket");
    assertThat(cloudFormation.calls("CreateChangeSet")).isEmpty();
  }

  @Test
  void awsRefusingACallIsOneLineWithItsMessageAndCode() {
    cloudFormation.deny("CreateChangeSet", "AccessDenied",
        "User: arn:aws:iam::000000000000:user/dev is not authorized to perform: cloudformation:CreateChangeSet");

    assertThat(deploy()).isEqualTo(2);

    assertThat(err.toString()).isEqualTo("sluice: AWS refused the deployment of stack sluice-demo: User: "
        + "arn:aws:iam::000000000000:user/dev is not authorized to perform: cloudformation:CreateChangeSet (AccessDenied)"
        + System.lineSeparator());
  }

  @Test
  void anEndpointThatDoesNotAnswerIsOneLine() {
    cloudFormation.close();
    assertThat(deploy()).isEqualTo(2);
    assertThat(err.toString()).startsWith("sluice: Cannot reach AWS to deploy stack sluice-demo").doesNotContain("\tat ");
  }

  @Test
  void deployingWithoutAJarSaysWhatItNeeds() {
    assertThat(sluice("deploy", "demo")).isEqualTo(2);
    assertThat(err.toString()).contains("--jar FILE").contains("--code-bucket BUCKET").contains("--dry-run");
  }
}
