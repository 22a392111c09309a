package io.sluice.statemachine.internal.exec;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sluice.statemachine.ExecutionStatus;
import io.sluice.statemachine.StatesError;
import io.sluice.statemachine.internal.model.StateDef;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Distributed Map states: items stream from the ItemReader (or ItemsPath/Items), are shaped by
 * ItemSelector, optionally grouped by ItemBatcher, and each item or batch runs as a child execution with
 * its own history (discarded once it ends, so memory does not grow with the number of children). At most
 * MaxConcurrency children run at once ({@value #DEFAULT_CONCURRENCY} when 0 or absent). Failures beyond
 * ToleratedFailureCount / ToleratedFailurePercentage fail the map run with {@code
 * States.ExceedToleratedFailureThreshold}. With a ResultWriter the results go to the object store and the
 * state's result is the map run summary.
 */
final class DistributedMapRunner {
  static final int DEFAULT_CONCURRENCY = 1000;

  private DistributedMapRunner() {}

  /** How one child execution ended. */
  record ChildResult(long index, String arn, String name, JsonNode input, ExecutionRun run,
      ExecutionEngine.Outcome outcome, Instant stop) {}

  static Step run(StateDef.MapState m, StateRun s) {
    JsonNode effective = m.jsonata() ? s.rawInput : s.selectPath(s.rawInput, m.common().inputPath());
    boolean[] started = new boolean[1];
    return ErrorHandling.run(s, m.retry(), m.catchers(), () -> attempt(m, s, effective, started),
        e -> MapRunner.failed(s, started));
  }

  private static Step attempt(StateDef.MapState m, StateRun s, JsonNode effective, boolean[] begun) {
    begun[0] = false;
    ExecutionRun run = s.run();
    JsonNode states = m.jsonata() ? s.states(null, null) : null;
    int maxConcurrency = MapInputs.maxConcurrency(m, s, effective, states);
    Iterator<ItemReaders.Item> items = null;
    int length = 0;
    if (m.itemReader() == null) {
      JsonNode array = m.jsonata() ? MapInputs.items(m, s, effective, states) : s.selectPath(effective, m.itemsPath());
      if (!array.isArray() && !array.isObject()) {
        throw s.runtime("Map state input must be an array but was: " + Payloads.compact(array));
      }
      length = array.size();
      items = ItemReaders.of(array);
    }
    ObjectNode started = StateRun.JSON.objectNode();
    started.put("length", length);
    run.history.add(s.frame.chain(), "MapStateStarted", started);
    begun[0] = true;
    double toleratedPercentage = MapInputs.toleratedPercentage(m, s, effective, states);
    long toleratedCount = MapInputs.toleratedCount(m, s, effective, states);
    Tolerance tolerance = new Tolerance(
        m.toleratedFailureCount() != null || m.toleratedFailureCountPath() != null, toleratedCount,
        m.toleratedFailurePercentage() != null || m.toleratedFailurePercentagePath() != null, toleratedPercentage);
    if (items == null) {
      items = ItemReaders.open(m, s, effective, states);
    }
    Batcher batcher = Batcher.of(m, s, effective, states);
    String label = m.name();
    String mapRunId = UUID.randomUUID().toString();
    String mapRunArn = "arn:aws:states:" + run.settings.region() + ":" + run.settings.account() + ":mapRun:"
        + run.stateMachineName + "/" + label + ":" + mapRunId;
    ObjectNode runStarted = StateRun.JSON.objectNode();
    runStarted.put("mapRunArn", mapRunArn);
    run.history.add(s.frame.chain(), "MapRunStarted", runStarted);

    ResultCollector results = new ResultCollector(m.resultWriter() == null ? null
        : ResultWriters.open(m, s, effective, states, mapRunArn, mapRunId));
    int permitsTotal = maxConcurrency > 0 ? maxConcurrency : DEFAULT_CONCURRENCY;
    io.sluice.statemachine.ExecutionClock clock = run.settings.clock();
    Gate permits = new Gate(clock, permitsTotal);
    CancelToken token = s.frame.cancel().child();
    AtomicLong failures = new AtomicLong();
    long index = 0;
    boolean exceeded = false;
    RuntimeException problem = null;
    boolean interrupted = false;
    try {
      while (true) {
        permits.await(1, 1);
        boolean more = batcher == null ? items.hasNext() : batcher.hasNext(items);
        if (!more || token.cancelled() || tolerance.exceededEarly(failures.get())) {
          exceeded = more && tolerance.exceededEarly(failures.get());
          permits.giveBack();
          break;
        }
        JsonNode input = batcher == null
            ? nextItemInput(m, s, effective, items.next(), index)
            : batcher.next(items, (item, i) -> nextItemInput(m, s, effective, item, i), index);
        long childIndex = index;
        index += batcher == null ? 1 : batcher.lastSize;
        results.launched(childIndex);
        clock.busy();
        Thread.ofVirtual().name("sluice-sfn-child-" + childIndex).start(() -> {
          try {
            ChildResult r = runChild(run, m, input, childIndex, token);
            if (r.outcome().status() != ExecutionStatus.SUCCEEDED) {
              failures.incrementAndGet();
            }
            results.add(r);
          } finally {
            permits.release();
          }
        });
      }
    } catch (InterruptedException e) {
      interrupted = true;
    } catch (RuntimeException e) {
      problem = e;
    }
    if (interrupted || problem != null || exceeded) {
      token.cancel(); // running children stop (AWS aborts them when the map run fails)
    }
    while (true) {
      try {
        permits.await(permitsTotal, 0);
        break;
      } catch (InterruptedException e) {
        interrupted = true;
        token.cancel();
      }
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
      run.checkRunning();
      throw new Cancelled();
    }
    if (problem != null) {
      throw problem;
    }
    run.checkRunning();
    exceeded = exceeded || tolerance.exceeded(failures.get(), results.count());
    if (exceeded) {
      String cause = "The specified tolerated failure threshold was exceeded";
      if (m.resultWriter() != null) {
        results.finish();
      }
      ObjectNode runFailed = StateRun.JSON.objectNode();
      runFailed.put("error", "States.ExceedToleratedFailureThreshold");
      runFailed.put("cause", cause);
      run.history.add(s.frame.chain(), "MapRunFailed", runFailed);
      throw new StatesError("States.ExceedToleratedFailureThreshold", cause);
    }
    run.history.add(s.frame.chain(), "MapRunSucceeded", null);
    JsonNode result;
    if (m.resultWriter() != null) {
      result = results.finish();
    } else {
      ArrayNode array = StateRun.JSON.arrayNode();
      results.outputs().forEach(array::add);
      result = array;
    }
    run.history.add(s.frame.chain(), "MapStateSucceeded", null);
    begun[0] = false;
    Payloads.check(result, run.settings.payloadLimit(), m.name());
    return TaskRunner.success(s, m.common(), m.resultSelector(), m.resultPath(), result);
  }

  /** When failed children fail the whole map run. */
  record Tolerance(boolean countGiven, long count, boolean percentageGiven, double percentage) {
    /** Whether the failures so far already decide it (before all items ran). */
    boolean exceededEarly(long failed) {
      return !countGiven && !percentageGiven ? failed > 0 : countGiven && failed > count;
    }

    boolean exceeded(long failed, long total) {
      if (failed == 0) {
        return false;
      }
      if (!countGiven && !percentageGiven) {
        return true;
      }
      return countGiven && failed > count || percentageGiven && failed * 100.0 / Math.max(1, total) > percentage;
    }
  }

  private static JsonNode nextItemInput(StateDef.MapState m, StateRun s, JsonNode effective, ItemReaders.Item item,
      long index) {
    return MapInputs.itemInput(m, s, effective, item.value(), index, item.key());
  }

  private static ChildResult runChild(ExecutionRun parent, StateDef.MapState m, JsonNode input, long index,
      CancelToken token) {
    String name = UUID.randomUUID().toString();
    String arn = "arn:aws:states:" + parent.settings.region() + ":" + parent.settings.account() + ":execution:"
        + parent.stateMachineName + "/" + m.name() + ":" + name;
    String smArn = parent.stateMachineArn + "/" + m.name();
    ExecutionRun child = new ExecutionRun(parent.settings, arn, name, smArn, parent.stateMachineName + "/" + m.name(),
        input, parent.deadline, parent);
    ExecutionEngine.Outcome outcome;
    try {
      outcome = ExecutionEngine.execute(child, m.processor(), token.child());
    } catch (RuntimeException e) {
      outcome = new ExecutionEngine.Outcome(ExecutionStatus.FAILED, null, "States.Runtime", "Internal error: " + e);
    }
    var listener = parent.settings.childListener();
    if (listener != null) {
      try {
        listener.accept(arn, new io.sluice.statemachine.ExecutionResult(outcome.status(), outcome.output(),
            outcome.error(), outcome.cause(), child.history.snapshot()));
      } catch (RuntimeException ignored) {
        // A listener's failure does not change the map run.
      }
    }
    return new ChildResult(index, arn, name, input, null, outcome, parent.settings.clock().now());
  }

  /**
   * Keeps what the map run needs of each child. With a ResultWriter, results pass to its sink in item
   * order through a window of the children still running, so memory holds at most that window (and
   * the sink's current part); without one, the outputs are the state's result and are all kept.
   */
  static final class ResultCollector {
    private final ResultWriters.Sink sink;
    private final List<ChildResult> kept = new ArrayList<>();
    /** Indices of launched children whose results are not yet passed on, in launch (= item) order. */
    private final java.util.ArrayDeque<Long> launched = new java.util.ArrayDeque<>();
    private final java.util.Map<Long, ChildResult> waiting = new java.util.HashMap<>();
    private long count;

    ResultCollector(ResultWriters.Sink sink) {
      this.sink = sink;
    }

    /** Called before the child at {@code index} starts. */
    synchronized void launched(long index) {
      if (sink != null) {
        launched.addLast(index);
      }
    }

    synchronized void add(ChildResult r) {
      count++;
      // The child's history is dropped here; only the outcome and identity are kept.
      ChildResult slim = new ChildResult(r.index(), r.arn(), r.name(), sink != null ? r.input() : null, null, r.outcome(), r.stop());
      if (sink == null) {
        kept.add(slim);
        return;
      }
      waiting.put(slim.index(), slim);
      while (!launched.isEmpty() && waiting.containsKey(launched.peekFirst())) {
        sink.accept(waiting.remove(launched.pollFirst()));
      }
    }

    synchronized long count() {
      return count;
    }

    /** Passes on what is still waiting (children cut short leave gaps) and returns the sink's result. */
    synchronized JsonNode finish() {
      waiting.values().stream().sorted(java.util.Comparator.comparingLong(ChildResult::index)).forEach(sink::accept);
      waiting.clear();
      launched.clear();
      return sink.finish();
    }

    List<JsonNode> outputs() {
      List<ChildResult> sorted;
      synchronized (this) {
        sorted = new ArrayList<>(kept);
      }
      sorted.sort(java.util.Comparator.comparingLong(ChildResult::index));
      List<JsonNode> out = new ArrayList<>();
      for (ChildResult r : sorted) {
        ExecutionEngine.Outcome o = r.outcome();
        if (o.status() == ExecutionStatus.SUCCEEDED) {
          out.add(o.output());
        } else {
          ObjectNode error = StateRun.JSON.objectNode();
          error.put("Error", o.error() == null ? "" : o.error());
          error.put("Cause", o.cause() == null ? "" : o.cause());
          out.add(error);
        }
      }
      return out;
    }
  }
}
