package io.sluice.run;

/**
 * An object of the run protocol that cannot be read: not JSON, or a field missing or of the wrong
 * type. Deterministic (reading it again gives the same), so the Driver reports it as the final error
 * {@code Sluice.CorruptState} instead of being retried.
 */
public final class CorruptStateException extends RuntimeException {
  private final String key;

  /** @param key the object's key; @param problem what is wrong with it */
  public CorruptStateException(String key, String problem) {
    super(problem);
    this.key = key;
  }

  CorruptStateException(String key, String problem, Throwable cause) {
    super(problem, cause);
    this.key = key;
  }

  /** The key of the object that cannot be read. */
  public String key() {
    return key;
  }
}
