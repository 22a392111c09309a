package io.sluice.internal;

import io.sluice.store.StoreException;

/**
 * Whether a failure is a store failure worth retrying: the store says so itself ({@link
 * StoreException#retryable()}); this is the one place the Driver and the Executor ask.
 */
public final class StoreFailures {
  private StoreFailures() {}

  /**
   * True for a store failure that may pass on a retry (throttling, a timeout, a reset connection);
   * false for a missing object, a bad key, a key conflict, a refused permission or a failed
   * precondition, which are the same on every try, and for anything that is not a store failure.
   */
  public static boolean retryable(Throwable e) {
    return e instanceof StoreException se && se.retryable();
  }
}
