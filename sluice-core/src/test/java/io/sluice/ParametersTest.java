package io.sluice;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Declared parameters, the run's typed values, and the errors a user sees for a wrong one. */
class ParametersTest {
  static final Parameter<String> INPUT = Parameter.ofString("input", "where the orders are").withDefault("input/orders/");
  static final Parameter<Integer> LIMIT = Parameter.ofInt("limit", "orders per task at most");
  static final Parameter<Duration> POLL = Parameter.ofDuration("poll", "how often to look").withDefault(Duration.ofMinutes(1));

  static Stage stage(String name, Parameter<?>... parameters) {
    return Stage.named(name).plan(ctx -> Plan.done()).parameters(parameters).build();
  }

  static Job job() {
    return Job.builder("orders").stage(stage("clean", INPUT, LIMIT)).stage(stage("poll", POLL, INPUT)).build();
  }

  @Test
  void typedGettersParseTheTextAndFallBackToTheirDefaults() {
    Parameters p = Parameters.of("orders", Map.of("limit", "25", "big", "9000000000", "ratio", "0.5", "dry", "TRUE",
        "every", "90s", "iso", "PT1M30S", "name", " spaced "));

    assertThat(p.getInt("limit")).isEqualTo(25);
    assertThat(p.getLong("big")).isEqualTo(9_000_000_000L);
    assertThat(p.getDouble("ratio")).isEqualTo(0.5);
    assertThat(p.getBoolean("dry")).isTrue();
    assertThat(p.getDuration("every")).isEqualTo(Duration.ofSeconds(90));
    assertThat(p.getDuration("iso")).isEqualTo(Duration.ofSeconds(90));
    assertThat(p.getString("name")).isEqualTo(" spaced ");
    assertThat(p.getInt("absent", 7)).isEqualTo(7);
    assertThat(p.getLong("absent", 8L)).isEqualTo(8L);
    assertThat(p.getDouble("absent", 1.5)).isEqualTo(1.5);
    assertThat(p.getBoolean("absent", true)).isTrue();
    assertThat(p.getDuration("absent", Duration.ofMillis(250))).isEqualTo(Duration.ofMillis(250));
    assertThat(p.getString("absent", "x")).isEqualTo("x");
    assertThat(p.get(INPUT)).isEqualTo("input/orders/");
    assertThat(p.get(LIMIT)).isEqualTo(25);
    assertThat(p.find("absent")).isEmpty();
  }

  @Test
  void aMalformedValueNamesTheJobTheParameterTheTypeAndTheValue() {
    Parameters p = Parameters.of("orders", Map.of("limit", "ten", "dry", "yes", "every", "soon"));

    assertThatThrownBy(() -> p.getInt("limit"))
        .isInstanceOf(ParameterException.class)
        .hasMessage("Job 'orders': parameter 'limit' must be an int, got 'ten'");
    assertThatThrownBy(() -> p.get(LIMIT)).hasMessage("Job 'orders': parameter 'limit' must be an int, got 'ten'");
    assertThatThrownBy(() -> p.getInt("limit", 3)).hasMessageContaining("must be an int, got 'ten'");
    assertThatThrownBy(() -> p.getBoolean("dry")).hasMessageStartingWith(
        "Job 'orders': parameter 'dry' must be a boolean (true or false), got 'yes'");
    assertThatThrownBy(() -> p.getDuration("every")).hasMessageStartingWith(
        "Job 'orders': parameter 'every' must be a duration (250ms, 30s, 5m, 2h, 1d or ISO-8601 such as PT1M30S), got 'soon'");
  }

  @Test
  void aMissingParameterWithoutDefaultSaysHowToGiveIt() {
    Parameters p = Parameters.none("orders");

    assertThatThrownBy(() -> p.getLong("since"))
        .isInstanceOf(ParameterException.class)
        .hasMessage("Job 'orders' needs parameter 'since' (a long) and the run did not give it: pass it as -p since=VALUE");
    assertThatThrownBy(() -> p.get(LIMIT)).hasMessageContaining("needs parameter 'limit' (an int)");
  }

  @Test
  void aJobsParametersAreTheUnionOfItsStagesInStageOrder() {
    assertThat(job().parameters().list()).containsExactly(INPUT, LIMIT, POLL);
    assertThat(job().parameters().find("poll")).contains(POLL);
    assertThat(Job.builder("none").stage(stage("a")).build().parameters().list()).isEmpty();
  }

  @Test
  void twoStagesDeclaringOneNameDifferentlyIsADefinitionError() {
    Parameter<String> otherDefault = Parameter.ofString("input", "x").withDefault("elsewhere/");

    assertThatThrownBy(() -> Job.builder("orders").stage(stage("a", INPUT)).stage(stage("b", otherDefault)).build())
        .isInstanceOf(JobDefinitionException.class)
        .hasMessageContaining("stages 'a' and 'b' declare parameter 'input' differently");
    assertThatThrownBy(() -> Parameter.ofInt("bad name", ""))
        .isInstanceOf(JobDefinitionException.class)
        .hasMessageContaining("Parameter name 'bad name' is invalid");
  }

  @Test
  void checkRefusesAnUnknownNameListingTheKnownOnes() {
    assertThatThrownBy(() -> job().parameters().check(Map.of("inptu", "x", "limit", "5")))
        .isInstanceOf(ParameterException.class)
        .hasMessage("Job 'orders': no stage declares parameter 'inptu'. Its parameters: input (a string, default"
            + " 'input/orders/'): where the orders are; limit (an int, required): orders per task at most; poll (a duration"
            + " (250ms, 30s, 5m, 2h, 1d or ISO-8601 such as PT1M30S), default 'PT1M'): how often to look.");
  }

  @Test
  void checkRefusesAnEmptyNameAMalformedValueAndAMissingRequiredOne() {
    Map<String, String> values = new LinkedHashMap<>();
    values.put("", "x");
    values.put("poll", "often");
    assertThatThrownBy(() -> job().parameters().check(values))
        .isInstanceOf(ParameterException.class)
        .hasMessageContaining("a parameter has an empty name (value 'x')")
        .hasMessageContaining("parameter 'poll' must be a duration")
        .hasMessageContaining("got 'often'")
        .hasMessageContaining("parameter 'limit' (an int) is required and was not given");
    assertThatThrownBy(() -> Job.builder("plain").stage(stage("a")).build().parameters().check(Map.of("x", "1")))
        .hasMessage("Job 'plain': no stage declares parameter 'x'. It takes no parameters.");
  }

  @Test
  void checkGivesTheParametersOfAValidRun() {
    Parameters p = job().parameters().check(Map.of("limit", "5", "poll", "5m"));

    assertThat(p.get(LIMIT)).isEqualTo(5);
    assertThat(p.get(POLL)).isEqualTo(Duration.ofMinutes(5));
    assertThat(p.get(INPUT)).isEqualTo("input/orders/");
    assertThat(p.asMap()).containsOnlyKeys("limit", "poll");
  }

  @Test
  void aParameterOfItsOwnTypeUsesItsParser() {
    Parameter<List<String>> tenants = Parameter.of("tenants", "a comma-separated list", s -> List.of(s.split(",")), "");
    Job job = Job.builder("t").stage(stage("a", tenants)).build();

    assertThat(job.parameters().check(Map.of("tenants", "a,b")).get(tenants)).containsExactly("a", "b");
    assertThat(tenants.required()).isTrue();
    assertThat(tenants.withDefault(List.of()).required()).isFalse();
  }
}
