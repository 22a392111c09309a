package io.sluice.time;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** Deadlines as a task's {@code shouldStop()} checks them. */
class DeadlineTest {
  @Test
  void aManualClocksDeadlinePassesOnTheFirstCheckAfterTimeMovesBeyondIt() {
    ManualClock clock = new ManualClock(Instant.parse("2026-11-01T00:00:00Z"));
    Deadline d = clock.deadline(clock.now().plusSeconds(10));

    assertThat(d.passed()).isFalse();
    clock.advance(Duration.ofSeconds(9));
    assertThat(d.passed()).isFalse();
    clock.advance(Duration.ofSeconds(1));
    assertThat(d.passed()).isTrue();
  }

  @Test
  void theWallClocksDeadlineHasPassedWhenItIsInThePastAndNotWhenItIsFarAhead() {
    Clock clock = Clock.system();

    assertThat(clock.deadline(Instant.now().minusSeconds(1)).passed()).isTrue();
    assertThat(clock.deadline(Instant.now().plus(Duration.ofHours(1))).passed()).isFalse();
    // Beyond what nanoseconds can count: "never", not an overflow into the past.
    assertThat(clock.deadline(Instant.MAX).passed()).isFalse();
    assertThat(clock.deadline(Instant.MIN).passed()).isTrue();
  }

  @Test
  void theWallClocksDeadlinePassesOnceItsTimeHasCome() throws InterruptedException {
    Instant at = Instant.now().plusMillis(50);
    Deadline d = Clock.system().deadline(at);

    long giveUp = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (!d.passed() && System.nanoTime() < giveUp) {
      Thread.sleep(5);
    }
    assertThat(d.passed()).isTrue();
  }
}
