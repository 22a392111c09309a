package io.sluice.local.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sluice.statemachine.ExecutionResult;
import io.sluice.statemachine.Interpreter;
import io.sluice.statemachine.ObjectSummary;
import io.sluice.statemachine.StateMachine;
import io.sluice.local.store.FileSystemObjectStore;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.NoSuchElementException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The local store as a Distributed Map's S3: buckets are top folders. */
class StoreObjectSourceTest {
  @TempDir Path dir;

  @Test
  void listsObjectsOfABucketWithTheirSizes() {
    FileSystemObjectStore store = new FileSystemObjectStore(dir);
    store.put("data/in/a.json", "[1]".getBytes(StandardCharsets.UTF_8));
    store.put("data/in/b.json", "[1,2]".getBytes(StandardCharsets.UTF_8));
    store.put("data/other/c.json", "x".getBytes(StandardCharsets.UTF_8));
    store.put("elsewhere/in/d.json", "x".getBytes(StandardCharsets.UTF_8));
    StoreObjectSource source = new StoreObjectSource(store);

    List<ObjectSummary> objects = source.listObjects("data", "in/");
    assertThat(objects).extracting(ObjectSummary::key).containsExactly("in/a.json", "in/b.json");
    assertThat(objects).extracting(ObjectSummary::size).containsExactly(3L, 5L);
    assertThat(objects).allSatisfy(o -> {
      assertThat(o.lastModified()).isNotNull();
      assertThat(o.storageClass()).isEqualTo("STANDARD");
      assertThat(o.etag()).isEqualTo(store.stat("data/" + o.key()).orElseThrow().etag()).startsWith("\"").endsWith("\"");
    });
    assertThat(source.list("data", "")).containsExactly("in/a.json", "in/b.json", "other/c.json");
    assertThat(new String(source.get("data", "in/b.json"), StandardCharsets.UTF_8)).isEqualTo("[1,2]");
    assertThatThrownBy(() -> source.get("data", "in/none.json"))
        .isInstanceOf(NoSuchElementException.class)
        .hasMessage("s3://data/in/none.json does not exist");
  }

  @Test
  void aDistributedMapReadsTheListingOfTheLocalStore() {
    FileSystemObjectStore store = new FileSystemObjectStore(dir);
    store.put("bucket/logs/1.txt", "one".getBytes(StandardCharsets.UTF_8));
    store.put("bucket/logs/2.txt", "three".getBytes(StandardCharsets.UTF_8));
    StateMachine sm = StateMachine.parse("""
        {"StartAt": "Each", "States": {"Each": {"Type": "Map", "End": true,
          "ItemReader": {"Resource": "arn:aws:states:::s3:listObjectsV2", "Parameters": {"Bucket": "bucket", "Prefix": "logs/"}},
          "ItemProcessor": {"ProcessorConfig": {"Mode": "DISTRIBUTED", "ExecutionType": "STANDARD"}, "StartAt": "P",
            "States": {"P": {"Type": "Pass", "Parameters": {"key.$": "$.Key", "size.$": "$.Size"}, "End": true}}}}}}""");
    ExecutionResult r = Interpreter.builder().objectSource(new StoreObjectSource(store)).build()
        .run(sm, io.sluice.TestJson.object());
    assertThat(r.succeeded()).as("%s: %s", r.error(), r.cause()).isTrue();
    assertThat(r.output().toString()).isEqualTo("[{\"key\":\"logs/1.txt\",\"size\":3},{\"key\":\"logs/2.txt\",\"size\":5}]");
  }
}
