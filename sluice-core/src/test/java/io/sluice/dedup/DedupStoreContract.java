package io.sluice.dedup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sluice.time.ManualClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The specification every {@link DedupStore} meets. An implementation's test extends this class and
 * returns a store over fresh, empty state that reads time from the given clock (the servers' own
 * clocks are never consulted: expiry compares against the client's time, so a manual clock can move
 * it). Published in sluice-core's test jar.
 */
public abstract class DedupStoreContract {
  private static final Duration LEASE = Duration.ofMinutes(16);
  private static final Duration RETENTION = Duration.ofDays(7);

  protected ManualClock clock;
  protected DedupStore store;

  /** A store over fresh, empty state whose expiry reads {@code clock}. */
  protected abstract DedupStore newStore(ManualClock clock) throws Exception;

  @BeforeEach
  void createStore() throws Exception {
    clock = new ManualClock(Instant.parse("2026-01-01T00:00:00Z"));
    store = newStore(clock);
  }

  @Test
  void theFirstAttemptAcquiresAndTheNextIsBusy() {
    Claim first = store.begin("k", "a1", LEASE);
    assertThat(first).isEqualTo(new Claim(Claim.Status.ACQUIRED, "a1", clock.now().plus(LEASE)));

    Claim second = store.begin("k", "a2", LEASE);
    assertThat(second.status()).isEqualTo(Claim.Status.BUSY);
    assertThat(second.attempt()).isEqualTo("a1");
    assertThat(second.expiresAt()).isEqualTo(first.expiresAt());
    assertThat(store.lookup("k")).contains(new Claim(Claim.Status.BUSY, "a1", first.expiresAt()));
  }

  @Test
  void aCompletedKeyIsDoneForEveryLaterAttempt() {
    store.begin("k", "a1", LEASE);
    clock.advance(Duration.ofSeconds(5));
    store.complete("k", "a1", RETENTION);
    Instant doneUntil = clock.now().plus(RETENTION);

    assertThat(store.begin("k", "a2", LEASE)).isEqualTo(new Claim(Claim.Status.DONE, "a1", doneUntil));
    assertThat(store.begin("k", "a1", LEASE).status()).isEqualTo(Claim.Status.DONE);
    clock.advance(LEASE.multipliedBy(10)); // leases are long past, the retention is not
    assertThat(store.begin("k", "a3", LEASE).status()).isEqualTo(Claim.Status.DONE);
    assertThat(store.lookup("k")).contains(new Claim(Claim.Status.DONE, "a1", doneUntil));
  }

  @Test
  void completingTwiceIsHarmless() {
    store.begin("k", "a1", LEASE);
    store.complete("k", "a1", RETENTION);
    store.complete("k", "a1", RETENTION);
    assertThat(store.lookup("k").orElseThrow().status()).isEqualTo(Claim.Status.DONE);
  }

  @Test
  void aReleasedKeyCanBeClaimedAtOnce() {
    store.begin("k", "a1", LEASE);
    store.release("k", "a1");
    assertThat(store.lookup("k")).isEmpty();
    assertThat(store.begin("k", "a2", LEASE).status()).isEqualTo(Claim.Status.ACQUIRED);
  }

  @Test
  void onlyTheHolderCanRelease() {
    store.begin("k", "a1", LEASE);
    store.release("k", "a2");
    assertThat(store.begin("k", "a3", LEASE).status()).isEqualTo(Claim.Status.BUSY);
    store.complete("k", "a1", RETENTION);
    store.release("k", "a1"); // done stays done
    assertThat(store.begin("k", "a3", LEASE).status()).isEqualTo(Claim.Status.DONE);
  }

  @Test
  void releasingAnUnknownKeyDoesNothing() {
    store.release("never-claimed", "a1");
    assertThat(store.lookup("never-claimed")).isEmpty();
  }

  @Test
  void anExpiredLeaseIsTakenOverAndTheOldHolderLosesIt() {
    store.begin("k", "a1", LEASE);
    clock.advance(LEASE.minusSeconds(1));
    assertThat(store.begin("k", "a2", LEASE).status()).isEqualTo(Claim.Status.BUSY);
    clock.advance(Duration.ofSeconds(1)); // the lease ends: expired exactly at its end
    assertThat(store.lookup("k")).isEmpty();

    assertThat(store.begin("k", "a2", LEASE).status()).isEqualTo(Claim.Status.ACQUIRED);
    assertThatThrownBy(() -> store.complete("k", "a1", RETENTION))
        .isInstanceOf(ClaimLostException.class)
        .hasMessageContaining("a1")
        .hasMessageContaining("'k'");
    store.complete("k", "a2", RETENTION);
    assertThat(store.lookup("k").orElseThrow().attempt()).isEqualTo("a2");
  }

  @Test
  void aHolderPastItsLeaseMayCompleteIfNobodyTookOver() {
    store.begin("k", "a1", LEASE);
    clock.advance(LEASE.plusMinutes(1));
    store.complete("k", "a1", RETENTION);
    assertThat(store.begin("k", "a2", LEASE).status()).isEqualTo(Claim.Status.DONE);
  }

