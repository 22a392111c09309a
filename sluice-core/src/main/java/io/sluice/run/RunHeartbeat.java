package io.sluice.run;

import io.sluice.internal.Json;
import io.sluice.store.ObjectNotFoundException;
import io.sluice.store.ObjectStore;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * {@code runs/RUN/heartbeat.json}: the process running a run, refreshed every few seconds while it
 * runs and deleted when it ends. A runtime that drives the loop itself (the local one) writes it, so
 * that a second process refuses to run the same run at once and {@code sluice status} can tell a live
 * run from one whose process died.
 *
 * @param pid the process id
 * @param host the host's name
 * @param owner a random id of the runtime instance holding the run (two runtimes of one process differ)
 * @param started when this process took the run (ISO-8601)
 * @param beat the latest refresh (ISO-8601)
 * @param intervalMillis how often it is refreshed
 */
public record RunHeartbeat(long pid, String host, String owner, String started, String beat, long intervalMillis) {
  /** A heartbeat of this process beating now. */
  public static RunHeartbeat of(long pid, String host, String owner, Instant started, Instant beat, long intervalMillis) {
    return new RunHeartbeat(pid, host, owner, started.toString(), beat.toString(), intervalMillis);
  }

  /** The same heartbeat, refreshed at {@code now}. */
  public RunHeartbeat beatAt(Instant now) {
    return new RunHeartbeat(pid, host, owner, started, now.toString(), intervalMillis);
  }

  /** Beats missed before a heartbeat counts as stale (its process died). */
  public static final int MISSED_BEATS = 3;

  /**
   * Whether the process still runs the run at {@code now}: beating within {@link #MISSED_BEATS}
   * intervals and, when it is on this host, its process alive.
   */
  public boolean live(Instant now, String thisHost) {
    if (host.equals(thisHost) && ProcessHandle.of(pid).map(p -> !p.isAlive()).orElse(true)) {
      return false;
    }
    return !Instant.parse(beat).plus(Duration.ofMillis(intervalMillis * MISSED_BEATS)).isBefore(now);
  }

  /** A one-line description, e.g. "pid 4242 on host-a, last beat 2 s ago". */
  public String describe(Instant now) {
    long ago = Math.max(0, Duration.between(Instant.parse(beat), now).toSeconds());
    return "pid " + pid + " on " + host + ", last beat " + ago + " s ago";
  }

  public byte[] toJson() {
    return Json.bytes(this);
  }

  /** The run's heartbeat, if there is one and it can be read; an unreadable one is treated as absent. */
  public static Optional<RunHeartbeat> read(ObjectStore store, RunLayout layout) {
    try {
      RunHeartbeat b = Json.parse(store.get(layout.heartbeat()), RunHeartbeat.class, layout.heartbeat());
      Instant.parse(b.beat());
      return Optional.of(b);
    } catch (ObjectNotFoundException e) {
      return Optional.empty();
    } catch (RuntimeException e) {
      // Derived, short-lived data: garbage (a write torn by a crash of an older store) means no live owner.
      return Optional.empty();
    }
  }

  /** This host's name, as heartbeats record it. */
  public static String thisHost() {
    try {
      return java.net.InetAddress.getLocalHost().getHostName();
    } catch (java.io.IOException e) {
      return "localhost";
    }
  }
}
