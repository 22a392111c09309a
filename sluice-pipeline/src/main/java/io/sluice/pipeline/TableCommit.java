package io.sluice.pipeline;

import io.sluice.store.StoreLocation;
import io.sluice.table.DataFile;
import io.sluice.table.PartitionSpec;
import io.sluice.table.TableCatalog;
import io.sluice.table.TableDefinition;
import io.sluice.table.TableManifest;
import io.sluice.table.TableSnapshot;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Publishes what a stage wrote into a table: creates the table's manifest if there is none, commits
 * the stage's files as a new version ({@link Mode#APPEND} or {@link Mode#OVERWRITE}), rewrites the
 * Hive symlink manifests of the partitions it touched (when the table's URI is known: a location in
 * another store), and writes the stage's {@link ConvertReport} next to the table. Safe to repeat: a
 * completion retried after its commit finds its files live and commits nothing new.
 */
public final class TableCommit {
  /** How a stage's files join the table. */
  public enum Mode {
    /** Added to the live files; a file at a path already live is replaced (a rerun on the same input). */
    APPEND,
    /** Replace every live file: the table holds exactly this stage's files. */
    OVERWRITE
  }

  private static final com.fasterxml.jackson.databind.ObjectMapper REPORTS =
      new com.fasterxml.jackson.databind.ObjectMapper().enable(com.fasterxml.jackson.databind.SerializationFeature.INDENT_OUTPUT);

  private TableCommit() {}

  /** Commits {@code files} to the table at {@code table}; returns the snapshot that holds them. */
  public static TableSnapshot commit(StoreLocation table, Sink sink, PartitionSpec spec, List<DataFile> files, Mode mode,
      ConvertReport report) {
    TableManifest manifest = new TableManifest(table.store(), table.prefix());
    String name = sink.tableName() != null ? sink.tableName() : TableDefinition.nameFor(table.uri());
    TableSnapshot base = manifest.create(new TableDefinition(name, spec, sink.format().name()));
    TableSnapshot result = base;
    TableManifest.Change change = change(base, files, mode);
    boolean addressable = !"store".equals(table.uri().getScheme());
    if (change != null) {
      result = manifest.commit(change);
      if (addressable) {
        manifest.writeSymlinks(result, table.uri());
      }
    }
    if (addressable) {
      writeCatalog(table, result);
    }
    try {
      table.store().put(table.key(ConvertReport.key(report.run(), report.stage())), REPORTS.writeValueAsBytes(report));
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException("Cannot write the report of stage '" + report.stage() + "'", e);
    }
    return result;
  }

  /** The key (relative to the table) of the Athena/Glue statements that register the table as it is now. */
  public static final String CATALOG = "_sluice/catalog/athena.sql";

  /**
   * Writes {@value #CATALOG}: the table's {@code CREATE EXTERNAL TABLE} and one {@code ADD PARTITION}
   * per partition, then the same for the symlink table (readers that follow the manifest).
   */
  private static void writeCatalog(StoreLocation table, TableSnapshot snapshot) {
    TableCatalog catalog = new TableCatalog(snapshot.definition(), table.uri());
    StringBuilder sql = new StringBuilder("-- The table as of manifest version ").append(snapshot.version())
        .append(". Plain table (every file in the partition directories):\n");
    sql.append(catalog.createTable()).append(";\n");
    catalog.addPartitions(snapshot).forEach(a -> sql.append(a).append(";\n"));
    sql.append("-- or: ").append(catalog.repairTable()).append(";\n\n");
    sql.append("-- Symlink table: reads only the live files of the manifest (no duplicate while a compaction runs).\n");
    sql.append(catalog.createSymlinkTable()).append(";\n");
    catalog.addSymlinkPartitions(snapshot).forEach(a -> sql.append(a).append(";\n"));
    table.store().put(table.key(CATALOG), sql.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8));
  }

  /** The change that makes {@code base} hold {@code files} as {@code mode} says; null if it already does. */
  static TableManifest.Change change(TableSnapshot base, List<DataFile> files, Mode mode) {
    Map<String, DataFile> live = new HashMap<>();
    base.files().forEach(f -> live.put(f.path(), f));
    List<DataFile> added = new ArrayList<>();
    List<DataFile> removed = new ArrayList<>();
    Set<String> paths = new HashSet<>();
    for (DataFile f : files) {
      paths.add(f.path());
      DataFile old = live.get(f.path());
      if (f.equals(old)) {
        continue;
      }
      if (old != null) {
        removed.add(old);
      }
      added.add(f);
    }
    if (mode == Mode.OVERWRITE) {
      for (DataFile f : base.files()) {
        if (!paths.contains(f.path())) {
          removed.add(f);
        }
      }
    }
    if (added.isEmpty() && removed.isEmpty()) {
      return null;
    }
    return new TableManifest.Change(mode == Mode.APPEND ? TableManifest.APPEND : "overwrite", added, removed);
  }
}
