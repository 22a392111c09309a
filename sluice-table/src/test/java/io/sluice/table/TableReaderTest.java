package io.sluice.table;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sluice.local.store.FileSystemObjectStore;
import io.sluice.record.CsvFormat;
import io.sluice.record.Row;
import io.sluice.store.ObjectStore;
import io.sluice.table.TableManifest.Change;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Reading a snapshot: the table's rows, identity partition columns restored from the paths. */
class TableReaderTest {
  static final String TABLE = "t/";

  @TempDir Path dir;

  @Test
  void rowsComeBackWithTheTableSchemaIncludingNullAndEscapedPartitionValues() throws Exception {
    ObjectStore store = new FileSystemObjectStore(dir);
    TableManifest manifest = new TableManifest(store, TABLE);
    manifest.create(TableFixture.DEFINITION);
    List<Row> rows = TableFixture.rows(0, 300, 41);
    assertThat(rows).anyMatch(r -> r.isNull(1)).anyMatch(r -> "it's".equals(r.getString(1)));
    TableSnapshot s = manifest.commit(Change.append(TableFixture.write(store, TABLE, rows, 50, "a")));
    TableReader reader = new TableReader(store, TABLE, TableFixture.FORMAT);

    List<Row> read = reader.readAll(reader.latest());
    assertThat(read).allMatch(r -> r.schema().equals(TableFixture.SCHEMA));
    assertThat(read).containsExactlyInAnyOrderElementsOf(rows);
    assertThat(reader.forEach(s, r -> { })).isEqualTo(300);
  }

  @Test
  void aReaderOfAnotherFormatIsRefusedNamingBoth() {
    ObjectStore store = new FileSystemObjectStore(dir);
    TableManifest manifest = new TableManifest(store, TABLE);
    TableSnapshot s = manifest.create(TableFixture.DEFINITION);
    assertThatThrownBy(() -> new TableReader(manifest, CsvFormat.DEFAULT).readAll(s))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("Table 'orders' holds parquet files; this reader reads csv");
  }
}
