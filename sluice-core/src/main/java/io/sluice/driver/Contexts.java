package io.sluice.driver;

import com.fasterxml.jackson.databind.JsonNode;
import io.sluice.CompletionContext;
import io.sluice.PlanContext;
import io.sluice.TaskResult;
import io.sluice.store.ObjectStore;
import java.time.Instant;
import java.util.List;

/** The driver-side contexts handed to user code; views over one {@link DriverStep}. */
final class Contexts {
  private Contexts() {}

  /** What both driver-side contexts show of the step. */
  private abstract static class StageView {
    final DriverStep step;
    final String stage;

    StageView(DriverStep step, String stage) {
      this.step = step;
      this.stage = stage;
    }

    public String jobName() {
      return step.job().name();
    }

    public String runId() {
      return step.runId();
    }

    public String stageName() {
      return stage;
    }

    public JsonNode parameters() {
      return step.info().parameters().deepCopy();
    }

    public ObjectStore store() {
      return step.store();
    }

    public List<TaskResult> results(String stageName) {
      return step.resultsOf(stageName);
    }

    public JsonNode stageState() {
      return step.stageState(stage);
    }

    public void setStageState(Object state) {
      step.setStageState(stage, state);
    }
  }

  static final class Plan extends StageView implements PlanContext {
    Plan(DriverStep step, String stage) {
      super(step, stage);
    }

    @Override
    public int planCount() {
      return step.planCalls();
    }

    @Override
    public Instant now() {
      return step.now();
    }
  }

  static final class Completion extends StageView implements CompletionContext {
    Completion(DriverStep step, String stage) {
      super(step, stage);
    }

    @Override
    public List<TaskResult> results() {
      return step.currentResults();
    }
  }
}
