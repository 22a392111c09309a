package io.sluice.store;

import java.util.Optional;

/**
 * A read pinned to one version of an object ({@code If-Match}) found another version: the object was
 * replaced since its ETag was read (S3: 412 {@code PreconditionFailed}). Final: {@link #retryable()} is
 * false, since the old version will not come back; a reader that must see one consistent object starts
 * over from a fresh {@link ObjectStore#stat}.
 */
public class PreconditionFailedException extends StoreException {
  private final String key;
  private final String expectedEtag;
  private final String currentEtag;

  /**
   * @param key the object that was read
   * @param expectedEtag the ETag the read was pinned to
   * @param currentEtag the object's ETag now, or null if the store does not say (S3 does not)
   */
  public PreconditionFailedException(String key, String expectedEtag, String currentEtag) {
    super(message(key, expectedEtag, currentEtag), null, false);
    this.key = key;
    this.expectedEtag = expectedEtag;
    this.currentEtag = currentEtag;
  }

  /** The object that was read. */
  public String key() {
    return key;
  }

  /** The ETag the read was pinned to. */
  public String expectedEtag() {
    return expectedEtag;
  }

  /** The object's ETag when the read was refused, if the store says. */
  public Optional<String> currentEtag() {
    return Optional.ofNullable(currentEtag);
  }

  private static String message(String key, String expected, String current) {
    return "Object '" + key + "' changed while it was being read: the read was pinned to ETag " + expected
        + (current == null ? "" : " but the object now has ETag " + current)
        + "; it was replaced in between, so stat it again and read the new version from the start";
  }
}
