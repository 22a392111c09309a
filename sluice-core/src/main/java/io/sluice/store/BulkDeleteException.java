package io.sluice.store;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Some keys of an {@link ObjectStore#deleteAll} were not deleted (S3: the {@code Errors} of a {@code
 * DeleteObjects} answer); every key not named here was deleted, or was already missing.
 *
 * <p>{@link #retryable()} is true when every failure is retryable: calling {@code deleteAll} again with
 * {@link #failures()}'s keys may then succeed. If any failure is final, retrying the whole call cannot
 * succeed; the failures' own {@link StoreException#retryable()} tell which keys are worth retrying.
 */
public class BulkDeleteException extends StoreException {
  private final Map<String, StoreException> failures;

  /** @param failures the keys that were not deleted, in request order, each with why (not empty) */
  public BulkDeleteException(Map<String, StoreException> failures) {
    super(message(failures), failures.values().iterator().next(),
        failures.values().stream().allMatch(StoreException::retryable));
    this.failures = Collections.unmodifiableMap(new LinkedHashMap<>(failures));
  }

  /** The keys that were not deleted, in request order, each with why. */
  public Map<String, StoreException> failures() {
    return failures;
  }

  private static String message(Map<String, StoreException> failures) {
    if (failures.isEmpty()) {
      throw new IllegalArgumentException("A BulkDeleteException needs at least one failed key");
    }
    Map.Entry<String, StoreException> first = failures.entrySet().iterator().next();
    return "Could not delete " + failures.size() + (failures.size() == 1 ? " object" : " objects")
        + " (the other keys were deleted); first '" + first.getKey() + "': " + first.getValue().getMessage();
  }
}
