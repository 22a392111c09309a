package io.sluice;

import com.fasterxml.jackson.databind.JsonNode;
import io.sluice.store.ObjectStore;
import java.util.List;

/** What a stage's completion step can see. Valid for one call of {@link Stage#complete}. */
public interface CompletionContext {
  String jobName();

  String runId();

  String stageName();

  JsonNode parameters();

  ObjectStore store();

  /** This stage's committed results from its latest plan, in task-id order. */
  List<TaskResult> results();

  /** Committed results of an earlier stage. */
  List<TaskResult> results(String stageName);

  /** See {@link PlanContext#stageState()}. */
  JsonNode stageState();

  /** See {@link PlanContext#setStageState(Object)}. */
  void setStageState(Object state);
}
