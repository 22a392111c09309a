package io.sluice.run;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.driver.Decision;
import io.sluice.TestJson;
import io.sluice.local.store.FileSystemObjectStore;
import io.sluice.store.ObjectStore;
import java.nio.file.Path;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RunStatusTest {
  @TempDir Path dir;
  static final Instant NOW = Instant.parse("2026-11-25T12:00:00Z");

  static void step(ObjectStore store, RunLayout layout, long seq) {
    RunState s = RunState.initial("job", layout.runId(), "first").toBuilder().seq(seq)
        .decision(new Decision(layout.runId(), seq, Decision.RUN_DRIVER, null, null, null, null, null)).build();
    store.put(layout.driverState(seq), s.toJson());
  }

  @Test
  void theLatestStepIsFoundFromALaggingPointerOrWithoutOne() {
    ObjectStore store = new FileSystemObjectStore(dir);
    RunLayout layout = new RunLayout("r");
    assertThat(RunState.latestSeq(store, layout)).isEmpty();
    for (long seq = 1; seq <= 5; seq++) {
      step(store, layout, seq);
    }
    RunState.recordLatest(store, layout, 3);
    assertThat(RunState.latestSeq(store, layout)).hasValue(5);
    store.delete(layout.latestStep());
    assertThat(RunState.latestSeq(store, layout)).hasValue(5);
    store.put(layout.latestStep(), "garbage".getBytes());
    assertThat(RunState.latestSeq(store, layout)).hasValue(5);
  }

  @Test
  void aRunIsLiveOnlyWhileItsProcessBeats() {
    ObjectStore store = new FileSystemObjectStore(dir);
    RunLayout layout = new RunLayout("r");
    store.put(layout.runFile(), new RunInfo("job", "r", TestJson.object(), NOW.toString()).toJson());
    step(store, layout, 1);
    assertThat(RunStatus.read(store, "r", NOW).orElseThrow().live()).as("no heartbeat").isFalse();

    long pid = ProcessHandle.current().pid();
    String host = RunHeartbeat.thisHost();
    store.put(layout.heartbeat(), RunHeartbeat.of(pid, host, "o", NOW, NOW.minusSeconds(1), 2_000).toJson());
    RunStatus live = RunStatus.read(store, "r", NOW).orElseThrow();
    assertThat(live.live()).isTrue();
    assertThat(live.heartbeat().orElseThrow().describe(NOW)).isEqualTo("pid " + pid + " on " + host + ", last beat 1 s ago");

    store.put(layout.heartbeat(), RunHeartbeat.of(pid, host, "o", NOW, NOW.minusSeconds(60), 2_000).toJson());
    assertThat(RunStatus.read(store, "r", NOW).orElseThrow().live()).as("stopped beating").isFalse();

    long dead = ProcessHandle.allProcesses().mapToLong(ProcessHandle::pid).max().orElse(1) + 1_000_000;
    store.put(layout.heartbeat(), RunHeartbeat.of(dead, host, "o", NOW, NOW, 2_000).toJson());
    assertThat(RunStatus.read(store, "r", NOW).orElseThrow().live()).as("its process is gone").isFalse();
  }

  @Test
  void aRunThatWasNeverStartedHasNoStatus() {
    assertThat(RunStatus.read(new FileSystemObjectStore(dir), "never", NOW)).isEmpty();
  }
}
