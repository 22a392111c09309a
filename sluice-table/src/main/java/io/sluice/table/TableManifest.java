package io.sluice.table;

import io.sluice.store.ListRequest;
import io.sluice.store.ObjectInfo;
import io.sluice.store.ObjectKeys;
import io.sluice.store.ObjectNotFoundException;
import io.sluice.store.ObjectStore;
import io.sluice.table.internal.ManifestCodec;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The manifests of one table: which data files are live in each version, and how versions are
 * committed. A table is a prefix of an object store ({@code tables/orders/}) holding its data files in
 * Hive partition directories ({@code year=2024/month=03/part-t0001-00000.parquet}) and, under {@code
 * _sluice/}, its manifests and Hive symlink manifests:
 *
 * <pre>
 * tables/orders/_sluice/manifests/00000001.json     version 1: a full snapshot (ManifestCodec's JSON)
 * tables/orders/_sluice/manifests/00000002.json     version 2: ...
 * tables/orders/_sluice/symlink/year=2024/month=03/manifest   the partition's live files, one URI a line
 * </pre>
 *
 * <p><b>The protocol.</b> Each manifest is a full {@link TableSnapshot}, never a delta. A version is
 * committed by creating its manifest with the store's create-if-absent ({@link
 * ObjectStore#putIfAbsent}): of two writers of one version exactly one wins, and the other gets a
 * {@link TableManifestConflictException}. The <b>latest version is the highest-numbered manifest
 * listed</b> (listings are strongly consistent on S3 and in the local store, so a committed version is
 * listed by every later listing). A reader lists, reads that manifest, and reads its files: it never
 * sees a duplicate or a gap, because a file a compaction replaced stays in the store until {@link
 * #vacuum} deletes it after a grace period, which must be longer than any reader takes.
 *
 * <p>Writers write their data files first (anywhere in the table's partition directories, with names
 * no other writer uses), then commit. {@link #commit(Change)} re-reads and re-applies on a lost race,
 * when the change still applies: an append always does (unless its files are live already); a
 * compaction only if every file it removes is still live.
 *
 * <p>Thread-safe (it holds no state beyond the store and the location).
 */
public final class TableManifest {
  /** The operation of the first version: a table with no files. */
  public static final String CREATE = "create";
  /** The operation of a version that added files. */
  public static final String APPEND = "append";
  /** The operation of a version that replaced files by others holding the same rows. */
  public static final String COMPACT = "compact";
  /** Where, under the table's location, the manifests are. */
  public static final String MANIFESTS = "_sluice/manifests/";
  /** Where, under the table's location, the Hive symlink manifests are. */
  public static final String SYMLINKS = "_sluice/symlink/";
  /** The name of the symlink manifest file in each partition's symlink directory. */
  public static final String SYMLINK_FILE = "manifest";
  /** How many times {@link #commit(Change)} re-reads and re-applies before giving up. */
  public static final int MAX_COMMIT_ATTEMPTS = 100;

  private static final Pattern MANIFEST_NAME = Pattern.compile("(\\d{8,19})\\.json");

  private final ObjectStore store;
  private final String location;
  private final Clock clock;

  /**
   * The manifests of the table at {@code location} in {@code store}, timestamped by the system clock.
   *
   * @param location the table's prefix, {@code tables/orders/} (a missing final {@code /} is added;
   *     {@code ""} is the store's root)
   */
  public TableManifest(ObjectStore store, String location) {
    this(store, location, Clock.systemUTC());
  }

  /** As {@link #TableManifest(ObjectStore, String)}, with commits timestamped by {@code clock}. */
  public TableManifest(ObjectStore store, String location, Clock clock) {
    this.store = Objects.requireNonNull(store, "store");
    this.location = normalize(location);
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  static String normalize(String location) {
    Objects.requireNonNull(location, "location");
    String l = location.isEmpty() || location.endsWith("/") ? location : location + "/";
    ObjectKeys.validatePrefix(l);
    return l;
  }

  /** The table's prefix in its store, ending with {@code /} (or {@code ""}). */
  public String location() {
    return location;
  }

  /** The store the table is in. */
  public ObjectStore store() {
    return store;
  }

  /** The key of version {@code version}'s manifest: {@code <location>_sluice/manifests/00000007.json}. */
  public String manifestKey(long version) {
    return location + MANIFESTS + String.format("%08d", version) + ".json";
  }

  /** The key of a partition's symlink manifest: {@code <location>_sluice/symlink/year=2024/manifest}. */
  public String symlinkKey(String partition) {
    return location + SYMLINKS + partition + SYMLINK_FILE;
  }

  /** The versions whose manifests are listed now, in increasing order. */
  public List<Long> versions() {
    TreeSet<Long> versions = new TreeSet<>();
    String prefix = location + MANIFESTS;
    for (ObjectInfo o : store.listAll(prefix)) {
      Matcher m = MANIFEST_NAME.matcher(o.key().substring(prefix.length()));
      if (m.matches()) {
        versions.add(Long.parseLong(m.group(1)));
      }
    }
    return List.copyOf(versions);
  }

  /** The highest version listed, or empty if the table has no manifest. */
  public Optional<Long> latestVersion() {
    List<Long> v = versions();
    return v.isEmpty() ? Optional.empty() : Optional.of(v.get(v.size() - 1));
  }

  /**
   * The latest snapshot: the highest-numbered manifest listed; empty if there is none. If that
   * manifest disappears between the listing and the read ({@link #vacuum} removed it after newer
   * versions were committed), lists again.
   */
  public Optional<TableSnapshot> latest() {
    for (int attempt = 0; ; attempt++) {
      Optional<Long> v = latestVersion();
      if (v.isEmpty()) {
        return Optional.empty();
      }
      try {
        return Optional.of(snapshot(v.get()));
      } catch (ObjectNotFoundException e) {
        if (attempt >= 10) {
          throw e;
        }
      }
    }
  }

  /**
   * The latest snapshot.
   *
   * @throws IllegalStateException if the table has no manifest, saying how to create one
   */
  public TableSnapshot latestOrFail() {
    return latest().orElseThrow(() -> new IllegalStateException("No table at '" + location + "' in " + store
        + ": there is no manifest under '" + location + MANIFESTS + "'; create the table first (TableManifest.create)"));
  }

  /**
   * The snapshot of version {@code version}.
   *
   * @throws ObjectNotFoundException if it has no manifest (never committed, or vacuumed)
   * @throws IllegalArgumentException if the manifest is corrupt or holds another version
   */
  public TableSnapshot snapshot(long version) {
    String key = manifestKey(version);
    TableSnapshot s = ManifestCodec.read(store.get(key), key);
    if (s.version() != version) {
      throw new IllegalArgumentException("Manifest '" + key + "' holds version " + s.version() + ", not " + version);
    }
    return s;
  }

  /**
   * Creates the table: version 1, with no files. Creating a table that exists with the same definition
   * returns its latest snapshot (a retried create is harmless).
   *
   * @throws IllegalStateException if a table with another definition is at this location
   */
  public TableSnapshot create(TableDefinition definition) {
    Objects.requireNonNull(definition, "definition");
    TableSnapshot first = new TableSnapshot(1, definition, List.of(), CREATE, List.of(), List.of(), clock.instant());
    if (!store.putIfAbsent(manifestKey(1), ManifestCodec.write(first))) {
      TableSnapshot existing = latestOrFail();
      if (!existing.definition().equals(definition)) {
        throw new IllegalStateException("A table with another definition exists at '" + location + "': it is "
            + describe(existing.definition()) + ", not " + describe(definition)
            + "; choose another location or use the existing definition");
      }
      return existing;
    }
    return first;
  }

  private static String describe(TableDefinition d) {
    return "'" + d.name() + "' (" + d.schema().toSql() + ") partitioned by [" + d.spec() + "] in " + d.format();
  }

  /**
   * Commits {@code change} on top of {@code base} as version {@code base.version() + 1}, once.
   *
   * @return the committed snapshot; {@code base} itself if the change is already in it (a retried commit)
   * @throws TableManifestConflictException if another writer committed that version first, or the
   *     change does not apply to {@code base}
   */
  public TableSnapshot commit(TableSnapshot base, Change change) {
    Objects.requireNonNull(base, "base");
    Objects.requireNonNull(change, "change");
    if (change.appliedIn(base)) {
      return base;
    }
    TableSnapshot next = change.applyTo(base, clock.instant(), location);
    if (!store.putIfAbsent(manifestKey(next.version()), ManifestCodec.write(next))) {
      throw new TableManifestConflictException("Version " + next.version() + " of the table at '" + location
          + "' was committed by another writer first; read the latest snapshot and apply the " + change.operation()
          + " again", location, next.version(), List.of());
    }
    return next;
  }

  /**
   * Commits {@code change} on top of the latest snapshot, re-reading and re-applying it when another
   * writer wins the race for a version, as long as it still applies.
   *
   * @return the committed snapshot, or the latest one if the change is already in it (a retried commit)
   * @throws TableManifestConflictException naming the files if the change no longer applies (a
   *     compaction's inputs were removed by another commit), or after {@value #MAX_COMMIT_ATTEMPTS}
   *     lost races
   * @throws IllegalStateException if the table does not exist
   */
  public TableSnapshot commit(Change change) {
    TableManifestConflictException last = null;
    for (int attempt = 0; attempt < MAX_COMMIT_ATTEMPTS; attempt++) {
      TableSnapshot base = latestOrFail();
      try {
        return commit(base, change);
      } catch (TableManifestConflictException e) {
        if (!e.blockingFiles().isEmpty()) {
          throw e;
        }
        last = e;
      }
    }
    throw new TableManifestConflictException("Gave up committing the " + change.operation() + " to the table at '"
        + location + "' after losing the race for a version " + MAX_COMMIT_ATTEMPTS + " times (last: " + last.getMessage()
        + "); too many writers commit at once", location, last.version(), List.of());
  }

  /**
   * Rewrites the Hive symlink manifests of the partitions {@code snapshot}'s operation touched (those
   * of its added and removed files), from the latest snapshot: each {@code _sluice/symlink/<partition
   * dir>/manifest} is one PUT (atomic per partition) of the absolute URIs of the partition's live
   * files, one a line ({@code tableUri} resolved with each file's path); a partition left with no
   * file gets an empty manifest. If a newer version is committed meanwhile, the partitions are written
   * again from it, so the last writer always leaves the newest lists. Symlink manifests of different
   * partitions may come from different versions, but each one lists the live files of one version:
   * no duplicate, no gap.
   *
   * @param tableUri the table's absolute location as engines address it ({@code s3://bucket/tables/orders/})
   * @return the partition directories written
   */
  public List<String> writeSymlinks(TableSnapshot snapshot, URI tableUri) {
    Set<String> partitions = new TreeSet<>();
    snapshot.added().forEach(f -> partitions.add(f.partition()));
    snapshot.removed().forEach(f -> partitions.add(f.partition()));
    return writeSymlinks(snapshot, tableUri, partitions);
  }

  /**
   * Rewrites the symlink manifests of {@code partitions} (directories, {@code ""} when unpartitioned)
   * from {@code snapshot} or a newer version, as {@link #writeSymlinks(TableSnapshot, URI)} does.
   */
  public List<String> writeSymlinks(TableSnapshot snapshot, URI tableUri, Collection<String> partitions) {
    String base = tableBase(tableUri);
    TableSnapshot from = snapshot;
    for (int round = 0; ; round++) {
      for (String p : new TreeSet<>(partitions)) {
        StringBuilder text = new StringBuilder();
        for (DataFile f : from.files(p)) {
          text.append(base).append(f.path()).append('\n');
        }
        store.put(symlinkKey(p), text.toString().getBytes(StandardCharsets.UTF_8));
      }
      TableSnapshot now = latestOrFail();
      if (now.version() <= from.version() || round >= MAX_COMMIT_ATTEMPTS) {
        return List.copyOf(new TreeSet<>(partitions));
      }
      from = now;
    }
  }

  /** Writes the symlink manifests of every partition of the latest snapshot (after a restore, or to repair). */
  public List<String> writeAllSymlinks(URI tableUri) {
    TableSnapshot latest = latestOrFail();
    return writeSymlinks(latest, tableUri, latest.partitions().keySet());
  }

  static String tableBase(URI tableUri) {
    Objects.requireNonNull(tableUri, "tableUri");
    if (!tableUri.isAbsolute()) {
      throw new IllegalArgumentException("The table URI '" + tableUri + "' must be absolute (s3://bucket/prefix/, file:/dir/)");
    }
    String s = tableUri.toString();
    return s.endsWith("/") ? s : s + "/";
  }

  /**
   * What {@link #vacuum} deleted.
   *
   * @param dataFiles the data files' keys
   * @param manifests the manifests' keys
   */
  public record VacuumResult(List<String> dataFiles, List<String> manifests) {
    public VacuumResult {
      dataFiles = List.copyOf(dataFiles);
      manifests = List.copyOf(manifests);
    }
  }

  /**
   * Deletes what readers no longer need:
   *
   * <ul>
   *   <li>every data file (a key ending with {@code .<format>} outside {@code _sluice/}) that the latest
   *       snapshot does not list, and that was retired before {@code olderThan}: removed by a manifest
   *       timestamped before it, or, for a file no kept manifest removed (written by an attempt that
   *       never committed, or removed by a manifest already vacuumed), last modified before it;
   *   <li>the manifests of all versions but the newest {@code keepManifests}.
   * </ul>
   *
   * <p>{@code olderThan} is now minus the grace period, which must be longer than any reader takes to
   * read a snapshot's files and longer than any writer takes from writing a file to committing it.
   *
   * @throws IllegalArgumentException if {@code keepManifests} is less than 1
   * @throws IllegalStateException if the table does not exist
   */
  public VacuumResult vacuum(Instant olderThan, int keepManifests) {
    Objects.requireNonNull(olderThan, "olderThan");
    if (keepManifests < 1) {
      throw new IllegalArgumentException("vacuum must keep at least the latest manifest, was asked to keep " + keepManifests);
    }
    List<Long> versions = versions();
    TableSnapshot latest = latestOrFail();
    Set<String> live = new HashSet<>();
    latest.files().forEach(f -> live.add(f.path()));
    Map<String, Instant> retired = new HashMap<>();
    for (long v : versions) {
      if (v > latest.version()) {
        continue;
      }
      TableSnapshot s;
      try {
        s = snapshot(v);
      } catch (ObjectNotFoundException e) {
        continue; // vacuumed meanwhile
      }
      for (DataFile f : s.removed()) {
        retired.merge(f.path(), s.timestamp(), (a, b) -> a.isBefore(b) ? a : b);
      }
    }
    String suffix = "." + latest.definition().format();
    List<String> deleteFiles = new ArrayList<>();
    for (ObjectInfo o : store.listAll(location)) {
      String rel = o.key().substring(location.length());
      if (rel.startsWith("_sluice/") || !rel.endsWith(suffix) || hidden(rel) || live.contains(rel)) {
        continue;
      }
      Instant when = retired.getOrDefault(rel, o.lastModified());
      if (when.isBefore(olderThan)) {
        deleteFiles.add(o.key());
      }
    }
    deleteInBatches(deleteFiles);
    List<String> deleteManifests = new ArrayList<>();
    List<Long> now = versions();
    for (int i = 0; i < now.size() - keepManifests; i++) {
      if (now.get(i) < latest.version()) {
        deleteManifests.add(manifestKey(now.get(i)));
      }
    }
    deleteInBatches(deleteManifests);
    return new VacuumResult(deleteFiles, deleteManifests);
  }

  private static boolean hidden(String rel) {
    for (String segment : rel.split("/")) {
      if (segment.startsWith(".")) {
        return true;
      }
    }
    return false;
  }

  private void deleteInBatches(List<String> keys) {
    for (int i = 0; i < keys.size(); i += ObjectStore.MAX_DELETE_KEYS) {
      store.deleteAll(keys.subList(i, Math.min(keys.size(), i + ObjectStore.MAX_DELETE_KEYS)));
    }
  }

  @Override
  public String toString() {
    return "TableManifest[" + location + " in " + store + "]";
  }

  /**
   * A change to a table: the files it adds and those it removes. Immutable.
   *
   * @param operation {@value TableManifest#APPEND} or {@value TableManifest#COMPACT}
   * @param added the files to add, with paths no live file has
   * @param removed the files to remove, each live (equal to the live entry of its path)
   */
  public record Change(String operation, List<DataFile> added, List<DataFile> removed) {
    public Change {
      Objects.requireNonNull(operation, "operation");
      added = List.copyOf(added);
      removed = List.copyOf(removed);
      if (added.isEmpty() && removed.isEmpty()) {
        throw new IllegalArgumentException("A " + operation + " must add or remove at least one file");
      }
    }

    /** Adds {@code files}; applies to any version whose live files do not include them. */
    public static Change append(List<DataFile> files) {
      return new Change(APPEND, files, List.of());
    }

    /**
     * Replaces {@code removed} by {@code added} (which hold the same rows); applies only to a version
     * in which every removed file is still live.
     *
     * @throws IllegalArgumentException if a file moves between partitions
     */
    public static Change compact(List<DataFile> removed, List<DataFile> added) {
      Set<String> from = new TreeSet<>();
      removed.forEach(f -> from.add(f.partition()));
      for (DataFile f : added) {
        if (!from.contains(f.partition())) {
          throw new IllegalArgumentException("A compaction writes '" + f.path() + "' in partition '" + f.partition()
              + "', where it removes no file (it removes files of " + from + ")");
        }
      }
      return new Change(COMPACT, added, removed);
    }

    /** Whether {@code s} already holds this change: every added file live as given, no removed file live. */
    public boolean appliedIn(TableSnapshot s) {
      for (DataFile f : added) {
        if (!f.equals(s.file(f.path()))) {
          return false;
        }
      }
      for (DataFile f : removed) {
        if (s.file(f.path()) != null) {
          return false;
        }
      }
      return true;
    }

    /**
     * The next version: {@code base}'s files, minus the removed, plus the added.
     *
     * @throws TableManifestConflictException naming the files if a removed file is not live or an
     *     added one is live already
     */
    TableSnapshot applyTo(TableSnapshot base, Instant now, String location) {
      List<String> notLive = new ArrayList<>();
      for (DataFile f : removed) {
        if (!f.equals(base.file(f.path()))) {
          notLive.add(f.path());
        }
      }
      if (!notLive.isEmpty()) {
        throw new TableManifestConflictException("The " + operation + " of the table at '" + location
            + "' no longer applies to version " + base.version() + ": it removes " + notLive
            + ", which another commit removed or replaced; plan it again from the latest snapshot", location,
            base.version() + 1, notLive);
      }
      List<String> already = new ArrayList<>();
      for (DataFile f : added) {
        if (base.file(f.path()) != null) {
          already.add(f.path());
        }
      }
      if (!already.isEmpty()) {
        throw new TableManifestConflictException("The " + operation + " of the table at '" + location + "' adds "
            + already + ", which version " + base.version() + " lists as live already; give new files names no"
            + " other file has", location, base.version() + 1, already);
      }
      Set<String> gone = new HashSet<>();
      removed.forEach(f -> gone.add(f.path()));
      List<DataFile> files = new ArrayList<>();
      for (DataFile f : base.files()) {
        if (!gone.contains(f.path())) {
          files.add(f);
        }
      }
      files.addAll(added);
      return new TableSnapshot(base.version() + 1, base.definition(), files, operation, added, removed, now);
    }
  }
}
