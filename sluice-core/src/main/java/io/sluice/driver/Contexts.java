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

  static final class Plan implements PlanContext {
    private final DriverStep step;
    private final String stage;

    Plan(DriverStep step, String stage) {
      this.step = step;
      this.stage = stage;
    }

    @Override
    public String jobName() {
      return step.job().name();
    }

    @Override
    public String runId() {
      return step.state().run;
    }

    @Override
    public String stageName() {
      return stage;
    }

    @Override
    public JsonNode parameters() {
      return step.info().parameters().deepCopy();
    }

    @Override
    public ObjectStore store() {
      return step.store();
    }

    @Override
    public List<TaskResult> results(String stageName) {
      return step.resultsOf(stageName);
    }

    @Override
    public JsonNode stageState() {
      return step.stageState(stage);
    }

    @Override
    public void setStageState(Object state) {
      step.setStageState(stage, state);
    }

    @Override
    public int planCount() {
      return step.state().planCalls;
    }

    @Override
    public Instant now() {
      return step.now();
    }
  }

  static final class Completion implements CompletionContext {
    private final DriverStep step;
    private final String stage;

    Completion(DriverStep step, String stage) {
      this.step = step;
      this.stage = stage;
    }

    @Override
    public String jobName() {
      return step.job().name();
    }

    @Override
    public String runId() {
      return step.state().run;
    }

    @Override
    public String stageName() {
      return stage;
    }

    @Override
    public JsonNode parameters() {
      return step.info().parameters().deepCopy();
    }

    @Override
    public ObjectStore store() {
      return step.store();
    }

    @Override
    public List<TaskResult> results() {
      return step.currentResults();
    }

    @Override
    public List<TaskResult> results(String stageName) {
      return step.resultsOf(stageName);
    }

    @Override
    public JsonNode stageState() {
      return step.stageState(stage);
    }

    @Override
    public void setStageState(Object state) {
      step.setStageState(stage, state);
    }
  }
}
