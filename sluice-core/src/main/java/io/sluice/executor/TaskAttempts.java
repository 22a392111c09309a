package io.sluice.executor;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sluice.Job;
import io.sluice.Parameters;
import io.sluice.Stage;
import io.sluice.TaskOutcome;
import io.sluice.internal.Json;
import io.sluice.internal.Wire;
import io.sluice.run.AttemptRecord;
import io.sluice.run.CommitRecord;
import io.sluice.run.PlannedTask;
import io.sluice.run.RunInfo;
import io.sluice.run.RunLayout;
import io.sluice.store.ObjectNotFoundException;
import io.sluice.store.ObjectStore;
import io.sluice.time.Clock;
import io.sluice.time.Deadline;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The attempts of the tasks of one group, one task at a time per worker: skip what is committed,
 * claim an attempt, run the stage's code, publish its outputs and commit create-if-absent, retry a
 * failure alone with back-off while the budget allows, and leave what does not fit in the budget to
 * the driver. (Named apart from the interpreter's own task runner, which runs ASL Task states.)
 */
final class TaskAttempts {
  private static final Logger LOG = LoggerFactory.getLogger(TaskAttempts.class);

  private final Job job;
  private final Stage stage;
  private final ObjectStore store;
  private final Clock clock;
  private final RunInfo info;
  private final Parameters parameters;
  private final RunLayout.Batch batch;
  private final int epoch;
  private final Instant deadline;
  private final Deadline stop;
  private final Path tempDir;
  private final String executor;
  private final GroupReport report;
  private final AtomicLong committed = new AtomicLong();
  private final AtomicLong skipped = new AtomicLong();
  private final AtomicLong deferred = new AtomicLong();
  private final AtomicLong failed = new AtomicLong();
  private final AtomicLong retried = new AtomicLong();
  private final AtomicLong bytesIn = new AtomicLong();
  private final AtomicLong bytesOut = new AtomicLong();
  private final AtomicLong readRequests = new AtomicLong();
  private final AtomicLong objectsWritten = new AtomicLong();

  TaskAttempts(Job job, Stage stage, ObjectStore store, Clock clock, RunInfo info, Parameters parameters,
      RunLayout.Batch batch, int epoch,
      Instant deadline, Path tempDir, String executor, GroupReport report) {
    this.job = job;
    this.stage = stage;
    this.store = store;
    this.clock = clock;
    this.info = info;
    this.parameters = parameters;
    this.batch = batch;
    this.epoch = epoch;
    this.deadline = deadline;
    this.stop = clock.deadline(deadline); // once per invocation: its tasks share the budget
    this.tempDir = tempDir;
    this.executor = executor;
    this.report = report;
  }

  void run(PlannedTask t) throws InterruptedException {
    try {
      runOrDefer(t);
    } catch (RuntimeException e) {
      // The store failed us (user code's failures are handled per attempt): leave the task to the
      // driver's next round rather than failing the other tasks of this group.
      LOG.warn("run={} stage={} task={}: store failure, task left for the next round: {}", info.run(), stage.name(),
          t.id(), e.toString());
      deferred.incrementAndGet();
    }
  }

  private void runOrDefer(PlannedTask t) throws InterruptedException {
    CommitRecord standing = readCommit(batch.commit(t.id()));
    if (standing != null) {
      report.committed(t.id(), standing);
      skipped.incrementAndGet();
      return;
    }
    Duration estimate = t.estimateMillis() > 0 ? Duration.ofMillis(t.estimateMillis()) : stage.settings().taskEstimate();
    int maxAttempts = stage.settings().maxAttempts();
    while (true) {
      Instant now = clock.now();
      if (!now.isBefore(deadline) || now.plus(estimate).isAfter(deadline)) {
        deferred.incrementAndGet();
        return;
      }
      int attempt = claimAttempt(t.id(), maxAttempts);
      report.attempted(t.id(), Math.min(attempt, maxAttempts));
      if (attempt > maxAttempts) {
        // Other deliveries of this task used up its attempts; the driver decides what happens next.
        deferred.incrementAndGet();
        return;
      }
      Attempt result = attempt(t, attempt);
      if (result == Attempt.DONE) {
        return;
      }
      if (attempt >= maxAttempts) {
        failed.incrementAndGet();
        return;
      }
      Duration backoff = stage.settings().backoffBefore(attempt + 1);
      if (!clock.now().plus(backoff).isBefore(deadline)) {
        deferred.incrementAndGet();
        return;
      }
      retried.incrementAndGet();
      clock.sleep(backoff);
    }
  }

  private enum Attempt { DONE, FAILED }

  private Attempt attempt(PlannedTask t, int attempt) throws InterruptedException {
    String attemptKey = batch.attempt(t.id(), epoch, attempt);
    RunningTaskContext ctx = new RunningTaskContext(job, stage.name(), info, parameters, store, clock, deadline, stop, tempDir,
        name -> batch.output(t.id(), epoch, attempt, name));
    long start = System.nanoTime();
    TaskOutcome outcome;
    try {
      outcome = stage.run(Wire.task(t.id(), stage.name(), t.input(), t.position(), attempt), ctx);
      if (outcome == null) {
        throw new IllegalStateException("run() returned null: return TaskOutcome.done() or continueAt(position)");
      }
      ctx.publishOutputs();
    } catch (InterruptedException e) {
      throw e;
    } catch (Exception | LinkageError | AssertionError e) {
      ctx.discardOutputs();
      String error = e.getClass().getSimpleName();
      LOG.warn("run={} stage={} task={} attempt={} failed: {}", info.run(), stage.name(), t.id(), attempt, e.toString());
      store.put(attemptKey, Json.bytes(new AttemptRecord(t.id(), epoch, attempt, "failed", error,
          String.valueOf(e.getMessage()), executor)));
      return Attempt.FAILED;
    } finally {
      ctx.closeInputs();
    }
    long millis = (System.nanoTime() - start) / 1_000_000;
    CommitRecord record = commit(t, attempt, ctx, Wire.summary(outcome), Wire.position(outcome), millis);
    if (commit(batch.commit(t.id()), record)) {
      report.committed(t.id(), record);
      committed.incrementAndGet();
      bytesIn.addAndGet(ctx.bytesIn());
      bytesOut.addAndGet(ctx.bytesOut());
      readRequests.addAndGet(ctx.readRequests());
      objectsWritten.addAndGet(ctx.objectsWritten());
      // The commit record names the winning attempt; its claim needs no second write.
    } else {
      // Another delivery of this task committed first: ours never becomes visible.
      ctx.deleteOutputs();
      CommitRecord winner = readCommit(batch.commit(t.id()));
      if (winner != null) {
        report.committed(t.id(), winner);
      }
      skipped.incrementAndGet();
      store.put(attemptKey, Json.bytes(new AttemptRecord(t.id(), epoch, attempt, "lost", null, null, executor)));
    }
    return Attempt.DONE;
  }

  /**
   * Writes the commit record create-if-absent; true if this attempt's record is the one that stands.
   * A write that fails may still have happened (a timeout after the store applied it), so on failure
   * the record is read back: ours means committed. If even that cannot be read, the failure
   * propagates and the outputs stay: if the commit did happen they are its outputs, and if not, the
   * stage's completion removes them with every other uncommitted output.
   */
  private boolean commit(String key, CommitRecord record) {
    try {
      return store.putIfAbsent(key, Json.bytes(record));
    } catch (RuntimeException e) {
      CommitRecord standing = readCommit(key);
      if (standing == null) {
        throw e;
      }
      return standing.epoch() == record.epoch() && standing.attempt() == record.attempt()
          && standing.executor().equals(record.executor());
    }
  }

  private CommitRecord commit(PlannedTask t, int attempt, RunningTaskContext ctx, com.fasterxml.jackson.databind.JsonNode summary,
      com.fasterxml.jackson.databind.JsonNode continuation, long millis) {
    return new CommitRecord(t.id(), t.position(), epoch, attempt, ctx.outputs(), summary, continuation,
        ctx.bytesIn(), ctx.bytesOut(), millis, executor, ctx.readRequests(), ctx.objectsWritten());
  }

  /** The commit record at {@code key}, or null if the task has not committed. */
  private CommitRecord readCommit(String key) {
    try {
      return Json.parse(store.get(key), CommitRecord.class, key);
    } catch (ObjectNotFoundException absent) {
      return null;
    }
  }

  /** Claims the next free attempt number of this epoch (create-if-absent, so two deliveries never share one). */
  private int claimAttempt(String taskId, int maxAttempts) {
    int n = 1;
    while (n <= maxAttempts) {
      byte[] claim = Json.bytes(new AttemptRecord(taskId, epoch, n, "running", null, null, executor));
      if (store.putIfAbsent(batch.attempt(taskId, epoch, n), claim)) {
        return n;
      }
      n++;
    }
    return n;
  }

  ObjectNode counters() {
    ObjectNode o = Json.object();
    o.put("committed", committed.get());
    o.put("skipped", skipped.get());
    o.put("deferred", deferred.get());
    o.put("failed", failed.get());
    o.put("retried", retried.get());
    o.put("bytesIn", bytesIn.get());
    o.put("bytesOut", bytesOut.get());
    o.put("readRequests", readRequests.get());
    o.put("objectsWritten", objectsWritten.get());
    return o;
  }
}
