package io.sluice.dedup.postgres;

import io.sluice.dedup.Claim;
import io.sluice.dedup.ClaimLostException;
import io.sluice.dedup.DedupException;
import io.sluice.dedup.DedupStore;
import io.sluice.time.Clock;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;
import javax.sql.DataSource;

/**
 * A {@link DedupStore} in a PostgreSQL table: one row per key, claimed with {@code INSERT ... ON
 * CONFLICT DO UPDATE ... WHERE} so that inserting a new key and taking over an expired or released
 * one are the same atomic statement.
 *
 * <p>The table ({@link #createTable()} makes it):
 *
 * <pre>{@code
 * CREATE TABLE IF NOT EXISTS sluice_dedup (
 *   dedup_key  text PRIMARY KEY,
 *   attempt    text NOT NULL,
 *   state      text NOT NULL,     -- IN_PROGRESS or DONE
 *   expires_at bigint NOT NULL    -- epoch milliseconds of the client's clock
 * )
 * }</pre>
 *
 * <p>Expiry compares {@code expires_at} with the time of this store's {@link Clock}, passed into each
 * statement, never the server's {@code now()}: a row past its time counts as absent whether or not
 * {@link #purgeExpired()} has deleted it. A release deletes the row. Each call takes a connection from
 * the data source and runs in auto-commit; use a pool in production. Thread-safe.
 */
public final class PostgresDedupStore implements DedupStore {
  private static final Pattern TABLE = Pattern.compile("([a-z_][a-z0-9_]*\\.)?[a-z_][a-z0-9_]*");
  private static final int MAX_ROUNDS = 16;

  private final DataSource dataSource;
  private final String table;
  private final Clock clock;

  /**
   * A store in {@code table} (lower-case, optionally schema-qualified, e.g. {@code
   * "sluice_dedup"} or {@code "etl.sluice_dedup"}) of the database {@code dataSource} connects to.
   */
  public PostgresDedupStore(DataSource dataSource, String table, Clock clock) {
    this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
    this.clock = Objects.requireNonNull(clock, "clock");
    if (table == null || !TABLE.matcher(table).matches()) {
      throw new IllegalArgumentException("a dedup table name is lower-case letters, digits and '_', optionally "
          + "schema-qualified (e.g. sluice_dedup or etl.sluice_dedup), got: " + table);
    }
    this.table = table;
  }

  /** Creates the table if it does not exist (needs the CREATE privilege; or run the DDL above once). */
  public void createTable() {
    execute("create table " + table, c -> {
      try (Statement s = c.createStatement()) {
        s.execute("CREATE TABLE IF NOT EXISTS " + table + " (dedup_key text PRIMARY KEY, attempt text NOT NULL, "
            + "state text NOT NULL, expires_at bigint NOT NULL)");
      }
      return null;
    });
  }

  /** Deletes every expired row; returns how many. Optional housekeeping: expiry never depends on it. */
  public int purgeExpired() {
    return execute("purge expired keys", c -> {
      try (PreparedStatement s = c.prepareStatement("DELETE FROM " + table + " WHERE expires_at <= ?")) {
        s.setLong(1, clock.now().toEpochMilli());
        return s.executeUpdate();
      }
    });
  }

  @Override
  public Claim begin(String key, String attempt, Duration lease) {
    DedupStore.validate(key, attempt, lease);
    return execute("claim key '" + key + "'", c -> {
      for (int round = 0; round < MAX_ROUNDS; round++) {
        Instant at = clock.now();
        long now = at.toEpochMilli();
        long until = at.plus(lease).toEpochMilli();
        try (PreparedStatement s = c.prepareStatement("INSERT INTO " + table + " AS t (dedup_key, attempt, state, expires_at) "
            + "VALUES (?, ?, 'IN_PROGRESS', ?) ON CONFLICT (dedup_key) DO UPDATE SET attempt = EXCLUDED.attempt, "
            + "state = EXCLUDED.state, expires_at = EXCLUDED.expires_at WHERE t.expires_at <= ? "
            + "OR (t.state = 'IN_PROGRESS' AND t.attempt = EXCLUDED.attempt) RETURNING attempt")) {
          s.setString(1, key);
          s.setString(2, attempt);
          s.setLong(3, until);
          s.setLong(4, now);
          try (ResultSet r = s.executeQuery()) {
            if (r.next()) {
              return new Claim(Claim.Status.ACQUIRED, attempt, Instant.ofEpochMilli(until));
            }
          }
        }
        Optional<Claim> held = read(c, key, now);
        if (held.isPresent()) {
          return held.get();
        }
        // released or expired between the two statements: claim again
      }
      throw new DedupException("dedup key '" + key + "' changed " + MAX_ROUNDS + " times during one claim; try again",
          null, true);
    });
  }

