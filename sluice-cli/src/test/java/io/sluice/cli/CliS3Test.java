package io.sluice.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.aws.s3.S3MockServer;
import io.sluice.aws.s3.S3ObjectStore;
import io.sluice.local.store.FileSystemObjectStore;
import io.sluice.store.ObjectInfo;
import io.sluice.store.ObjectStore;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * {@code sluice run/demo --store s3://bucket/prefix --endpoint URL} against S3Mock on loopback: the
 * demo job (DemoJob, on the LocalRuntime with the S3 store) writes, object by object, what it writes
 * in a directory store.
 */
class CliS3Test extends CommandLineTest {
  private final S3MockServer server = S3MockServer.shared();

  @Test
  void theDemoOnS3WritesTheSameObjectsAsOnADirectory() {
    String bucket = server.newBucket();
    String endpoint = server.endpoint().toString();

    assertThat(sluice("demo", "--size", "1", "--store", "s3://" + bucket + "/sluice", "--endpoint", endpoint,
        "--run-id", "d1")).as(err.toString()).isZero();
    assertThat(out.toString(StandardCharsets.UTF_8)).contains("Revenue per tenant per day")
        .contains("Report:          s3://" + bucket + "/sluice/output/");
    out.reset();
    assertThat(sluice("status", "d1", "--store", "s3://" + bucket + "/sluice", "--endpoint", endpoint)).as(err.toString()).isZero();
    assertThat(out.toString(StandardCharsets.UTF_8)).contains("run:        d1").contains("job:        demo");
    assertThat(sluice("demo", "--size", "1", "--store", dir.toString(), "--run-id", "d1")).as(err.toString()).isZero();

    try (S3Client client = server.client()) {
      ObjectStore onS3 = new S3ObjectStore(client, bucket, "sluice/");
      ObjectStore onDisk = new FileSystemObjectStore(dir);
      // The job's outputs, object by object.
      List<String> outputs = keys(onS3, "output/");
      assertThat(outputs).isNotEmpty().containsExactlyElementsOf(keys(onDisk, "output/"));
      for (String key : outputs) {
        assertThat(onS3.get(key)).as(key).isEqualTo(onDisk.get(key));
      }
      // The committed outputs of each stage: the same objects, though under task ids that differ, since a
      // task id is derived from its inputs' versions (ETags), which each store makes its own way.
      assertThat(stageOutputs(onS3)).isNotEmpty().isEqualTo(stageOutputs(onDisk));
    }
  }

  @Test
  void aRunOnAMissingBucketIsOneClearLine() {
    assertThat(sluice("run", "demo", "--store", "s3://no-such-bucket/x", "--endpoint", server.endpoint().toString()))
        .isEqualTo(2);
    assertThat(err.toString()).contains("bucket 'no-such-bucket' does not exist");
  }

  /** Each committed stage output as "key without its task id => content", sorted. */
  private static List<String> stageOutputs(ObjectStore store) {
    List<String> outputs = new ArrayList<>();
    for (String key : keys(store, "runs/d1/stages/")) {
      if (key.contains("/out/")) {
        outputs.add(key.replaceFirst("/out/t[0-9a-f]+/", "/out/TASK/") + " => "
            + new String(store.get(key), StandardCharsets.UTF_8));
      }
    }
    outputs.sort(null);
    return outputs;
  }

  private static List<String> keys(ObjectStore store, String prefix) {
    List<String> keys = new ArrayList<>();
    for (ObjectInfo info : store.listAll(prefix)) {
      keys.add(info.key());
    }
    return keys;
  }
}
