package io.sluice.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sluice.driver.Decision;
import io.sluice.internal.Json;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RunStateTest {
  static final String KEY = "runs/r/driver/000000000001.json";

  static RunState state() {
    return RunState.initial("job", "r", "first").toBuilder().seq(1).phase(RunState.Phase.EXECUTE).round(2).tasks(21, 6)
        .stageState("first", Json.toTree(Map.of("polls", 2)))
        .decision(new Decision("r", 1, Decision.SLEEP, null, null, 30L, null, null)).build();
  }

  @Test
  void aStateReadsBackAsWritten() {
    RunState s = state();
    assertThat(RunState.decode(s.toJson(), KEY)).isEqualTo(s);
  }

  @Test
  void aStateCannotBeChangedThroughWhatItHandsOut() {
    RunState s = state();
    ((com.fasterxml.jackson.databind.node.ObjectNode) s.stageState("first")).put("polls", 99);
    assertThat(s.stageState("first").path("polls").asInt()).isEqualTo(2);
    assertThatThrownBy(() -> s.completedBatches().put("x", 1)).isInstanceOf(UnsupportedOperationException.class);
    RunState next = s.toBuilder().round(3).build();
    assertThat(s.round()).isEqualTo(2);
    assertThat(next.round()).isEqualTo(3);
  }

  @Test
  void anEmptyObjectIsRefusedNamingTheKeyAndEveryMissingField() {
    assertThatThrownBy(() -> RunState.decode("{}".getBytes(StandardCharsets.UTF_8), KEY))
        .isInstanceOfSatisfying(CorruptStateException.class, e -> assertThat(e.key()).isEqualTo(KEY))
        .hasMessageContaining("Corrupt driver state in " + KEY)
        .hasMessageContaining("missing 'job' (a string)")
        .hasMessageContaining("missing 'seq'")
        .hasMessageContaining("missing 'decision'");
  }

  @Test
  void mistypedFieldsAreRefusedNamingFieldAndValue() {
    String json = new String(state().toJson(), StandardCharsets.UTF_8)
        .replace("\"seq\":1", "\"seq\":\"one\"").replace("\"phase\":\"EXECUTE\"", "\"phase\":\"RUNNING\"")
        .replace("\"action\":\"sleep\"", "\"action\":\"dance\"");
    assertThatThrownBy(() -> RunState.decode(json.getBytes(StandardCharsets.UTF_8), KEY))
        .hasMessageContaining("'seq' must be a non-negative integer, got \"one\"")
        .hasMessageContaining("'phase' must be one of [PLAN, EXECUTE, COMPLETE, ENDED], got \"RUNNING\"")
        .hasMessageContaining("'decision.action' must be one of");
    assertThatThrownBy(() -> RunState.decode("[1]".getBytes(StandardCharsets.UTF_8), KEY))
        .hasMessageContaining("expected a JSON object");
    assertThatThrownBy(() -> RunState.decode("{\"job\": tru".getBytes(StandardCharsets.UTF_8), KEY))
        .hasMessageContaining("Corrupt JSON in " + KEY);
  }

  @Test
  void theRunFileIsValidatedToo() {
    assertThatThrownBy(() -> RunInfo.decode("{\"job\": 3}".getBytes(StandardCharsets.UTF_8), "runs/r/run.json"))
        .isInstanceOf(CorruptStateException.class)
        .hasMessageContaining("'job' must be a string, got 3")
        .hasMessageContaining("missing 'parameters' (an object)");
  }
}
