package io.sluice;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sluice.internal.Wire;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The model's values in user types on the outside, JSON on the wire. */
class TypedValuesTest {
  record Chunk(String key, long offset, long length) {}

  @Test
  void aTaskReadsItsInputAndPositionInTheTypesTheyWereGivenIn() {
    TaskSpec spec = TaskSpec.of(new Chunk("in/a.csv", 0, 100));
    Task task = Wire.task("t1", "clean", Wire.input(spec), Wire.position(TaskOutcome.continueAt(42L)), 2);

    assertThat(spec.input(Chunk.class)).isEqualTo(new Chunk("in/a.csv", 0, 100));
    assertThat(task.input(Chunk.class)).isEqualTo(new Chunk("in/a.csv", 0, 100));
    assertThat(task.resumeFrom(Long.class)).contains(42L);
    assertThat(task.isContinuation()).isTrue();
    assertThat(task.attempt()).isEqualTo(2);
    assertThat(Wire.task("t2", "clean", Wire.input(spec), null, 1).resumeFrom(Long.class)).isEmpty();
  }

  @Test
  void anInputThatCannotBeWrittenAsJsonFailsWhereTheTaskIsPlanned() {
    assertThatThrownBy(() -> TaskSpec.of(new Object())).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> TaskSpec.of(null)).isInstanceOf(NullPointerException.class);
  }

  @Test
  void anOutcomeCarriesItsSummaryAndPosition() {
    TaskOutcome done = TaskOutcome.done(Map.of("rows", 3));
    TaskOutcome cont = TaskOutcome.continueAt(7, "part");

    assertThat(done.finished()).isTrue();
    assertThat(done.summary(Map.class)).contains(Map.of("rows", 3));
    assertThat(done.position(Integer.class)).isEmpty();
    assertThat(TaskOutcome.done().summary(Object.class)).isEmpty();
    assertThat(cont.finished()).isFalse();
    assertThat(cont.position(Integer.class)).contains(7);
    assertThat(cont.summary(String.class)).contains("part");
    assertThatThrownBy(() -> TaskOutcome.continueAt(null)).isInstanceOf(NullPointerException.class);
  }

  @Test
  void aResultKeepsWhatTheTaskProducedApartFromWhatItMeasured() {
    TaskResult r = Wire.result("t1", Wire.input(TaskSpec.of("in/a.csv")), null, Map.of("out.csv", "runs/x/out.csv"),
        Wire.summary(TaskOutcome.done(12)), null, new TaskMetrics(1, 100, 50, 7, 3, 1));

    assertThat(r.input(String.class)).isEqualTo("in/a.csv");
    assertThat(r.summary(Integer.class)).contains(12);
    assertThat(r.continued()).isFalse();
    assertThat(r.continuation(Long.class)).isEmpty();
    assertThat(r.resumedFrom(Long.class)).isEmpty();
    assertThat(r.output("out.csv")).isEqualTo("runs/x/out.csv");
    assertThat(r.metrics()).isEqualTo(new TaskMetrics(1, 100, 50, 7, 3, 1));
    assertThatThrownBy(() -> r.output("nope")).hasMessageContaining("has no output named 'nope'");
    assertThatThrownBy(() -> r.summary(Chunk.class)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("Chunk");
  }

  @Test
  void theWireReadsParametersOfAnyJsonTypeAsText() {
    var json = io.sluice.internal.Json.toTree(Map.of("limit", 3, "dry", true, "input", "in/"));

    assertThat(Wire.parameters("j", json).asMap()).containsExactlyInAnyOrderEntriesOf(
        Map.of("limit", "3", "dry", "true", "input", "in/"));
  }
}
