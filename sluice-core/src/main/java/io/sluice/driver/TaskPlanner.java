package io.sluice.driver;

import com.fasterxml.jackson.databind.JsonNode;
import io.sluice.TaskSpec;
import io.sluice.internal.Json;
import io.sluice.internal.Wire;
import io.sluice.internal.TaskIds;
import io.sluice.run.PlannedTask;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** Turns the task specs of a stage's plan into planned tasks with their deterministic ids. */
final class TaskPlanner {
  private TaskPlanner() {}

  /** The planned tasks, or why the plan is refused. */
  sealed interface Result {}

  record Planned(List<PlannedTask> tasks) implements Result {}

  record Refused(String cause) implements Result {}

  /** Ids hash job, stage and input, so two specs with one input would be one task: refused. */
  static Result plan(String job, String stage, List<TaskSpec> specs) {
    List<PlannedTask> tasks = new ArrayList<>();
    Set<String> ids = new HashSet<>();
    for (TaskSpec spec : specs) {
      JsonNode input = Wire.input(spec);
      String id = TaskIds.of(job, stage, input);
      if (!ids.add(id)) {
        return new Refused("Stage '" + stage + "' planned two tasks with the same input " + Json.abbreviate(input)
            + ": task inputs must be distinct, since they decide the task id");
      }
      tasks.add(new PlannedTask(id, input, null, null, spec.estimate().toMillis()));
    }
    return new Planned(tasks);
  }
}
