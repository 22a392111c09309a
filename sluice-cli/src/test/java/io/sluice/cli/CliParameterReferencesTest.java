package io.sluice.cli;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.aws.ssm.SsmJsonEndpoint;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@code sluice run JOB -p NAME=ssm:/path} reads the parameter from Parameter Store when a stage reads
 * it: the CLI's Parameter Store resolver (sluice-aws's, found as a service) with the SDK's own
 * configuration, pointed by system properties ({@code aws.endpointUrlSsm}, region, credentials) at the
 * loopback {@link SsmJsonEndpoint} (a stand-in: no SSM emulator is on Maven Central). The job is
 * sluice-aws's test job {@code SecretJob}, by class name.
 */
class CliParameterReferencesTest extends CommandLineTest {
  private static final Map<String, String> PROPERTIES = Map.of("aws.region", "us-east-1", "aws.accessKeyId", "test",
      "aws.secretAccessKey", "test");
  private SsmJsonEndpoint ssm;
  private final String secret = "hunter2-" + UUID.randomUUID();

  @BeforeEach
  void start() throws Exception {
    ssm = new SsmJsonEndpoint();
    ssm.put("/sluice/secret/db-password", "SecureString", secret);
    PROPERTIES.forEach(System::setProperty);
    System.setProperty("aws.endpointUrlSsm", ssm.uri().toString());
  }

  @AfterEach
  void stop() {
    PROPERTIES.keySet().forEach(System::clearProperty);
    System.clearProperty("aws.endpointUrlSsm");
    ssm.close();
  }

  @Test
  void aReferenceGivenWithMinusPIsReadFromParameterStoreAndWrittenNowhere() throws Exception {
    Path store = dir.resolve("store");
    int code = sluice("run", "io.sluice.aws.lambda.SecretJob", "--store", store.toString(), "--run-id", "c1",
        "-p", "db-password=ssm:/sluice/secret/db-password", "-p", "shards=2");

    assertThat(code).as(err + stdout()).isZero();
    assertThat(ssm.calls()).isNotEmpty().extracting(SsmJsonEndpoint.Call::target).containsOnly("AmazonSSM.GetParameters");
    String digest = java.util.HexFormat.of().formatHex(
        java.security.MessageDigest.getInstance("SHA-256").digest(secret.getBytes(UTF_8)));
    int digests = 0;
    try (Stream<Path> files = Files.walk(store)) {
      List<Path> all = files.filter(Files::isRegularFile).toList();
      for (Path f : all) {
        String content = new String(Files.readAllBytes(f), UTF_8);
        assertThat(content).as(f.toString()).doesNotContain(secret);
        digests += content.equals(digest) ? 1 : 0;
      }
    }
    // Both tasks got the value: each committed its SHA-256.
    assertThat(digests).isEqualTo(2);
    assertThat(stdout() + err).doesNotContain(secret);
  }
}
