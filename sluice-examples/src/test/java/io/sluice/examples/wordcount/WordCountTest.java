package io.sluice.examples.wordcount;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.TestJson;
import io.sluice.run.RunLayout;
import io.sluice.local.LocalRuntime;
import io.sluice.local.ProgressListener;
import io.sluice.local.RunResult;
import io.sluice.local.store.FileSystemObjectStore;
import java.util.Map;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WordCountTest {
  @TempDir Path dir;

  @Test
  void countsTheWordsOfEachBook() {
    FileSystemObjectStore store = new FileSystemObjectStore(dir);
    store.put("input/books/a.txt", "call me Ishmael".getBytes(StandardCharsets.UTF_8));
    store.put("input/books/b.txt", "  it was the best of times\nit was the worst of times ".getBytes(StandardCharsets.UTF_8));
    store.put("input/books/empty.txt", new byte[0]);
    try (LocalRuntime runtime = LocalRuntime.builder(new WordCount().create()).store(store).build()) {
      RunResult result = runtime.run("w1", Map.of(), ProgressListener.none());
      assertThat(result.succeeded()).as("%s: %s", result.error(), result.cause()).isTrue();
    }
    List<Integer> counts = new ArrayList<>();
    store.listAll(new RunLayout("w1").root()).forEach(o -> {
      if (o.key().contains("/commits/")) {
        counts.add(TestJson.parse(store.get(o.key()), o.key()).path("summary").asInt());
      }
    });
    assertThat(counts).containsExactlyInAnyOrder(3, 12, 0);
  }
}
