package io.sluice.dedup;

import java.time.Duration;
import java.util.Optional;

/**
 * Makes a side effect outside the object store (a database write, a notification, a call to another
 * service) happen once although the task that does it may run more than once.
 *
 * <p>Sluice runs tasks at least once: an executor may be retried after it did its work, and two
 * attempts of one task may run at the same time. Task outputs are exactly-once through
 * first-commit-wins; a side effect is not, unless each attempt first claims the effect's key here:
 *
 * <ol>
 *   <li>{@link #begin} claims the key for one attempt for a lease. {@link Claim.Status#ACQUIRED}: do
 *       the effect. {@link Claim.Status#DONE}: an earlier attempt did it; skip. {@link
 *       Claim.Status#BUSY}: another attempt holds the lease; fail this attempt (retryable) and let the
 *       retry find the effect done or the lease expired.
 *   <li>{@link #complete} records that the effect is done, kept for a retention period within which a
 *       later attempt skips it.
 *   <li>{@link #release} gives the key up when the effect failed, so the next attempt may claim it.
 * </ol>
 *
 * <p>A lease that is neither completed nor released (the attempt crashed, or Lambda's 15 minutes ran
 * out) expires by itself, so a crash never blocks the retry for ever: choose the lease as the task's
 * remaining time ({@code TaskContext.remaining()}) plus a margin. A record is <em>expired</em> when
 * its expiry time has passed on the store's clock, whether or not the server has deleted it yet
 * (DynamoDB deletes TTL-expired items lazily, within days): every implementation treats an expired
 * record as absent, and taking over an expired record is itself atomic, so two attempts never both
 * acquire it.
 *
 * <p>What this guarantees: at most one attempt holds an unexpired lease on a key; once an attempt has
 * completed, no attempt acquires the key again within the retention. What it cannot: an attempt that
 * does the effect but outlives its lease may find, at {@link #complete}, that another attempt has
 * taken the key over; it then gets a {@link ClaimLostException} and the effect may have happened
 * twice. Leases longer than the task can run rule that out.
 *
 * <p>Implementations: {@link ObjectStoreDedupStore} (the object store's own create-if-absent; no
 * extra service), and the DynamoDB and PostgreSQL stores of the {@code sluice-dedup-dynamodb} and
 * {@code sluice-dedup-postgres} modules. Every implementation passes {@code DedupStoreContract} in
 * sluice-core's test jar. Implementations are thread-safe. See {@code docs/dedup.md}.
 */
public interface DedupStore {
  /** The longest key accepted, in characters (DynamoDB allows 2,048 bytes for a partition key). */
  int MAX_KEY_LENGTH = 1024;

  /**
   * Claims {@code key} for {@code attempt} for {@code lease}, unless it is done or held.
   *
   * <p>Claiming again with the attempt that holds the key renews its lease and returns {@link
   * Claim.Status#ACQUIRED}.
   *
   * @param key the effect's identity: deterministic, the same on every attempt of the task (for
   *     example the task's id and the name of the effect)
   * @param attempt this attempt's identity, different on every attempt (a random UUID will do)
   * @param lease how long the claim holds if this attempt neither completes nor releases it
   * @throws IllegalArgumentException if the key, attempt or lease is not valid
   * @throws DedupException if the store cannot be reached (retryable) or refuses the request
   */
  Claim begin(String key, String attempt, Duration lease);

  /**
   * Records that the effect of {@code key} is done: no attempt acquires it again for {@code
   * retention}. Completing a key this attempt has already completed does nothing.
   *
   * @throws ClaimLostException if {@code attempt} does not hold the key (its lease expired and another
   *     attempt claimed it, or it was never claimed)
   */
  void complete(String key, String attempt, Duration retention);

  /**
   * Gives up {@code attempt}'s claim on {@code key} so the next attempt may claim it at once. Does
   * nothing if the attempt does not hold the key (it is done, released, or held by another).
   */
  void release(String key, String attempt);

  /** The key's unexpired record, or empty if it has none or it has expired. */
  Optional<Claim> lookup(String key);

  /** Checks a key, attempt and duration as every implementation does. */
  static void validate(String key, String attempt, Duration duration) {
    if (key == null || key.isEmpty()) {
      throw new IllegalArgumentException("a dedup key must not be empty");
    }
    if (key.length() > MAX_KEY_LENGTH) {
      throw new IllegalArgumentException(
          "a dedup key must be at most " + MAX_KEY_LENGTH + " characters, got " + key.length());
    }
    if (attempt == null || attempt.isEmpty()) {
      throw new IllegalArgumentException("an attempt id must not be empty (key " + key + ")");
    }
    if (duration != null && (duration.isNegative() || duration.isZero())) {
      throw new IllegalArgumentException("a lease or retention must be positive, got " + duration + " (key " + key + ")");
    }
  }
}
