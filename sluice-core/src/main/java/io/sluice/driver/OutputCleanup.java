package io.sluice.driver;

import io.sluice.run.CommitRecord;
import io.sluice.run.RunLayout;
import io.sluice.store.ObjectInfo;
import io.sluice.store.ObjectStore;
import java.util.Collection;
import java.util.HashSet;
import java.util.Set;

/** Deletes the outputs of attempts that did not commit (failed, timed out, or lost the race). */
final class OutputCleanup {
  private OutputCleanup() {}

  /** Runs once per batch, at its completion, so its listing of the outputs is paid once. Returns deletions. */
  static int removeUncommitted(ObjectStore store, RunLayout.Batch batch, Collection<CommitRecord> commits) {
    Set<String> committed = new HashSet<>();
    commits.forEach(c -> committed.addAll(c.outputs().values()));
    int removed = 0;
    for (ObjectInfo o : store.listAll(batch.outputsPrefix())) {
      if (!committed.contains(o.key())) {
        store.delete(o.key());
        removed++;
      }
    }
    return removed;
  }
}
