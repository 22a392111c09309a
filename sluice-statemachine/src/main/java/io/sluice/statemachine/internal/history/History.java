package io.sluice.statemachine.internal.history;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sluice.statemachine.ExecutionClock;
import io.sluice.statemachine.HistoryEvent;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The events of one execution. Thread-safe: Parallel branches and Map iterations record concurrently,
 * each on its own {@link EventChain}.
 *
 * <p>The quota works as Step Functions' does: events up to {@code limit - 1} are recorded freely; the
 * event numbered {@code limit} may only end the execution. Any other event at that point is replaced by
 * an {@code ExecutionFailed} event with error {@code States.Runtime} and a cause naming the quota, and
 * {@link HistoryLimitReached} is thrown.
 */
public final class History {
  /** The cause AWS gives when the quota is reached. */
  public static String limitCause(int limit) {
    return "The execution reached the maximum number of history events (" + limit + ").";
  }

  private static final Set<String> TERMINAL =
      Set.of("ExecutionSucceeded", "ExecutionFailed", "ExecutionTimedOut", "ExecutionAborted");

  private final List<HistoryEvent> events = new ArrayList<>();
  private final ExecutionClock clock;
  private final int limit;
  private boolean closed;

  public History(ExecutionClock clock, int limit) {
    this.clock = clock;
    this.limit = limit;
  }

  /** Records an event after {@code chain}'s last one, and moves the chain on. Returns its id. */
  public long add(EventChain chain, String type, ObjectNode details) {
    synchronized (this) {
      long id = events.size() + 1L;
      if (closed) {
        throw new HistoryLimitReached(limitCause(limit));
      }
      long previous = chain == null ? id - 1 : chain.last();
      if (id >= limit && !TERMINAL.contains(type)) {
        ObjectNode failed = JsonNodeFactory.instance.objectNode();
        failed.put("error", "States.Runtime");
        failed.put("cause", limitCause(limit));
        events.add(new HistoryEvent(id, previous, "ExecutionFailed", clock.now(), failed));
        closed = true;
        throw new HistoryLimitReached(limitCause(limit));
      }
      events.add(new HistoryEvent(id, previous, type, clock.now(),
          details == null ? JsonNodeFactory.instance.objectNode() : details));
      if (TERMINAL.contains(type)) {
        closed = true;
      }
      if (chain != null) {
        chain.last(id);
      }
      return id;
    }
  }

  /** Whether the history ended (a terminal event, or the quota). */
  public synchronized boolean closed() {
    return closed;
  }

  /** The id of the most recent event. */
  public synchronized long lastId() {
    return events.size();
  }

  public synchronized List<HistoryEvent> snapshot() {
    return List.copyOf(events);
  }
}
