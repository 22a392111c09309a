package io.sluice.internal;

import com.fasterxml.jackson.databind.JsonNode;
import io.sluice.TaskMetrics;
import io.sluice.TaskResult;
import io.sluice.run.AttemptRecord;
import io.sluice.run.CommitRecord;
import io.sluice.run.GroupManifest;
import io.sluice.run.GroupResult;
import io.sluice.run.PlannedTask;
import io.sluice.run.RunLayout;
import io.sluice.store.ObjectInfo;
import io.sluice.store.ObjectNotFoundException;
import io.sluice.store.ObjectStore;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the driver knows of one micro-batch: its planned tasks, its commits, and the attempts of the
 * current epoch. The driver builds every decision from this, so it is the single reading of the
 * commit protocol.
 *
 * <p>The knowledge is kept in {@code ledger.json} and grows from the {@link GroupResult}s of the last
 * round: a step costs one read per executor of that round, whatever the number of tasks, instead of a
 * listing of every commit and attempt of the stage. A group whose executor left no result (it died)
 * is checked task by task. The ledger is a cache of facts (a commit, an attempt that exists): lost or
 * unreadable, it is rebuilt by listing the commits and attempts, and merging a result twice changes
 * nothing, so a retried step may read the same results again.
 */
public final class BatchLedger {
  private static final Logger LOG = LoggerFactory.getLogger(BatchLedger.class);

  /** What {@code ledger.json} holds. */
  record Cache(int epoch, Map<String, CommitRecord> commits, Map<String, Integer> attempts) {}

  private final ObjectStore store;
  private final RunLayout.Batch batch;
  private Map<String, CommitRecord> commits;
  private Map<String, Integer> attempts;
  private int epoch = -1;
  private boolean dirty;

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

  /** Writes the plan (the only record of the tasks' inputs besides the group manifests). */
  public void plan(List<PlannedTask> tasks) {
    store.put(batch.tasks(), Json.bytes(tasks));
  }

  /**
   * Brings the ledger up to date for epoch {@code epoch} after executor round {@code round} of
   * {@code groups} groups (round 0: none ran yet), and saves it if it learnt anything.
   */
  public void update(int epoch, int round, int groups) {
    load(epoch);
    for (int g = 0; g < groups && round > 0; g++) {
      GroupResult result = groupResult(round, g);
      if (result != null) {
        merge(result);
      } else {
        checkTaskByTask(round, g);
      }
    }
    save();
  }

  /** Every commit known, by task id. */
  public Map<String, CommitRecord> commits() {
    requireLoaded();
    return Collections.unmodifiableMap(commits);
  }

  /** The highest attempt number known to be claimed in the current epoch, by task id. */
  public Map<String, Integer> attempts() {
    requireLoaded();
    return Collections.unmodifiableMap(attempts);
  }

  /** The record of attempt {@code attempt} of {@code taskId} in the current epoch. */
  public AttemptRecord attempt(String taskId, int attempt) {
    requireLoaded();
    String key = batch.attempt(taskId, epoch, attempt);
    return Json.parse(store.get(key), AttemptRecord.class, key);
  }

  private void requireLoaded() {
    if (commits == null) {
      throw new IllegalStateException("BatchLedger.update(...) or results() first");
    }
  }

  private void load(int epoch) {
    this.epoch = epoch;
    Cache cache = readCache();
    if (cache == null) {
      rebuild();
      return;
    }
    commits = new HashMap<>(cache.commits() == null ? Map.of() : cache.commits());
    attempts = new HashMap<>(cache.epoch() == epoch && cache.attempts() != null ? cache.attempts() : Map.of());
    dirty = cache.epoch() != epoch;
  }

  private Cache readCache() {
    String key = batch.ledgerCache();
    try {
      Cache c = Json.parse(store.get(key), Cache.class, key);
      if (c == null || c.commits() == null || c.attempts() == null) {
        throw new IllegalArgumentException("not a ledger");
      }
      return c;
    } catch (ObjectNotFoundException e) {
      return null;
    } catch (IllegalArgumentException | java.io.UncheckedIOException e) {
      // A cache: garbage in it is no reason to fail the run. The commits and attempts are the truth.
      LOG.warn("{} cannot be read ({}); rebuilding it from the commits and attempts", key, e.getMessage());
      return null;
    }
  }

