package io.sluice;

import io.sluice.store.ObjectStore;
import java.util.List;
import java.util.Optional;

/**
 * What the driver side of a stage ({@link Stage#plan} and {@link Stage#complete}) sees beyond a
 * {@link StageContext}: earlier stages' committed results, the stage's own state, and the store.
 */
public interface DriverContext extends StageContext {
  /**
   * The object store the run lives in, unmanaged: reads are not counted, writes are immediate and
   * not part of any task's commit, and nothing is scoped to an attempt. It is for what only the
   * driver side does: listing inputs in {@code plan} to cut them into tasks, reading committed outputs
   * and writing a final report in {@code complete}. Bulk data belongs in tasks, which read and write
   * through {@link TaskContext}.
   */
  ObjectStore store();

  /**
   * The committed results of an earlier stage, in plan order (each task followed by its
   * continuations).
   *
   * @throws IllegalArgumentException if the job has no such stage or it has not completed yet
   */
  List<TaskResult> results(String stageName);

  /**
   * A small value the stage keeps across plans and micro-batches (a watermark, a cursor), as a {@code
   * type}: empty until {@link #setStageState} first sets it.
   *
   * @throws IllegalArgumentException if the stored state cannot be read as a {@code type}
   */
  <T> Optional<T> stageState(Class<T> type);

  /**
   * Replaces the stage's state with {@code state} (any value Jackson can write as JSON: a record, a
   * map, a string), persisted with the driver's decision; null clears it.
   */
  void setStageState(Object state);
}
