package io.sluice;

import com.fasterxml.jackson.databind.JsonNode;
import io.sluice.store.ObjectStore;
import java.time.Instant;
import java.util.List;

/** What a stage's driver side can see. Valid for one call of {@link Stage#plan}. */
public interface PlanContext {
  String jobName();

  String runId();

  String stageName();

  /** The parameters the run was started with (an empty object if none). */
  JsonNode parameters();

  /** The object store the run lives in. */
  ObjectStore store();

  /** The committed results of an earlier stage, in task-id order. */
  List<TaskResult> results(String stageName);

  /** A small value the stage keeps across plans and micro-batches (a watermark, a cursor); null at first. */
  JsonNode stageState();

  /** Replaces {@link #stageState()}; persisted with the driver's decision. */
  void setStageState(Object state);

  /** How many times this stage has been planned before in this run (0 the first time). */
  int planCount();

  /** The clock's now. */
  Instant now();
}
