package io.sluice.statemachine.internal.exec;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sluice.statemachine.internal.model.StateDef;
import io.sluice.statemachine.internal.model.StateGraph;
import java.util.Map;

/** Walks a graph state by state, recording each state's entered and exited events. */
final class GraphRunner {
  private GraphRunner() {}

  /** Runs {@code graph} on {@code input}; returns the output of the state that ends it. */
  static JsonNode run(StateGraph graph, JsonNode input, Frame frame) {
    String name = graph.startAt();
    JsonNode data = input;
    while (true) {
      frame.checkRunning();
      StateDef def = graph.state(name);
      Step step = runState(def, data, frame);
      if (step.next() == null) {
        return step.output();
      }
      name = step.next();
      data = step.output();
    }
  }

  private static Step runState(StateDef def, JsonNode input, Frame frame) {
    ExecutionRun run = frame.run();
    ObjectNode entered = StateRun.JSON.objectNode();
    entered.put("name", def.name());
    entered.put("input", Payloads.compact(input));
    entered.putObject("inputDetails").put("truncated", false);
    long id = run.history.add(frame.chain(), def.common().type() + "StateEntered", entered);
    StateRun s = new StateRun(def, frame, input, id, run.settings.clock().now());
    Step step = switch (def) {
      case StateDef.PassState p -> FlowStates.pass(p, s);
      case StateDef.ChoiceState c -> FlowStates.choice(c, s);
      case StateDef.WaitState w -> FlowStates.waitState(w, s);
      case StateDef.SucceedState x -> FlowStates.succeed(x, s);
      case StateDef.FailState f -> throw FlowStates.fail(f, s);
      case StateDef.TaskState t -> TaskRunner.run(t, s);
      case StateDef.ParallelState p -> ParallelRunner.run(p, s);
      case StateDef.MapState m -> m.distributed() ? DistributedMapRunner.run(m, s) : MapRunner.run(m, s);
    };
    String output = Payloads.checkText(Payloads.compact(step.output()), run.settings.payloadLimit(), def.name());
    frame.variables().commit(step.assigned());
    ObjectNode exited = StateRun.JSON.objectNode();
    exited.put("name", def.name());
    exited.put("output", output);
    exited.putObject("outputDetails").put("truncated", false);
    if (!step.assigned().isEmpty()) {
      ObjectNode vars = exited.putObject("assignedVariables");
      for (Map.Entry<String, JsonNode> e : step.assigned().entrySet()) {
        vars.put(e.getKey(), Payloads.compact(e.getValue()));
      }
      exited.putObject("assignedVariablesDetails").put("truncated", false);
    }
    run.history.add(frame.chain(), def.common().type() + "StateExited", exited);
    return step;
  }
}
