package io.sluice.statemachine.internal.history;

/**
 * The last event of one line of execution (the main flow, a Parallel branch, a Map iteration): the next
 * event it records names this one as its {@code previousEventId}.
 */
public final class EventChain {
  private volatile long last;

  public EventChain(long last) {
    this.last = last;
  }

  public long last() {
    return last;
  }

  void last(long id) {
    last = id;
  }

  /** Makes the next event follow {@code id}, e.g. the last event of joined branches. */
  public void follow(long id) {
    last = id;
  }

  /** A new chain for a nested line of execution, starting at this chain's last event. */
  public EventChain fork() {
    return new EventChain(last);
  }
}
