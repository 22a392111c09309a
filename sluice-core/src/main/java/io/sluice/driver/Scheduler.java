package io.sluice.driver;

import io.sluice.internal.Json;
import io.sluice.run.GroupManifest;
import io.sluice.run.PlannedTask;
import io.sluice.run.RunLayout;
import io.sluice.runtime.S3Address;
import io.sluice.runtime.S3Addressing;
import io.sluice.store.ObjectStore;
import java.util.ArrayList;
import java.util.List;

/**
 * Cuts a round's pending tasks into task groups and writes one manifest per group (and, for a
 * Distributed Map, the round's items object).
 */
final class Scheduler {
  private Scheduler() {}

  /** Deals {@code pending} round-robin over {@code executors} groups (none empty if executors <= tasks). */
  static List<List<PlannedTask>> deal(List<PlannedTask> pending, int executors) {
    List<List<PlannedTask>> groups = new ArrayList<>();
    for (int i = 0; i < executors; i++) {
      groups.add(new ArrayList<>());
    }
    for (int i = 0; i < pending.size(); i++) {
      groups.get(i % executors).add(pending.get(i));
    }
    return groups;
  }

  /**
   * Writes each group's manifest (an executor reads only its own) and returns the references the
   * Map hands to the executors.
   */
  static List<GroupRef> write(ObjectStore store, RunLayout.Batch batch, String run, String stage, int stageIndex, int batchNo,
      int epoch, int round, List<List<PlannedTask>> groups) {
    List<GroupRef> refs = new ArrayList<>();
    for (int g = 0; g < groups.size(); g++) {
      String key = batch.groupManifest(round, g);
      store.put(key, Json.bytes(new GroupManifest(stage, stageIndex, batchNo, epoch, round, g, groups.get(g))));
      refs.add(new GroupRef(run, stage, key, g));
    }
    return refs;
  }

  /**
   * Writes a Distributed Map round's references as one JSON array (the object its {@code ItemReader}
   * reads) and returns where it is, addressed as the state machine sees the store.
   */
  static RoundItems writeItems(ObjectStore store, S3Addressing addressing, RunLayout.Batch batch, int round,
      List<GroupRef> refs) {
    String key = batch.roundItems(round);
    store.put(key, Json.bytes(refs));
    S3Address at = addressing.of(key);
    return new RoundItems(at.bucket(), at.key(), refs.size());
  }
}
