package io.sluice.dedup;

import java.time.Duration;
import java.util.Objects;
import java.util.UUID;

/**
 * Runs a side effect at most once per key, through a {@link DedupStore}. In a task:
 *
 * <pre>{@code
 * boolean sent = Dedup.once(store, "notify/" + taskId, ctx.remaining().plusMinutes(1), () -> mailer.send(report));
 * }</pre>
 *
 * <p>Each call is one attempt with its own random id. The effect runs only if this attempt acquires
 * the key; if it throws, the key is released (so the retry may run it) and the exception is rethrown;
 * if it returns, the key is completed for {@link #DEFAULT_RETENTION}.
 */
public final class Dedup {
  /** How long a done effect is remembered by default: longer than any run is retried. */
  public static final Duration DEFAULT_RETENTION = Duration.ofDays(7);

  /** A side effect that may throw. */
  @FunctionalInterface
  public interface Effect {
    /** Performs the effect. */
    void run() throws Exception;
  }

  private Dedup() {}

  /**
   * Runs {@code effect} unless an attempt has already done it for {@code key}.
   *
   * @param lease how long this attempt holds the key if it crashes: the task's remaining time plus a
   *     margin
   * @return true if this call ran the effect, false if it was already done
   * @throws DedupBusyException if another attempt holds the key (retryable: fail the task)
   * @throws Exception what the effect threw, after the key was released
   */
  public static boolean once(DedupStore store, String key, Duration lease, Effect effect) throws Exception {
    return once(store, key, lease, DEFAULT_RETENTION, effect);
  }

  /** As {@link #once(DedupStore, String, Duration, Effect)}, keeping the done record for {@code retention}. */
  public static boolean once(DedupStore store, String key, Duration lease, Duration retention, Effect effect)
      throws Exception {
    Objects.requireNonNull(effect, "effect");
    String attempt = UUID.randomUUID().toString();
    Claim claim = store.begin(key, attempt, lease);
    switch (claim.status()) {
      case DONE:
        return false;
      case BUSY:
        throw new DedupBusyException(key, claim.attempt(), claim.expiresAt());
      case ACQUIRED:
        break;
    }
    try {
      effect.run();
    } catch (Exception | Error e) {
      try {
        store.release(key, attempt);
      } catch (RuntimeException releaseFailure) {
        e.addSuppressed(releaseFailure); // the lease expires by itself
      }
      throw e;
    }
    store.complete(key, attempt, retention);
    return true;
  }
}
