package io.sluice.table;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.local.store.FileSystemObjectStore;
import io.sluice.record.Row;
import io.sluice.store.ObjectStore;
import io.sluice.table.TableManifest.Change;
import java.math.BigDecimal;
import java.net.URI;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * DuckDB (the real engine, embedded, in memory) reads a table's live files, as the latest manifest
 * lists them, with {@code hive_partitioning}: row count, column sums and partition values equal the
 * input's. A plain glob (what listing engines do) sees the files a compaction replaced until vacuum.
 */
class TableCatalogDuckDbTest {
  static final String TABLE = "tables/orders/";

  @TempDir Path dir;

  @Test
  void duckDbReadsTheLiveFilesOfACompactedTableToTheInputsCountsAndSums() throws Exception {
    ObjectStore store = new FileSystemObjectStore(dir);
    TableManifest manifest = new TableManifest(store, TABLE);
    manifest.create(TableFixture.DEFINITION);
    List<Row> rows = TableFixture.rows(0, 3000, 21);
    manifest.commit(Change.append(TableFixture.write(store, TABLE, rows, 40, "t0")));
    TableSnapshot before = manifest.latestOrFail();
    long target = before.files().stream().mapToLong(DataFile::bytes).max().orElseThrow() * 4;
    URI uri = URI.create(dir.toUri() + "tables/orders/");
    TableSnapshot live = Compaction.compact(manifest, TableFixture.FORMAT, target, 2, uri).snapshot();
    assertThat(live.files().size()).isLessThan(before.files().size());

    long count = rows.size();
    long sumQty = rows.stream().mapToLong(r -> r.getInt(4)).sum();
    BigDecimal sumAmount = rows.stream().map(r -> r.getDecimal(3)).filter(a -> a != null).reduce(BigDecimal.ZERO, BigDecimal::add);
    long acme = rows.stream().filter(r -> "acme".equals(r.getString(1))).count();
    long y2024 = rows.stream().filter(r -> r.getTimestamp(2).isBefore(Instant.parse("2025-01-01T00:00:00Z"))
        && !r.getTimestamp(2).isBefore(Instant.parse("2024-01-01T00:00:00Z"))).count();

    String liveList = live.files().stream().map(f -> "'" + dir.resolve(TABLE + f.path()) + "'").collect(Collectors.joining(", "));
    String query = "SELECT count(*), sum(qty), sum(amount), count(*) FILTER (WHERE tenant = 'acme'),"
        + " count(*) FILTER (WHERE year = 2024) FROM read_parquet([%s], hive_partitioning = true)";
    try (Connection db = DriverManager.getConnection("jdbc:duckdb:"); Statement st = db.createStatement()) {
      try (ResultSet rs = st.executeQuery(query.formatted(liveList))) {
        assertThat(rs.next()).isTrue();
        assertThat(rs.getLong(1)).isEqualTo(count);
        assertThat(rs.getLong(2)).isEqualTo(sumQty);
        assertThat(rs.getBigDecimal(3)).isEqualByComparingTo(sumAmount);
        assertThat(rs.getLong(4)).isEqualTo(acme);
        assertThat(rs.getLong(5)).isEqualTo(y2024);
      }
      // A glob lists the directories: it also reads the replaced files, until vacuum deletes them.
      String glob = "'" + dir.resolve(TABLE) + "/*/*/*.parquet'";
      assertThat(count(st, glob)).isEqualTo(2 * count);
      manifest.vacuum(Instant.now().plusSeconds(60), 1);
      assertThat(count(st, glob)).isEqualTo(count);
    }
  }

  private static long count(Statement st, String files) throws Exception {
    try (ResultSet rs = st.executeQuery("SELECT count(*) FROM read_parquet(" + files + ", hive_partitioning = true)")) {
      rs.next();
      return rs.getLong(1);
    }
  }

  @Test
  void theCatalogListsEveryPartitionDuckDbFindsInTheLiveFiles() throws Exception {
    ObjectStore store = new FileSystemObjectStore(dir);
    TableManifest manifest = new TableManifest(store, TABLE);
    manifest.create(TableFixture.DEFINITION);
    List<Row> rows = TableFixture.rows(0, 500, 22);
    TableSnapshot s = manifest.commit(Change.append(TableFixture.write(store, TABLE, rows, 100, "t0")));
    List<String> fromCatalog = new ArrayList<>();
    for (TableCatalog.Partition p : new TableCatalog(TableFixture.DEFINITION, URI.create("s3://b/t/")).partitions(s)) {
      fromCatalog.add(p.values().get("year"));
    }
    String liveList = s.files().stream().map(f -> "'" + dir.resolve(TABLE + f.path()) + "'").collect(Collectors.joining(", "));
    List<String> fromDuckDb = new ArrayList<>();
    try (Connection db = DriverManager.getConnection("jdbc:duckdb:"); Statement st = db.createStatement();
        ResultSet rs = st.executeQuery("SELECT year::VARCHAR FROM read_parquet([" + liveList + "], hive_partitioning = true)"
            + " GROUP BY tenant, year")) {
      while (rs.next()) {
        fromDuckDb.add(rs.getString(1));
      }
    }
    assertThat(fromDuckDb).containsExactlyInAnyOrderElementsOf(fromCatalog);
  }
}
