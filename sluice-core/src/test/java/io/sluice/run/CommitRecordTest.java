package io.sluice.run;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.internal.Json;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Commit records on disk outlive the code that wrote them: what an older one lacks reads as nothing. */
class CommitRecordTest {
  static final String KEY = "runs/r/stages/0-count/batches/0/commits/t1.json";

  @Test
  void aRecordWrittenBeforeRequestsAndObjectsWereCountedReadsThemAsZero() {
    // A commit record as the executor wrote it before readRequests and objectsWritten existed.
    String old = """
        {"attempt":2,"bytesIn":443,"bytesOut":166,"continuation":null,"epoch":0,"executor":"exec-1",\
        "millis":17,"outputs":{"part.csv":"runs/r/out/part.csv"},"position":null,"summary":12,"taskId":"t1"}""";
    CommitRecord c = Json.parse(old.getBytes(StandardCharsets.UTF_8), CommitRecord.class, KEY);
    assertThat(c.readRequests()).isZero();
    assertThat(c.objectsWritten()).isZero();
    assertThat(c.attempt()).isEqualTo(2);
    assertThat(c.bytesIn()).isEqualTo(443);
    assertThat(c.bytesOut()).isEqualTo(166);
    assertThat(c.millis()).isEqualTo(17);
    assertThat(c.executor()).isEqualTo("exec-1");
    assertThat(c.outputs()).containsExactly(Map.entry("part.csv", "runs/r/out/part.csv"));
  }

  @Test
  void aRecordReadsBackWithItsCounts() {
    CommitRecord c = new CommitRecord("t1", null, 0, 1, Map.of("a", "k/a"), null, null, 10, 20, 30, "exec-1", 3, 2);
    CommitRecord back = Json.parse(Json.bytes(c), CommitRecord.class, KEY);
    assertThat(back.readRequests()).isEqualTo(3);
    assertThat(back.objectsWritten()).isEqualTo(2);
    assertThat(back.bytesIn()).isEqualTo(10);
    assertThat(Json.parse(Json.bytes(c), KEY).path("readRequests").asLong()).isEqualTo(3);
    assertThat(Json.parse(Json.bytes(c), KEY).path("objectsWritten").asLong()).isEqualTo(2);
  }
}
