package io.sluice.statemachine.internal.exec;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import io.sluice.statemachine.StatesError;
import io.sluice.statemachine.internal.model.StateDef;
import java.util.List;

/**
 * Parallel states: every branch runs concurrently on the same input, in a child variable scope; the
 * result is the array of branch outputs in branch order. A failing branch cancels its siblings and fails
 * the state (which its Retry and Catch then handle).
 */
final class ParallelRunner {
  private ParallelRunner() {}

  static Step run(StateDef.ParallelState p, StateRun s) {
    JsonNode effective = p.jsonata() ? s.rawInput : s.selectPath(s.rawInput, p.common().inputPath());
    boolean[] started = new boolean[1];
    return ErrorHandling.run(s, p.retry(), p.catchers(), () -> attempt(p, s, effective, started), e -> {
      if (started[0]) {
        s.frame.chain().follow(s.run().history.lastId());
        s.run().history.add(s.frame.chain(), "ParallelStateFailed", null);
      }
    });
  }

  private static Step attempt(StateDef.ParallelState p, StateRun s, JsonNode effective, boolean[] started) {
    started[0] = false;
    ExecutionRun run = s.run();
    JsonNode input;
    if (p.jsonata()) {
      input = p.arguments() == null ? s.rawInput : s.jsonata("Arguments", p.arguments(), s.states(null, null));
    } else {
      input = p.parameters() == null ? effective : s.template(p.parameters(), effective);
    }
    run.history.add(s.frame.chain(), "ParallelStateStarted", null);
    started[0] = true;
    List<JsonNode> outputs = Concurrent.runAll(s.frame, p.branches().size(), 0,
        (index, frame) -> GraphRunner.run(p.branches().get(index), input, frame));
    started[0] = false;
    s.frame.chain().follow(run.history.lastId());
    run.history.add(s.frame.chain(), "ParallelStateSucceeded", null);
    ArrayNode result = StateRun.JSON.arrayNode();
    outputs.forEach(result::add);
    Payloads.check(result, run.settings.payloadLimit(), p.name());
    return TaskRunner.success(s, p.common(), p.resultSelector(), p.resultPath(), result);
  }
}