  @Test
  void theHolderRenewsItsLeaseByClaimingAgain() {
    store.begin("k", "a1", LEASE);
    clock.advance(LEASE.minusMinutes(1));
    Claim renewed = store.begin("k", "a1", LEASE);
    assertThat(renewed).isEqualTo(new Claim(Claim.Status.ACQUIRED, "a1", clock.now().plus(LEASE)));
    clock.advance(Duration.ofMinutes(2)); // past the first lease, inside the renewed one
    assertThat(store.begin("k", "a2", LEASE).status()).isEqualTo(Claim.Status.BUSY);
  }

  @Test
  void aDoneRecordExpiresAfterItsRetention() {
    store.begin("k", "a1", LEASE);
    store.complete("k", "a1", Duration.ofHours(1));
    clock.advance(Duration.ofHours(1));
    assertThat(store.lookup("k")).isEmpty();
    assertThat(store.begin("k", "a2", LEASE).status()).isEqualTo(Claim.Status.ACQUIRED);
  }

  @Test
  void completingWithoutAClaimFails() {
    assertThatThrownBy(() -> store.complete("k", "a1", RETENTION))
        .isInstanceOf(ClaimLostException.class)
        .hasMessageContaining("never claimed");
    store.begin("k", "a1", LEASE);
    assertThatThrownBy(() -> store.complete("k", "a2", RETENTION)).isInstanceOf(ClaimLostException.class);
  }

  @Test
  void keysAreIndependentAndMayHoldAnyCharacters() {
    List<String> keys = List.of("a/b", "a%2Fb", "a b", "A/B", "caf\u00e9", "\ud83d\ude00", "x".repeat(DedupStore.MAX_KEY_LENGTH),
        "x".repeat(DedupStore.MAX_KEY_LENGTH - 1) + "y", "task/0007/notify", ".", "..");
    for (String key : keys) {
      assertThat(store.begin(key, "a-" + key.hashCode(), LEASE).status()).as(key).isEqualTo(Claim.Status.ACQUIRED);
    }
    store.complete("a/b", "a-" + "a/b".hashCode(), RETENTION);
    for (String key : keys) {
      Claim.Status expected = key.equals("a/b") ? Claim.Status.DONE : Claim.Status.BUSY;
      assertThat(store.begin(key, "other", LEASE).status()).as(key).isEqualTo(expected);
    }
  }

  @Test
  void badArgumentsAreRefusedClearly() {
    assertThatThrownBy(() -> store.begin("", "a1", LEASE)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("empty");
    assertThatThrownBy(() -> store.begin("k", "", LEASE)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("attempt");
    assertThatThrownBy(() -> store.begin("k", "a1", Duration.ZERO)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("positive");
    assertThatThrownBy(() -> store.begin("x".repeat(DedupStore.MAX_KEY_LENGTH + 1), "a1", LEASE))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("at most");
    assertThat(store.lookup("k")).isEmpty();
  }

  @Test
  void concurrentAttemptsHaveExactlyOneWinner() throws Exception {
    Map<Claim.Status, Long> fresh = race(16, i -> store.begin("race", "a" + i, LEASE).status());
    assertThat(fresh).isEqualTo(Map.of(Claim.Status.ACQUIRED, 1L, Claim.Status.BUSY, 15L));
  }

  @Test
  void concurrentTakeoversOfAnExpiredLeaseHaveExactlyOneWinner() throws Exception {
    store.begin("race", "crashed", LEASE);
    clock.advance(LEASE.plusSeconds(1));
    Map<Claim.Status, Long> takeover = race(16, i -> store.begin("race", "b" + i, LEASE).status());
    assertThat(takeover).isEqualTo(Map.of(Claim.Status.ACQUIRED, 1L, Claim.Status.BUSY, 15L));
  }

  @Test
  void onceRunsAnEffectOnceAndRetriesItAfterAFailure() throws Exception {
    AtomicInteger runs = new AtomicInteger();
    assertThatThrownBy(() -> Dedup.once(store, "effect", LEASE, () -> {
      runs.incrementAndGet();
      throw new IllegalStateException("the mail server said no");
    })).isInstanceOf(IllegalStateException.class);
    assertThat(store.lookup("effect")).isEmpty(); // released: the retry may run it

    assertThat(Dedup.once(store, "effect", LEASE, runs::incrementAndGet)).isTrue();
    assertThat(Dedup.once(store, "effect", LEASE, runs::incrementAndGet)).isFalse();
    assertThat(runs).hasValue(2);

    store.begin("held", "other", LEASE);
    assertThatThrownBy(() -> Dedup.once(store, "held", LEASE, runs::incrementAndGet))
        .isInstanceOf(DedupBusyException.class)
        .satisfies(e -> assertThat(((DedupException) e).retryable()).isTrue());
    assertThat(runs).hasValue(2);
  }

  private <T> Map<T, Long> race(int threads, Function<Integer, T> attempt) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      CountDownLatch start = new CountDownLatch(1);
      List<Future<T>> futures = new ArrayList<>();
      for (int i = 0; i < threads; i++) {
        int n = i;
        Callable<T> call = () -> {
          start.await();
          return attempt.apply(n);
        };
        futures.add(pool.submit(call));
      }
      start.countDown();
      List<T> results = new ArrayList<>();
      for (Future<T> f : futures) {
        results.add(f.get(60, TimeUnit.SECONDS));
      }
      return results.stream().collect(Collectors.groupingBy(r -> r, Collectors.counting()));
    } finally {
      pool.shutdownNow();
    }
  }
}
