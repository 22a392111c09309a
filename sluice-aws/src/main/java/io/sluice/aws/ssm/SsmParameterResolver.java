package io.sluice.aws.ssm;

import io.sluice.ParameterResolver;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.services.ssm.SsmClient;

/**
 * Reads {@code ssm:} parameter references from Parameter Store through a {@link ParameterStore}: in
 * batches of at most ten names, decrypted, cached per instance (one instance per function instance),
 * within the store's rate limit. Error messages name parameters, never values.
 *
 * <p>The service of {@link ParameterResolver} that {@code sluice-aws} registers: the no-argument
 * constructor makes its SSM client on first use, from the environment (on Lambda, the function's
 * region and role).
 */
public final class SsmParameterResolver implements ParameterResolver {
  private ParameterStore store;

  /** A resolver whose client is made, from the SDK's default region and credentials, on first use. */
  public SsmParameterResolver() {}

  /** A resolver reading through {@code store}. */
  public SsmParameterResolver(ParameterStore store) {
    this.store = Objects.requireNonNull(store, "store");
  }

  @Override
  public Map<String, String> resolve(Collection<String> names) {
    Map<String, String> values = new LinkedHashMap<>();
    store().get(names).forEach((name, value) -> values.put(name, value.reveal()));
    return values;
  }

  private synchronized ParameterStore store() {
    if (store == null) {
      store = ParameterStore.builder(SsmClient.builder().httpClientBuilder(UrlConnectionHttpClient.builder()).build()).build();
    }
    return store;
  }
}