  @Override
  public void complete(String key, String attempt, Duration retention) {
    DedupStore.validate(key, attempt, retention);
    execute("complete key '" + key + "'", c -> {
      try (PreparedStatement s = c.prepareStatement("UPDATE " + table + " SET state = 'DONE', expires_at = ? "
          + "WHERE dedup_key = ? AND attempt = ? AND state = 'IN_PROGRESS'")) {
        s.setLong(1, clock.now().plus(retention).toEpochMilli());
        s.setString(2, key);
        s.setString(3, attempt);
        if (s.executeUpdate() == 1) {
          return null;
        }
      }
      try (PreparedStatement s = c.prepareStatement("SELECT attempt, state, expires_at FROM " + table + " WHERE dedup_key = ?")) {
        s.setString(1, key);
        try (ResultSet r = s.executeQuery()) {
          if (!r.next()) {
            throw ClaimLostException.notHeld(key, attempt, null);
          }
          String holder = r.getString(1);
          Claim.Status status = r.getString(2).equals("DONE") ? Claim.Status.DONE : Claim.Status.BUSY;
          if (holder.equals(attempt) && status == Claim.Status.DONE) {
            return null;
          }
          throw ClaimLostException.notHeld(key, attempt, new Claim(status, holder, Instant.ofEpochMilli(r.getLong(3))));
        }
      }
    });
  }

  @Override
  public void release(String key, String attempt) {
    DedupStore.validate(key, attempt, null);
    execute("release key '" + key + "'", c -> {
      try (PreparedStatement s = c.prepareStatement("DELETE FROM " + table
          + " WHERE dedup_key = ? AND attempt = ? AND state = 'IN_PROGRESS'")) {
        s.setString(1, key);
        s.setString(2, attempt);
        s.executeUpdate();
      }
      return null;
    });
  }

  @Override
  public Optional<Claim> lookup(String key) {
    DedupStore.validate(key, "lookup", null);
    return execute("look up key '" + key + "'", c -> read(c, key, clock.now().toEpochMilli()));
  }

  /** The key's row as a claim seen by another attempt, if it is live at {@code now}. */
  private Optional<Claim> read(Connection c, String key, long now) throws SQLException {
    try (PreparedStatement s = c.prepareStatement("SELECT attempt, state, expires_at FROM " + table
        + " WHERE dedup_key = ? AND expires_at > ?")) {
      s.setString(1, key);
      s.setLong(2, now);
      try (ResultSet r = s.executeQuery()) {
        if (!r.next()) {
          return Optional.empty();
        }
        Claim.Status status = r.getString(2).equals("DONE") ? Claim.Status.DONE : Claim.Status.BUSY;
        return Optional.of(new Claim(status, r.getString(1), Instant.ofEpochMilli(r.getLong(3))));
      }
    }
  }

  private interface Work<T> {
    T run(Connection c) throws SQLException;
  }

  private <T> T execute(String what, Work<T> work) {
    try (Connection c = dataSource.getConnection()) {
      c.setAutoCommit(true);
      return work.run(c);
    } catch (SQLException e) {
      throw translate(what, e);
    }
  }

  private DedupException translate(String what, SQLException e) {
    String state = e.getSQLState() == null ? "" : e.getSQLState();
    if (state.equals("42P01")) {
      return new DedupException("the dedup table " + table + " does not exist (could not " + what
          + "): create it with PostgresDedupStore.createTable() or the DDL in its javadoc", e, false);
    }
    if (state.equals("42501") || state.startsWith("28")) {
      return new DedupException("PostgreSQL refused to " + what + " in " + table + ": " + e.getMessage(), e, false);
    }
    // 08 connection, 40 serialization/deadlock, 53 resources, 57 operator intervention: transient.
    boolean retryable = state.isEmpty() || state.startsWith("08") || state.startsWith("40")
        || state.startsWith("53") || state.startsWith("57");
    return new DedupException("could not " + what + " in PostgreSQL table " + table + " (SQLState " + state + "): "
        + e.getMessage(), e, retryable);
  }
}
