package io.sluice.driver;

import com.fasterxml.jackson.databind.JsonNode;
import io.sluice.CompletionContext;
import io.sluice.DriverContext;
import io.sluice.Parameters;
import io.sluice.PlanContext;
import io.sluice.TaskResult;
import io.sluice.internal.Json;
import io.sluice.store.ObjectStore;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** The driver-side contexts handed to user code; views over one {@link DriverStep}. */
final class Contexts {
  private Contexts() {}

  /** What both driver-side contexts show of the step. */
  private abstract static class DriverView implements DriverContext {
    final DriverStep step;
    final String stage;
    private final Parameters parameters;

    DriverView(DriverStep step, String stage) {
      this.step = step;
      this.stage = stage;
      this.parameters = step.parameters();
    }

    @Override
    public String jobName() {
      return step.job().name();
    }

    @Override
    public String runId() {
      return step.runId();
    }

    @Override
    public String stageName() {
      return stage;
    }

    @Override
    public Parameters parameters() {
      return parameters;
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
    public <T> Optional<T> stageState(Class<T> type) {
      JsonNode state = step.stageState(stage);
      return state == null || state.isNull() ? Optional.empty() : Optional.of(Json.fromTree(state, type));
    }

    @Override
    public void setStageState(Object state) {
      step.setStageState(stage, state);
    }
  }

  /** The {@link PlanContext} of one {@code plan} call. */
  static final class PlanView extends DriverView implements PlanContext {
    PlanView(DriverStep step, String stage) {
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

  /** The {@link CompletionContext} of one {@code complete} call. */
  static final class CompletionView extends DriverView implements CompletionContext {
    CompletionView(DriverStep step, String stage) {
      super(step, stage);
    }

    @Override
    public List<TaskResult> results() {
      return step.currentResults();
    }
  }
}
