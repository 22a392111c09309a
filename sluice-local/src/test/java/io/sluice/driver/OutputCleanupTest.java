package io.sluice.driver;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.local.store.FileSystemObjectStore;
import io.sluice.run.CommitRecord;
import io.sluice.run.RunLayout;
import io.sluice.store.ObjectStore;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OutputCleanupTest {
  @TempDir Path dir;

  @Test
  void removesExactlyTheOutputsNoCommitNames() {
    ObjectStore store = new FileSystemObjectStore(dir);
    RunLayout.Batch batch = new RunLayout("r").batch(0, "s", 0);
    String kept = batch.output("a", 0, 2, "out.txt");
    String lost = batch.output("a", 0, 1, "out.txt");
    String failed = batch.output("b", 0, 1, "part.txt");
    for (String k : List.of(kept, lost, failed)) {
      store.put(k, new byte[] {1});
    }
    CommitRecord a = new CommitRecord("a", null, 0, 2, Map.of("out.txt", kept), null, null, 0, 0, 0, "e", 0, 0);

    assertThat(OutputCleanup.removeUncommitted(store, batch, List.of(a))).isEqualTo(2);
    List<String> left = new ArrayList<>();
    store.listAll(batch.outputsPrefix()).forEach(o -> left.add(o.key()));
    assertThat(left).containsExactly(kept);
  }
}
