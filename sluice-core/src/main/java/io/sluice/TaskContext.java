package io.sluice;

import io.sluice.store.ObjectInfo;
import io.sluice.store.ObjectStore;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/**
 * What a task can use while it runs on an executor. Valid for one attempt of one task.
 *
 * <p>Everything a task reads and writes goes through here, so that it is counted ({@link
 * TaskMetrics#bytesIn()}, {@link TaskMetrics#bytesOut()}, {@link TaskMetrics#readRequests()}, {@link
 * TaskMetrics#objectsWritten()}) and scoped to the attempt: inputs the task leaves open are closed
 * when the attempt ends, and outputs become visible only if the attempt commits. There is
 * deliberately no raw store here: a write outside {@link #output} would not be part of the commit,
 * and a retried attempt would repeat it. Listing is the driver side's work ({@link
 * DriverContext#store()} in {@code plan}): give each task the keys it reads.
 */
public interface TaskContext extends StageContext {
  /** Opens an input object; bytes read are counted as the task's bytes in, the call as one read request. */
  InputStream open(String key);

  /**
   * Opens {@code length} bytes of an input object from {@code offset}; counted as bytes in, the call as
   * one read request.
   */
  InputStream openRange(String key, long offset, long length);

  /** What the store knows of object {@code key} (its size, for a ranged read), if it exists; one read request. */
  Optional<ObjectInfo> stat(String key);

  /**
   * Opens the task's output named {@code name}. It is written under the attempt's own prefix; its
   * {@code close()} only finishes it. The executor publishes the outputs of an attempt once {@link
   * Stage#run} has returned, and discards those of an attempt that threw, so a failed or duplicate
   * attempt never shows: later stages see only the outputs of the attempt that committed, in {@link
   * TaskResult#outputs()}. Names are unique per task: {@code part-0.csv}, {@code summary.json}.
   *
   * @throws IllegalArgumentException if the name is empty or this task already opened it
   */
  OutputStream output(String name);

  /**
   * Opens an output written at {@code key} in the store itself, not under the attempt's prefix: for
   * files whose place is fixed by their consumer, such as a table's data files
   * ({@code tables/orders/year=2024/month=03/part-t0001-00000.parquet}). It is published with the
   * attempt's other outputs once {@link Stage#run} has returned, so an attempt that throws leaves
   * nothing there; it appears in {@link TaskResult#outputs()} with the key as its name.
   *
   * <p>Unlike {@link #output}, the runtime never deletes it: a retried or duplicate attempt writes the
   * same key and replaces it, and the attempt that committed may be another than the last one to
   * write it. So derive the key from the task (its {@link Task#id()}, never the attempt) and write the
   * same bytes for the same input; then whichever attempt wrote last, the object is the committed
   * attempt's. Files an attempt wrote that the committed one did not (a rolling writer that cut
   * differently) stay until whoever owns the location removes what its manifest does not list.
   *
   * @throws IllegalArgumentException if the key is not a valid object key, lies under the runs'
   *     namespace ({@code runs/}), or this task already opened it
   */
  OutputStream outputAt(String key);

  /**
   * {@code other}, a store the task opened itself (a source or table outside the run's store, named by
   * a URI), with its reads and writes counted as this task's ({@link TaskMetrics#bytesIn()}, {@link
   * TaskMetrics#readRequests()}, {@link TaskMetrics#bytesOut()}, {@link TaskMetrics#objectsWritten()}),
   * so that the run's summary says what the task really read and wrote. Unlike {@link #outputAt},
   * writes through it are not part of the attempt's commit: they happen when made. By default (a
   * context that counts nothing) {@code other} itself.
   */
  default ObjectStore metered(ObjectStore other) {
    return other;
  }

  /** Time left in this executor's safe budget. */
  Duration remaining();

  /**
   * True when the budget is spent: a long task should stop at its next record boundary and return
   * {@link TaskOutcome#continueAt(Object)}. Cheap enough to call once per record: on the wall clock it
   * reads a flag that a timer sets when the budget runs out, not the time (see {@link
   * io.sluice.time.Clock#deadline}); on a {@link io.sluice.time.ManualClock} it compares the manual
   * time, so a test that advances the clock sees the task stop at its next check.
   */
  boolean shouldStop();

  /** A directory private to this invocation, empty at its start. */
  Path tempDir();
}
