package io.sluice.statemachine.internal.exec;

/** Stops a Parallel branch or Map iteration because a sibling failed. Never caught by Retry or Catch. */
final class Cancelled extends RuntimeException {
  Cancelled() {
    super("cancelled", null, false, false);
  }
}
