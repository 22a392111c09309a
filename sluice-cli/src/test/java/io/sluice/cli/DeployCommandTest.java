package io.sluice.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** {@code sluice deploy} as a user meets it; nothing here touches AWS. */
class DeployCommandTest extends CommandLineTest {
  @Test
  void aDryRunWritesTheTemplateAndTheDefinition() throws Exception {
    Path file = dir.resolve("demo.template.json");
    assertThat(sluice("deploy", "demo", "--dry-run", "--output", file.toString(), "--arch", "arm64")).isEqualTo(0);
    JsonNode template = new ObjectMapper().readTree(file.toFile());
    assertThat(template.at("/Resources/StateMachine/Type").asText()).isEqualTo("AWS::StepFunctions::StateMachine");
    assertThat(template.at("/Resources/ExecutorFunction/Properties/Architectures/0").asText()).isEqualTo("arm64");
    JsonNode definition = new ObjectMapper().readTree(dir.resolve("demo.asl.json").toFile());
    assertThat(definition).isEqualTo(template.at("/Resources/StateMachine/Properties/Definition"));
    assertThat(out.toString(StandardCharsets.UTF_8)).contains("Standard state machine").contains("demo.asl.json");
  }

  @Test
  void expressForAJobWithoutADeclaredDurationIsRefused() {
    assertThat(sluice("deploy", "demo", "--dry-run", "--output", dir.resolve("t.json").toString(), "--express")).isEqualTo(2);
    assertThat(err.toString()).contains("5 minutes").contains("--expected-duration");
    assertThat(sluice("deploy", "demo", "--dry-run", "--output", dir.resolve("t.json").toString(), "--express",
        "--expected-duration", "10m")).isEqualTo(2);
    assertThat(err.toString()).contains("longer than Express's 5-minute limit");
    assertThat(Files.exists(dir.resolve("t.json"))).isFalse();
  }

  @Test
  void printCommandGivesTheAwsCliCommandsWithAContentAddressedJar() throws Exception {
    Path jar = dir.resolve("job.jar");
    Files.write(jar, new byte[] {1, 2, 3});
    Path file = dir.resolve("t.json");
    assertThat(sluice("deploy", "demo", "--print-command", "--jar", jar.toString(), "--code-bucket", "my-code",
        "--output", file.toString())).isEqualTo(0);
    String printed = out.toString(StandardCharsets.UTF_8);
    // sha256 of {1,2,3}, first 16 hex digits
    assertThat(printed).contains("aws s3 cp " + jar + " s3://my-code/sluice/demo/039058c6f2c0cb49.jar");
    assertThat(printed).contains("aws cloudformation deploy --stack-name sluice-demo --template-file " + file
        + " --s3-bucket my-code --capabilities CAPABILITY_IAM --parameter-overrides CodeBucket=my-code CodeKey=sluice/demo/039058c6f2c0cb49.jar");
    assertThat(Files.exists(file)).isTrue();
  }

  @Test
  void printCommandWithoutAJarSaysWhatItNeeds() {
    assertThat(sluice("deploy", "demo", "--print-command")).isEqualTo(2);
    assertThat(err.toString()).contains("--jar").contains("--code-bucket");
  }

  @Test
  void aSecretValueInPlaceOfAParameterNameIsRefused() {
    assertThat(sluice("deploy", "demo", "--dry-run", "--output", dir.resolve("t.json").toString(),
        "--ssm-parameter", "password=hunter2 and more")).isEqualTo(2);
    assertThat(err.toString()).contains("not hold a value");
  }

  @Test
  void aJarWithoutTheParameterStoreResolverIsRefusedForSsmParameters() throws Exception {
    Path jar = dir.resolve("job.jar");
    try (var zip = new java.util.zip.ZipOutputStream(Files.newOutputStream(jar))) {
      zip.putNextEntry(new java.util.zip.ZipEntry("META-INF/MANIFEST.MF"));
      zip.write("Manifest-Version: 1.0\n".getBytes(StandardCharsets.UTF_8));
    }
    assertThat(sluice("deploy", "demo", "--print-command", "--jar", jar.toString(), "--code-bucket", "my-code",
        "--output", dir.resolve("t.json").toString(), "--ssm-parameter", "seed=demo-seed")).isEqualTo(2);
    assertThat(err.toString()).contains("no Parameter Store resolver").contains("--ssm-parameter");

    try (var zip = new java.util.zip.ZipOutputStream(Files.newOutputStream(jar))) {
      zip.putNextEntry(new java.util.zip.ZipEntry("META-INF/services/io.sluice.ParameterResolver"));
      zip.write("io.sluice.aws.ssm.SsmParameterResolver\n".getBytes(StandardCharsets.UTF_8));
    }
    assertThat(sluice("deploy", "demo", "--print-command", "--jar", jar.toString(), "--code-bucket", "my-code",
        "--output", dir.resolve("t.json").toString(), "--ssm-parameter", "seed=demo-seed")).as(err.toString()).isZero();
  }

  @Test
  void anSsmParameterForNoParameterOfTheJobIsRefused() {
    assertThat(sluice("deploy", "demo", "--dry-run", "--output", dir.resolve("t.json").toString(),
        "--ssm-parameter", "password=db-password")).isEqualTo(2);
    assertThat(err.toString()).contains("job 'demo' has no parameter 'password'").contains("seed (a long");
  }

  @Test
  void aBadStackNameIsRefused() {
    assertThat(sluice("deploy", "demo", "--dry-run", "--stack-name", "9 lives")).isEqualTo(2);
    assertThat(err.toString()).contains("--stack-name");
  }
}
