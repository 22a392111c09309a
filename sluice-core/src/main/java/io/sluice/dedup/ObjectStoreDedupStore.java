package io.sluice.dedup;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sluice.internal.Json;
import io.sluice.store.ObjectInfo;
import io.sluice.store.ObjectKeys;
import io.sluice.store.ObjectNotFoundException;
import io.sluice.store.ObjectStore;
import io.sluice.store.StoreException;
import io.sluice.time.Clock;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A {@link DedupStore} on the object store's own create-if-absent: no service beyond the store the run
 * already uses (S3's {@code If-None-Match: *}, the directory store's atomic link).
 *
 * <p>An object store can create an object if absent but cannot replace one conditionally, so each key
 * is a log: every change of state (claimed, renewed, done, released) is a new object {@code
 * <prefix><key>/<n>.json} with the next number {@code n}, written with {@link
 * ObjectStore#putIfAbsent}. The number is the lock: of two attempts that read the same latest entry
 * and both try to write {@code n + 1}, exactly one succeeds, and the other reads again. The key's state
 * is its highest-numbered entry. Entries older than the latest two are deleted as the log grows
 * (from the listing the change was based on; a reader that finds one gone reads again), so a key
 * holds two or three small objects.
 *
 * <p>Costs per call: one listing of the key's entries plus one GET, and one conditional PUT for a
 * change. Expiry reads this store's {@link Clock}; executors' clocks on AWS are synchronised to within
 * milliseconds, far below any sensible lease.
 *
 * <p>Keys are percent-encoded into one path segment (so {@code a/b} and {@code a%2Fb} stay distinct);
 * a key whose encoding would be long is named by its SHA-256 instead.
 */
public final class ObjectStoreDedupStore implements DedupStore {
  private static final int MAX_ROUNDS = 64;
  private static final int ENCODED_LIMIT = 200;

  private final ObjectStore store;
  private final String prefix;
  private final Clock clock;

  /**
   * A dedup store keeping its records under {@code prefix} of {@code store} (e.g. {@code "_dedup/"};
   * empty for the store's root).
   */
  public ObjectStoreDedupStore(ObjectStore store, String prefix, Clock clock) {
    this.store = Objects.requireNonNull(store, "store");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.prefix = Objects.requireNonNull(prefix, "prefix");
    if (!prefix.isEmpty()) {
      ObjectKeys.validatePrefix(prefix);
    }
  }

  private enum State { IN_PROGRESS, DONE, RELEASED }

  /** One entry of a key's log, with the keys of the log as listed when it was read. */
  private record Entry(long number, State state, String attempt, Instant expiresAt, List<String> log) {
    Entry(long number, State state, String attempt, Instant expiresAt) {
      this(number, state, attempt, expiresAt, List.of());
    }

    /** This entry as another attempt sees it; null for a released key. */
    Claim claim() {
      return state == State.RELEASED ? null
          : new Claim(state == State.DONE ? Claim.Status.DONE : Claim.Status.BUSY, attempt, expiresAt);
    }
  }

  @Override
  public Claim begin(String key, String attempt, Duration lease) {
    DedupStore.validate(key, attempt, lease);
    String dir = dir(key);
    for (int round = 0; round < MAX_ROUNDS; round++) {
      Entry latest = latest(dir);
      Instant now = clock.now();
      if (latest != null && live(latest, now)) {
        if (latest.state == State.DONE) {
          return new Claim(Claim.Status.DONE, latest.attempt, latest.expiresAt);
        }
        if (latest.state == State.IN_PROGRESS && !latest.attempt.equals(attempt)) {
          return new Claim(Claim.Status.BUSY, latest.attempt, latest.expiresAt);
        }
      }
      // No record, released, expired, or this attempt's own lease: write the next entry.
      Entry next = new Entry(number(latest) + 1, State.IN_PROGRESS, attempt, now.plus(lease));
      if (write(dir, next, latest)) {
        return new Claim(Claim.Status.ACQUIRED, attempt, next.expiresAt);
      }
    }
    throw contention(key);
  }

  @Override
  public void complete(String key, String attempt, Duration retention) {
    DedupStore.validate(key, attempt, retention);
    String dir = dir(key);
    for (int round = 0; round < MAX_ROUNDS; round++) {
      Entry latest = latest(dir);
      if (latest != null && latest.attempt.equals(attempt) && latest.state == State.DONE) {
        return;
      }
      if (latest == null || !latest.attempt.equals(attempt) || latest.state != State.IN_PROGRESS) {
        throw ClaimLostException.notHeld(key, attempt, latest == null ? null : latest.claim());
      }
      // Still ours, even past the lease if nobody took it over: nobody else can have done the effect.
      if (write(dir, new Entry(latest.number + 1, State.DONE, attempt, clock.now().plus(retention)), latest)) {
        return;
      }
    }
    throw contention(key);
  }

  @Override
  public void release(String key, String attempt) {
    DedupStore.validate(key, attempt, null);
    String dir = dir(key);
    for (int round = 0; round < MAX_ROUNDS; round++) {
      Entry latest = latest(dir);
      if (latest == null || latest.state != State.IN_PROGRESS || !latest.attempt.equals(attempt)) {
        return;
      }
      if (write(dir, new Entry(latest.number + 1, State.RELEASED, attempt, clock.now()), latest)) {
        return;
      }
    }
    throw contention(key);
  }

  @Override
  public Optional<Claim> lookup(String key) {
    DedupStore.validate(key, "lookup", null);
    Entry latest = latest(dir(key));
    if (latest == null || !live(latest, clock.now())) {
      return Optional.empty();
    }
    return Optional.of(latest.claim());
  }

  private static boolean live(Entry entry, Instant now) {
    return entry.state != State.RELEASED && now.isBefore(entry.expiresAt);
  }

  private static long number(Entry entry) {
    return entry == null ? 0 : entry.number;
  }

  private static DedupException contention(String key) {
    return new DedupException("dedup key '" + key + "' changed " + MAX_ROUNDS
        + " times while this attempt tried to update it; try again", null, true);
  }

  /** The key's latest entry, or null if it has none. Re-reads when an entry vanishes under it. */
  private Entry latest(String dir) {
    for (int round = 0; round < MAX_ROUNDS; round++) {
      List<String> keys = new ArrayList<>();
      for (ObjectInfo info : store.listAll(dir)) {
        keys.add(info.key());
      }
      if (keys.isEmpty()) {
        return null;
      }
      String last = keys.get(keys.size() - 1);
      try {
        return parse(last, store.get(last), keys);
      } catch (ObjectNotFoundException gone) {
        // deleted by a writer that moved on: read the log again
      }
    }
    throw new DedupException("the dedup log under " + dir + " kept changing while being read", null, true);
  }

  /**
   * Writes {@code entry} if its number is free; on success prunes the entries of the log that {@code
   * read} (the entry it follows, null for a new key) was listed with, as far as they are old.
   */
  private boolean write(String dir, Entry entry, Entry read) {
    ObjectNode json = Json.MAPPER.createObjectNode();
    json.put("state", entry.state.name());
    json.put("attempt", entry.attempt);
    json.put("expiresAt", entry.expiresAt.toString());
    byte[] bytes;
    try {
      bytes = Json.MAPPER.writeValueAsBytes(json);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
    if (!store.putIfAbsent(dir + entryName(entry.number), bytes)) {
      return false;
    }
    if (read != null && entry.number > 2) {
      prune(read.log, entry.number - 1);
    }
    return true;
  }

  /**
   * Best effort: deletes the entries of {@code log} numbered below {@code keepFrom}. Entries written
   * since {@code log} was listed are newer, so none of them is old.
   */
  private void prune(List<String> log, long keepFrom) {
    List<String> old = new ArrayList<>();
    for (String key : log) {
      if (numberOf(key) < keepFrom) {
        old.add(key);
      }
    }
    if (old.isEmpty()) {
      return;
    }
    try {
      store.deleteAll(old);
    } catch (StoreException e) {
      // leftovers cost a little listing and are pruned by the next change
    }
  }

  private static String entryName(long number) {
    return String.format("%019d.json", number);
  }

  private static long numberOf(String key) {
    String name = key.substring(key.lastIndexOf('/') + 1);
    try {
      return Long.parseLong(name.substring(0, name.length() - ".json".length()));
    } catch (RuntimeException e) {
      return Long.MAX_VALUE; // not ours: never pruned
    }
  }

  private static Entry parse(String key, byte[] bytes, List<String> log) {
    try {
      JsonNode json = Json.MAPPER.readTree(bytes);
      return new Entry(numberOf(key), State.valueOf(json.get("state").asText()), json.get("attempt").asText(),
          Instant.parse(json.get("expiresAt").asText()), log);
    } catch (IOException | RuntimeException e) {
      throw new DedupException("the dedup record " + key + " is corrupt (" + e.getMessage()
          + "); delete it to let the key be claimed again", e, false);
    }
  }

  private String dir(String key) {
    StringBuilder encoded = new StringBuilder();
    for (byte b : key.getBytes(StandardCharsets.UTF_8)) {
      int c = b & 0xff;
      if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '_' || c == '.') {
        encoded.append((char) c);
      } else {
        encoded.append('%').append(HexFormat.of().withUpperCase().toHexDigits((byte) c));
      }
    }
    String segment = encoded.length() <= ENCODED_LIMIT ? "k-" + encoded : "h-" + sha256(key);
    return prefix + segment + "/";
  }

  private static String sha256(String key) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
