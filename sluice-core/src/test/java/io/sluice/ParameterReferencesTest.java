package io.sluice;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sluice.runtime.ParameterSources;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * {@code ssm:} references among a run's parameters: read lazily, all at once, through the resolver;
 * shown everywhere as the reference, never the value. The resolver here is an in-memory implementation
 * of the SPI that records its calls (the Parameter Store one is tested in sluice-aws).
 */
class ParameterReferencesTest {
  static final Parameter<String> PASSWORD = Parameter.ofString("password", "the database password");
  static final Parameter<Integer> LIMIT = Parameter.ofInt("limit", "rows at most");

  /** Values by name; records each call's names. */
  static final class MapResolver implements ParameterResolver {
    final Map<String, String> values = new TreeMap<>();
    final List<List<String>> calls = new ArrayList<>();

    @Override
    public Map<String, String> resolve(Collection<String> names) {
      calls.add(List.copyOf(names));
      Map<String, String> out = new TreeMap<>();
      for (String n : names) {
        if (!values.containsKey(n)) {
          throw new IllegalArgumentException("no parameter " + n);
        }
        out.put(n, values.get(n));
      }
      return out;
    }
  }

  private final MapResolver resolver = new MapResolver();

  @Test
  void referencesAreReadOnFirstUseAllInOneCall() {
    resolver.values.put("/app/password", "s3cret");
    resolver.values.put("/app/limit", "40");
    Parameters p = Parameters.of("app", Map.of("password", "ssm:/app/password", "limit", "ssm:/app/limit", "plain", "x"),
        resolver);

    assertThat(p.getString("plain")).isEqualTo("x");
    assertThat(resolver.calls).isEmpty();
    assertThat(p.get(PASSWORD)).isEqualTo("s3cret");
    assertThat(p.get(LIMIT)).isEqualTo(40);
    assertThat(p.find("password")).contains("s3cret");
    assertThat(p.getString("password", "other")).isEqualTo("s3cret");
    assertThat(resolver.calls).hasSize(1);
    assertThat(resolver.calls.get(0)).containsExactlyInAnyOrder("/app/password", "/app/limit");
  }

  @Test
  void whatIsShownOfTheParametersIsTheReference() {
    resolver.values.put("/app/password", "s3cret");
    Parameters p = Parameters.of("app", Map.of("password", "ssm:/app/password"), resolver);
    p.get(PASSWORD);

    assertThat(p.asMap()).containsEntry("password", "ssm:/app/password");
    assertThat(p.toString()).contains("ssm:/app/password").doesNotContain("s3cret");
  }

  @Test
  void aValueNotOfTheTypeIsRefusedWithoutShowingIt() {
    resolver.values.put("/app/limit", "s3cret-not-a-number");
    Parameters p = Parameters.of("app", Map.of("limit", "ssm:/app/limit"), resolver);

    assertThatThrownBy(() -> p.get(LIMIT)).isInstanceOf(ParameterException.class)
        .hasMessageContaining("'limit'").hasMessageContaining("an int").hasMessageContaining("ssm:/app/limit")
        .hasMessageNotContaining("s3cret");
    assertThatThrownBy(() -> p.getInt("limit")).hasMessageNotContaining("s3cret");
  }

  @Test
  void aReferenceThatCannotBeReadNamesTheParameterAndTheReference() {
    Parameters p = Parameters.of("app", Map.of("password", "ssm:/app/missing"), resolver);
    assertThatThrownBy(() -> p.get(PASSWORD)).isInstanceOf(ParameterException.class)
        .hasMessageContaining("Job 'app'").hasMessageContaining("'password' (ssm:/app/missing)")
        .hasMessageContaining("no parameter /app/missing");
  }

  @Test
  void withoutAResolverAReferenceSaysTheRuntimeHasNone() {
    Parameters p = Parameters.of("app", Map.of("password", "ssm:/app/password"));
    assertThatThrownBy(() -> p.get(PASSWORD)).isInstanceOf(ParameterException.class)
        .hasMessageContaining("no resolver of ssm: references");
  }

  @Test
  void aRunCheckTakesAReferenceAsGivenAndRefusesAnEmptyOne() {
    Job job = Job.builder("app").stage(Stage.named("s").plan(ctx -> Plan.done()).parameters(PASSWORD, LIMIT).build()).build();
    // Not parsed here (the reference is not an int): read and checked when a stage reads it.
    assertThat(job.parameters().check(Map.of("password", "ssm:/app/password", "limit", "ssm:/app/limit")).asMap())
        .containsEntry("limit", "ssm:/app/limit");
    assertThatThrownBy(() -> job.parameters().check(Map.of("password", "ssm:", "limit", "1")))
        .isInstanceOf(ParameterException.class).hasMessageContaining("'password' is 'ssm:' without a name");
  }

  @Test
  void aLauncherChecksNamesAndValuesAndLeavesMissingOnesToTheRuntime() {
    Job job = Job.builder("app").stage(Stage.named("s").plan(ctx -> Plan.done()).parameters(PASSWORD, LIMIT).build()).build();
    // password may be configured on the deployed functions (SLUICE_PARAM_PASSWORD): not required here.
    job.parameters().checkGiven(Map.of("limit", "3"));
    assertThatThrownBy(() -> job.parameters().checkGiven(Map.of("limit", "three")))
        .isInstanceOf(ParameterException.class).hasMessageContaining("'limit' must be an int");
    assertThatThrownBy(() -> job.parameters().checkGiven(Map.of("limt", "3")))
        .isInstanceOf(ParameterException.class).hasMessageContaining("no stage declares parameter 'limt'");
    assertThatThrownBy(() -> job.parameters().check(Map.of("limit", "3")))
        .isInstanceOf(ParameterException.class).hasMessageContaining("'password' (a string) is required");
  }

  @Test
  void configuredValuesAreUnderTheRunsOwn() {
    resolver.values.put("/app/password", "s3cret");
    ParameterSources sources = new ParameterSources(Map.of("password", "ssm:/app/password", "limit", "5"), resolver);

    Parameters p = sources.parameters("app", Map.of("limit", "7"));

    assertThat(p.get(LIMIT)).isEqualTo(7);
    assertThat(p.get(PASSWORD)).isEqualTo("s3cret");
    assertThat(sources.merge(Map.of())).containsEntry("limit", "5");
  }

  @Test
  void theServiceResolverLoadsNothingUntilUsedAndWithoutAServiceSaysSo() {
    // sluice-core's test class path has no io.sluice.ParameterResolver service.
    ParameterResolver lazy = ParameterSources.serviceResolver(getClass().getClassLoader());
    Parameters p = Parameters.of("app", Map.of("password", "ssm:/app/password"), lazy);
    assertThatThrownBy(() -> p.get(PASSWORD)).hasMessageContaining("no resolver of ssm: references");
  }
}
