package io.sluice.table;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;

/**
 * One version of a table, as one manifest ({@code _sluice/manifests/00000007.json}) records it in full:
 * the table's definition, every live data file, and the operation that made this version from the one
 * before (which files it added and which it removed). Immutable.
 *
 * <p>A reader that reads the files of one snapshot reads every row of that version exactly once: no
 * duplicate (a compaction's inputs and outputs are never live together) and no gap (a file is live
 * from the version that added it until the version that removed it, and removed files are deleted
 * only by {@link TableManifest#vacuum}, after a grace period).
 *
 * @param version the version, from 1
 * @param definition the table's name, schema, partitioning and format
 * @param files the live data files, ordered by path
 * @param operation what made this version: {@value TableManifest#CREATE}, {@value TableManifest#APPEND},
 *     {@value TableManifest#COMPACT}
 * @param added the files this version added (all of them live in it), ordered by path
 * @param removed the files this version removed (none of them live in it), ordered by path
 * @param timestamp when the version was committed
 */
public record TableSnapshot(long version, TableDefinition definition, List<DataFile> files, String operation,
    List<DataFile> added, List<DataFile> removed, Instant timestamp) {
  /**
   * Checks the snapshot.
   *
   * @throws IllegalArgumentException if the version is not positive, two live files share a path, an
   *     added file is not live or a removed one is, or a file's partition values do not match the spec
   */
  public TableSnapshot {
    Objects.requireNonNull(definition, "definition");
    Objects.requireNonNull(operation, "operation");
    Objects.requireNonNull(timestamp, "timestamp");
    if (version < 1) {
      throw new IllegalArgumentException("Table version must be at least 1, was " + version);
    }
    files = sorted(files, "files", version);
    added = sorted(added, "added", version);
    removed = sorted(removed, "removed", version);
    Set<String> live = new HashSet<>();
    for (DataFile f : files) {
      live.add(f.path());
      checkPartition(definition, f, version);
    }
    for (DataFile f : added) {
      if (!live.contains(f.path())) {
        throw new IllegalArgumentException("Version " + version + " of table '" + definition.name() + "' adds '" + f.path()
            + "' but does not list it as live");
      }
    }
    for (DataFile f : removed) {
      if (live.contains(f.path())) {
        throw new IllegalArgumentException("Version " + version + " of table '" + definition.name() + "' removes '" + f.path()
            + "' but still lists it as live");
      }
    }
  }

  private static List<DataFile> sorted(List<DataFile> files, String what, long version) {
    Map<String, DataFile> byPath = new TreeMap<>();
    for (DataFile f : Objects.requireNonNull(files, what)) {
      if (byPath.put(f.path(), f) != null) {
        throw new IllegalArgumentException("Version " + version + " lists data file '" + f.path() + "' twice in its " + what);
      }
    }
    return List.copyOf(byPath.values());
  }

  private static void checkPartition(TableDefinition definition, DataFile f, long version) {
    PartitionSpec spec = definition.spec();
    String expected;
    try {
      expected = spec.path(f.partitionValues());
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("Version " + version + ", data file '" + f.path() + "': " + e.getMessage(), e);
    }
    if (!expected.equals(f.partition())) {
      throw new IllegalArgumentException("Version " + version + ", data file '" + f.path() + "' is in partition '"
          + f.partition() + "' but its partition values " + f.partitionValues() + " make '" + expected + "'");
    }
  }

  /** The live files by partition directory, partitions in path order, files in path order. */
  public Map<String, List<DataFile>> partitions() {
    Map<String, List<DataFile>> out = new TreeMap<>();
    for (DataFile f : files) {
      out.computeIfAbsent(f.partition(), p -> new ArrayList<>()).add(f);
    }
    Map<String, List<DataFile>> frozen = new LinkedHashMap<>();
    out.forEach((p, list) -> frozen.put(p, List.copyOf(list)));
    return Collections.unmodifiableMap(frozen);
  }

  /** The live files of partition directory {@code partition} ({@code ""} when unpartitioned), in path order. */
  public List<DataFile> files(String partition) {
    return files.stream().filter(f -> f.partition().equals(partition)).toList();
  }

  /** The live file at {@code path}, or null. */
  public DataFile file(String path) {
    for (DataFile f : files) {
      if (f.path().equals(path)) {
        return f;
      }
    }
    return null;
  }

  /** Rows in the live files, as the manifest records them. */
  public long rows() {
    return files.stream().mapToLong(DataFile::rows).sum();
  }

  /** Bytes of the live files, as the manifest records them. */
  public long bytes() {
    return files.stream().mapToLong(DataFile::bytes).sum();
  }

  @Override
  public String toString() {
    return "TableSnapshot[" + definition.name() + " v" + version + " " + operation + ", " + files.size() + " files, "
        + rows() + " rows, +" + added.size() + " -" + removed.size() + ", " + timestamp + "]";
  }
}
