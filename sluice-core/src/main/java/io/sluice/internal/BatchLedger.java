package io.sluice.internal;

import com.fasterxml.jackson.databind.JsonNode;
import io.sluice.TaskMetrics;
import io.sluice.TaskResult;
import io.sluice.store.ObjectInfo;
import io.sluice.store.ObjectNotFoundException;
import io.sluice.store.ObjectStore;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads what one micro-batch of a stage has: its planned tasks, its commits, its attempts. The driver
 * builds every decision from this, so it is the single reading of the commit protocol.
 */
public final class BatchLedger {
  private final ObjectStore store;
  private final RunLayout.Batch batch;

  public BatchLedger(ObjectStore store, RunLayout.Batch batch) {
    this.store = store;
    this.batch = batch;
  }

  public RunLayout.Batch batch() {
    return batch;
  }

  /** The planned tasks; empty if the batch was never planned. */
  public List<PlannedTask> planned() {
    try {
      return List.of(Json.parse(store.get(batch.tasks()), PlannedTask[].class, batch.tasks()));
    } catch (ObjectNotFoundException e) {
      return List.of();
    }
  }

  /**
   * Every commit record, by task id. Commit records never change, so what was read once is kept in
   * {@code ledger.json} beside them and only commits listed since are read: a driver step costs a
   * listing plus one read per new commit, not one per task (on S3, a GET each), which also keeps the
   * number of requests that can fail a step small. The cache is derived data: lost, it is rebuilt.
   */
  public Map<String, CommitRecord> commits() {
    Map<String, CommitRecord> known = new HashMap<>();
    String cacheKey = batch.ledgerCache();
    try {
      for (CommitRecord c : Json.parse(store.get(cacheKey), CommitRecord[].class, cacheKey)) {
        known.put(c.taskId(), c);
      }
    } catch (ObjectNotFoundException e) {
      // nothing read yet
    }
    int before = known.size();
    String prefix = batch.commitsPrefix();
    try {
      for (ObjectInfo o : store.listAll(prefix)) {
        String id = o.key().substring(prefix.length(), o.key().length() - ".json".length());
        if (!known.containsKey(id)) {
          known.put(id, Json.parse(store.get(o.key()), CommitRecord.class, o.key()));
        }
      }
    } catch (RuntimeException e) {
      // Keep what was read before the store failed: the retried step reads only the rest.
      try {
        saveCache(known, before);
      } catch (RuntimeException alsoFailed) {
        e.addSuppressed(alsoFailed);
      }
      throw e;
    }
    saveCache(known, before);
    return known;
  }

  private void saveCache(Map<String, CommitRecord> known, int before) {
    if (known.size() > before) {
      store.put(batch.ledgerCache(), Json.bytes(known.values()));
    }
  }

  /** The keys of attempt claims in {@code epoch}, by task id, in attempt order. */
  public Map<String, List<String>> attempts(int epoch) {
    Map<String, List<String>> attempts = new HashMap<>();
    String prefix = batch.attemptsPrefix();
    for (ObjectInfo o : store.listAll(prefix)) {
      String rest = o.key().substring(prefix.length()); // ID.E-A.json
      int dot = rest.indexOf('.');
      if (dot > 0 && rest.startsWith(epoch + "-", dot + 1)) {
        attempts.computeIfAbsent(rest.substring(0, dot), k -> new ArrayList<>()).add(o.key());
      }
    }
    attempts.values().forEach(l -> l.sort((a, b) -> Integer.compare(attemptNumber(a), attemptNumber(b))));
    return attempts;
  }

  private static int attemptNumber(String key) {
    String file = key.substring(key.lastIndexOf('-') + 1, key.length() - ".json".length());
    return Integer.parseInt(file);
  }

  public AttemptRecord attempt(String key) {
    return Json.parse(store.get(key), AttemptRecord.class, key);
  }

  /**
   * Every task of the batch, planned ones and the continuations their commits asked for, each task
   * followed by its continuations.
   */
  public static List<PlannedTask> withContinuations(List<PlannedTask> planned, Map<String, CommitRecord> commits) {
    List<PlannedTask> all = new ArrayList<>();
    for (PlannedTask t : planned) {
      PlannedTask current = t;
      while (current != null) {
        all.add(current);
        CommitRecord c = commits.get(current.id());
        JsonNode position = c == null ? null : c.continuation();
        if (position == null || position.isNull()) {
          current = null;
        } else {
          String root = current.parent() == null ? current.id() : current.parent();
          current = new PlannedTask(TaskIds.continuation(current.id(), position), current.input(), position, root,
              current.estimateMillis());
        }
      }
    }
    return all;
  }

  /** Committed results in plan order, each task followed by its continuations. */
  public List<TaskResult> results() {
    Map<String, CommitRecord> commits = commits();
    List<TaskResult> results = new ArrayList<>();
    for (PlannedTask t : withContinuations(planned(), commits)) {
      CommitRecord c = commits.get(t.id());
      if (c != null) {
        results.add(Wire.result(c.taskId(), c.input(), c.position(), c.outputs(), c.summary(),
            c.continuation() == null || c.continuation().isNull() ? null : c.continuation(),
            new TaskMetrics(c.attempt(), c.bytesIn(), c.bytesOut(), c.millis())));
      }
    }
    return results;
  }
}
