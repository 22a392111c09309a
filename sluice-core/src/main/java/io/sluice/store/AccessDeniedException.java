package io.sluice.store;

/**
 * The store refused the request for lack of permission (S3: 403 {@code AccessDenied}; a file system: a
 * file or directory the process may not read or write). Final: {@link #retryable()} is false, since
 * permissions do not change by themselves.
 */
public class AccessDeniedException extends StoreException {
  private final String key;

  /**
   * @param key the key (or prefix) of the request
   * @param message what was refused, and what to check
   * @param cause the underlying error, or null
   */
  public AccessDeniedException(String key, String message, Throwable cause) {
    super(message, cause, false);
    this.key = key;
  }

  /** The key (or prefix) of the refused request. */
  public String key() {
    return key;
  }
}
