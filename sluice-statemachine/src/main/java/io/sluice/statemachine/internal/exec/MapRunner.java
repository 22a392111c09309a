package io.sluice.statemachine.internal.exec;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sluice.statemachine.StatesError;
import io.sluice.statemachine.internal.model.StateDef;
import java.util.List;

/**
 * Inline Map states: each item runs through the item processor in a child variable scope, at most
 * MaxConcurrency at a time; the result is the array of iteration outputs in item order. Iteration events
 * go into the execution's own history.
 */
final class MapRunner {
  private MapRunner() {}

  static Step run(StateDef.MapState m, StateRun s) {
    JsonNode effective = m.jsonata() ? s.rawInput : s.selectPath(s.rawInput, m.common().inputPath());
    boolean[] started = new boolean[1];
    return ErrorHandling.run(s, m.retry(), m.catchers(), () -> attempt(m, s, effective, started),
        e -> failed(s, started));
  }

  /** Records MapStateFailed once the state fails for good after it started iterating. */
  static void failed(StateRun s, boolean[] started) {
    if (started[0]) {
      s.frame.chain().follow(s.run().history.lastId());
      s.run().history.add(s.frame.chain(), "MapStateFailed", null);
    }
  }

  private static Step attempt(StateDef.MapState m, StateRun s, JsonNode effective, boolean[] started) {
    started[0] = false;
    ExecutionRun run = s.run();
    JsonNode states = m.jsonata() ? s.states(null, null) : null;
    int maxConcurrency = MapInputs.maxConcurrency(m, s, effective, states);
    JsonNode items = MapInputs.items(m, s, effective, states);
    ObjectNode length = StateRun.JSON.objectNode();
    length.put("length", items.size());
    run.history.add(s.frame.chain(), "MapStateStarted", length);
    started[0] = true;
    List<JsonNode> outputs = Concurrent.runAll(s.frame, items.size(), maxConcurrency,
        (index, frame) -> iteration(m, s, effective, items.get(index), index, frame));
    started[0] = false;
    s.frame.chain().follow(run.history.lastId());
    run.history.add(s.frame.chain(), "MapStateSucceeded", null);
    ArrayNode result = StateRun.JSON.arrayNode();
    outputs.forEach(result::add);
    Payloads.check(result, run.settings.payloadLimit(), m.name());
    return TaskRunner.success(s, m.common(), m.resultSelector(), m.resultPath(), result);
  }

  private static JsonNode iteration(StateDef.MapState m, StateRun s, JsonNode effective, JsonNode item, int index,
      Frame frame) {
    ExecutionRun run = s.run();
    ObjectNode details = StateRun.JSON.objectNode();
    details.put("name", m.name());
    details.put("index", index);
    run.history.add(frame.chain(), "MapIterationStarted", details);
    try {
      JsonNode input = MapInputs.itemInput(m, s, effective, item, index, null);
      JsonNode out = GraphRunner.run(m.processor(), input, frame);
      run.history.add(frame.chain(), "MapIterationSucceeded", details.deepCopy());
      return out;
    } catch (StatesError e) {
      if (frame.cancel().cancelled()) {
        run.history.add(frame.chain(), "MapIterationAborted", details.deepCopy());
        throw new Cancelled();
      }
      run.history.add(frame.chain(), "MapIterationFailed", details.deepCopy());
      throw e;
    } catch (Cancelled e) {
      if (run.terminated() == null) {
        run.history.add(frame.chain(), "MapIterationAborted", details.deepCopy());
      }
      throw e;
    }
  }
}
