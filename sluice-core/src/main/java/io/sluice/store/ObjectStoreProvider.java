package io.sluice.store;

import java.net.URI;
import java.util.Map;

/**
 * Opens the object stores of one URI scheme, so that a job can name where its data lives by a URI
 * ({@code file:/data/in}, {@code s3://bucket/prefix}) and run unchanged on either runtime. Providers
 * are found by {@link java.util.ServiceLoader} ({@code META-INF/services/io.sluice.store.ObjectStoreProvider}):
 * {@code sluice-local} provides {@code file}, {@code sluice-aws} provides {@code s3}. Callers use
 * {@link ObjectStores#open(String)} rather than a provider directly.
 *
 * <p>Implementations are thread-safe and stateless apart from caches of thread-safe clients.
 */
public interface ObjectStoreProvider {
  /** The URI scheme this provider opens: {@code file}, {@code s3}. Lower case. */
  String scheme();

  /**
   * Opens the store that holds {@code location}, and the key prefix of the location inside it.
   *
   * @param location an absolute URI of this provider's {@link #scheme()}
   * @param options settings from the caller (an S3 endpoint, a region); unknown ones are ignored
   * @throws IllegalArgumentException if the URI is not one this provider can open, saying why
   */
  StoreLocation open(URI location, Map<String, String> options);
}
