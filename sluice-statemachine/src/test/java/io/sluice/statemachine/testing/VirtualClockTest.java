package io.sluice.statemachine.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

class VirtualClockTest {
  @Test
  void anUnregisteredSleeperWakesAtOnceAtItsDeadline() throws Exception {
    VirtualClock clock = new VirtualClock();
    clock.sleepUntil(clock.now().plusSeconds(90));
    assertThat(clock.elapsed()).isEqualTo(Duration.ofSeconds(90));
    clock.sleepUntil(VirtualClock.DEFAULT_START);
    assertThat(clock.elapsed()).isEqualTo(Duration.ofSeconds(90));
    assertThat(clock.sleeps()).isEqualTo(2);
  }

  @Test
  void advanceMovesTimeForward() {
    VirtualClock clock = new VirtualClock(Instant.parse("2030-01-01T00:00:00Z"));
    clock.advance(Duration.ofMinutes(2));
    assertThat(clock.now()).isEqualTo(Instant.parse("2030-01-01T00:02:00Z"));
    assertThatThrownBy(() -> clock.advance(Duration.ofSeconds(-1))).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void busyThreadsWakeInDeadlineOrderAndTimeTracksTheLongest() throws Exception {
    VirtualClock clock = new VirtualClock();
    List<String> woke = new CopyOnWriteArrayList<>();
    List<Thread> threads = new java.util.ArrayList<>();
    clock.busy(); // this thread, while it starts the others
    for (int seconds : new int[] {30, 10, 20}) {
      clock.busy();
      threads.add(Thread.ofVirtual().start(() -> {
        try {
          clock.sleepUntil(VirtualClock.DEFAULT_START.plusSeconds(seconds));
          woke.add(seconds + "@" + clock.elapsed().toSeconds());
          clock.sleepUntil(clock.now().plusSeconds(1));
          woke.add(seconds + "+1@" + clock.elapsed().toSeconds());
        } catch (InterruptedException e) {
          throw new IllegalStateException(e);
        } finally {
          clock.idle();
        }
      }));
    }
    clock.idle();
    for (Thread t : threads) {
      t.join();
    }
    assertThat(woke).containsExactly("10@10", "10+1@11", "20@20", "20+1@21", "30@30", "30+1@31");
    assertThat(clock.elapsed()).isEqualTo(Duration.ofSeconds(31));
  }

  @Test
  void timeStandsStillWhileAThreadIsBusy() throws Exception {
    VirtualClock clock = new VirtualClock();
    clock.busy(); // this thread
    clock.busy(); // the sleeper
    Thread sleeper = Thread.ofVirtual().start(() -> {
      try {
        clock.sleepUntil(clock.now().plusSeconds(5));
      } catch (InterruptedException e) {
        throw new IllegalStateException(e);
      } finally {
        clock.idle();
      }
    });
    Thread.sleep(50);
    assertThat(sleeper.isAlive()).isTrue();
    assertThat(clock.elapsed()).isZero();
    clock.idle();
    sleeper.join();
    assertThat(clock.elapsed()).isEqualTo(Duration.ofSeconds(5));
  }

  @Test
  void anInterruptedSleeperLeavesTheQueue() throws Exception {
    VirtualClock clock = new VirtualClock();
    clock.busy();
    Throwable[] thrown = new Throwable[1];
    clock.busy();
    Thread sleeper = Thread.ofVirtual().start(() -> {
      try {
        clock.sleepUntil(clock.now().plusSeconds(5));
      } catch (InterruptedException e) {
        thrown[0] = e;
      } finally {
        clock.idle();
      }
    });
    Thread.sleep(50);
    sleeper.interrupt();
    sleeper.join();
    assertThat(thrown[0]).isInstanceOf(InterruptedException.class);
    clock.idle();
    assertThat(clock.elapsed()).isZero();
  }
}