  /** Reads what the cache would hold from the commits and attempts themselves (a listing of each). */
  private void rebuild() {
    commits = new HashMap<>();
    attempts = new HashMap<>();
    String prefix = batch.commitsPrefix();
    for (ObjectInfo o : store.listAll(prefix)) {
      String id = o.key().substring(prefix.length(), o.key().length() - ".json".length());
      commits.put(id, Json.parse(store.get(o.key()), CommitRecord.class, o.key()));
    }
    String attemptsPrefix = batch.attemptsPrefix();
    for (ObjectInfo o : store.listAll(attemptsPrefix)) {
      String rest = o.key().substring(attemptsPrefix.length()); // ID.E-A.json
      int dot = rest.indexOf('.');
      int dash = rest.indexOf('-', dot);
      if (dot > 0 && dash > dot && rest.substring(dot + 1, dash).equals(Integer.toString(epoch))) {
        int n = Integer.parseInt(rest.substring(dash + 1, rest.length() - ".json".length()));
        attempts.merge(rest.substring(0, dot), n, Math::max);
      }
    }
    dirty = true;
  }

  private GroupResult groupResult(int round, int group) {
    String key = batch.groupResult(round, group);
    try {
      return Json.parse(store.get(key), GroupResult.class, key);
    } catch (ObjectNotFoundException e) {
      return null;
    } catch (java.io.UncheckedIOException e) {
      LOG.warn("{} cannot be read ({}); checking its tasks one by one", key, e.getMessage());
      return null;
    }
  }

  private void merge(GroupResult result) {
    if (result.epoch() != epoch) {
      return;
    }
    for (GroupResult.TaskReport r : result.tasks()) {
      if (r.attempts() > attempts.getOrDefault(r.taskId(), 0)) {
        attempts.put(r.taskId(), r.attempts());
        dirty = true;
      }
      if (r.commit() != null && commits.putIfAbsent(r.taskId(), r.commit()) == null) {
        dirty = true;
      }
    }
  }

  /**
   * The group's executor died before reporting: look at each of its tasks. Attempts first, then the
   * commit, so that an attempt seen here that committed is seen committed too.
   */
  private void checkTaskByTask(int round, int group) {
    String key = batch.groupManifest(round, group);
    GroupManifest manifest;
    try {
      manifest = Json.parse(store.get(key), GroupManifest.class, key);
    } catch (ObjectNotFoundException e) {
      LOG.warn("{} is missing; its tasks will be scheduled again", key);
      return;
    }
    for (PlannedTask t : manifest.tasks()) {
      if (commits.containsKey(t.id())) {
        continue;
      }
      int n = attempts.getOrDefault(t.id(), 0);
      while (store.exists(batch.attempt(t.id(), epoch, n + 1))) {
        n++;
      }
      if (n > attempts.getOrDefault(t.id(), 0)) {
        attempts.put(t.id(), n);
        dirty = true;
      }
      try {
        String commitKey = batch.commit(t.id());
        commits.put(t.id(), Json.parse(store.get(commitKey), CommitRecord.class, commitKey));
        dirty = true;
      } catch (ObjectNotFoundException e) {
        // not committed
      }
    }
  }

  private void save() {
    if (dirty) {
      store.put(batch.ledgerCache(), Json.bytes(new Cache(epoch, new LinkedHashMap<>(commits), new LinkedHashMap<>(attempts))));
      dirty = false;
    }
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
        if (c == null || !c.continues()) {
          current = null;
        } else {
          String root = current.parent() == null ? current.id() : current.parent();
          JsonNode position = c.continuation();
          current = new PlannedTask(TaskIds.continuation(current.id(), position), current.input(), position, root,
              current.estimateMillis());
        }
      }
    }
    return all;
  }

  /**
   * Committed results in plan order, each task followed by its continuations. Reads the ledger as it
   * is (a completed batch's ledger knows every commit), rebuilding it if it is lost.
   */
  public List<TaskResult> results() {
    if (commits == null) {
      Cache cache = readCache();
      if (cache == null) {
        epoch = 0;
        rebuild();
        save();
      } else {
        epoch = cache.epoch();
        commits = new HashMap<>(cache.commits());
        attempts = new HashMap<>(cache.attempts());
      }
    }
    List<TaskResult> results = new ArrayList<>();
    for (PlannedTask t : withContinuations(planned(), commits)) {
      CommitRecord c = commits.get(t.id());
      if (c != null) {
        results.add(Wire.result(c.taskId(), t.input(), c.position(), c.outputs(), c.summary(),
            c.continues() ? c.continuation() : null,
            new TaskMetrics(c.attempt(), c.bytesIn(), c.bytesOut(), c.millis(), c.readRequests(), c.objectsWritten())));
      }
    }
    return results;
  }
}
