package io.sluice.internal;

import io.sluice.store.InvalidKeyException;
import io.sluice.store.KeyConflictException;
import io.sluice.store.ObjectNotFoundException;
import io.sluice.store.StoreException;

/**
 * Whether a store failure is worth retrying. The one place that tells, so that it becomes a one-line
 * switch to {@code StoreException.retryable()} once the store SPI says it itself.
 */
public final class StoreFailures {
  private StoreFailures() {}

  /**
   * True for a store failure that may pass on a retry (throttling, a timeout, a reset connection);
   * false for a missing object, a bad key or a key conflict, which are the same on every try, and for
   * anything that is not a store failure.
   */
  public static boolean retryable(Throwable e) {
    return e instanceof StoreException && !(e instanceof ObjectNotFoundException) && !(e instanceof InvalidKeyException)
        && !(e instanceof KeyConflictException);
  }
}
