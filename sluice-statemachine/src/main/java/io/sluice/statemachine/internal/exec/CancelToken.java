package io.sluice.statemachine.internal.exec;

/** Cancellation of a line of execution and everything nested in it. */
final class CancelToken {
  private final CancelToken parent;
  private volatile boolean cancelled;

  CancelToken(CancelToken parent) {
    this.parent = parent;
  }

  void cancel() {
    cancelled = true;
  }

  boolean cancelled() {
    return cancelled || parent != null && parent.cancelled();
  }

  CancelToken child() {
    return new CancelToken(this);
  }
}
