package io.sluice.table;

import java.util.List;

/**
 * A commit to a table's manifests lost: another writer committed the version first ({@link
 * #blockingFiles()} empty: re-read the latest snapshot and apply the change again, which {@link
 * TableManifest#commit(TableManifest.Change)} does), or the change no longer applies to the latest
 * snapshot ({@link #blockingFiles()} names the files in the way: a compaction's inputs that another
 * commit removed, an append's files that are live already).
 */
public class TableManifestConflictException extends RuntimeException {
  private final String location;
  private final long version;
  private final List<String> blockingFiles;

  /**
   * @param message what happened and what to do
   * @param location the table's location in its store
   * @param version the version that could not be committed
   * @param blockingFiles the files that keep the change from applying; empty for a lost race
   */
  public TableManifestConflictException(String message, String location, long version, List<String> blockingFiles) {
    super(message);
    this.location = location;
    this.version = version;
    this.blockingFiles = List.copyOf(blockingFiles);
  }

  /** The table's location in its store. */
  public String location() {
    return location;
  }

  /** The version that could not be committed. */
  public long version() {
    return version;
  }

  /** The data files (paths relative to the table) that keep the change from applying; empty for a lost race. */
  public List<String> blockingFiles() {
    return blockingFiles;
  }
}
