package io.sluice.local.store;

import io.sluice.store.AccessDeniedException;
import io.sluice.store.InvalidKeyException;
import io.sluice.store.KeyConflictException;
import io.sluice.store.ListRequest;
import io.sluice.store.ObjectInfo;
import io.sluice.store.ObjectKeys;
import io.sluice.store.ObjectListing;
import io.sluice.store.ObjectNotFoundException;
import io.sluice.store.ObjectStore;
import io.sluice.store.ObjectWriter;
import io.sluice.store.PreconditionFailedException;
import io.sluice.store.StoreException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SecureDirectoryStream;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An {@link ObjectStore} on a local directory: the local runtime's stand-in for S3.
 *
 * <pre>{@code
 * ObjectStore store = new FileSystemObjectStore(Path.of("work/store"));
 * store.put("runs/r-1/state/00000001.json", bytes);     // file work/store/runs/r-1/state/00000001.json
 * boolean won = store.putIfAbsent("runs/r-1/commits/t-7", commit);
 * }</pre>
 *
 * <h2>Layout</h2>
 *
 * The object {@code a/b/c.json} is the file {@code <root>/a/b/c.json}, byte for byte, so a run's
 * store can be browsed with a shell and its outputs read in place by DuckDB or Spark. Writes are
 * staged in {@code <root>/.sluice-tmp/}, which is never listed; a key whose first segment is {@value
 * #TEMP_AREA} is refused. Directories exist only as long as they hold objects: deleting the last
 * object under a prefix removes the emptied directories up to the root.
 *
 * <h2>Where it differs from S3</h2>
 *
 * <ul>
 *   <li><b>An object and a prefix cannot share a name.</b> S3 can hold {@code a} and {@code a/b} at
 *       once; here {@code a} would have to be both a file and a directory. Rather than encode names
 *       (which would spoil the browsable layout above), the store refuses the second write with {@link
 *       KeyConflictException}: writing {@code a/b} while the object {@code a} exists, or {@code a}
 *       while objects exist under {@code a/}. Reading {@code a} when only {@code a/b} exists finds no
 *       object, as on S3. Sluice's own keys never collide this way.
 *   <li><b>ETags are not content hashes.</b> S3's ETag of a single-part upload is the MD5 of the
 *       content; here it is a hash of the file's inode, size and modification time (see {@code
 *       FileVersion}, including its caveat on reused inodes), so stat and list never read content. Two
 *       objects with equal content have different ETags, and so do two puts of the same bytes. Code
 *       must treat ETags as opaque version tags, as S3 also asks for multipart uploads.
 *   <li><b>The modification time is the store's</b>: each staged file is stamped with a time unique
 *       to the nanosecond within the store (the current time, nudged forward when two writes meet), to
 *       keep ETags apart; it is the write's time to within microseconds.
 *   <li>A segment may be at most 255 UTF-8 bytes (the usual file name limit), besides the 1024-byte
 *       limit on the whole key. Non-ASCII keys need the JVM's file name encoding to be UTF-8 (a UTF-8
 *       locale such as {@code LANG=C.UTF-8}); otherwise such keys fail with a final {@link
 *       StoreException} that says so. On a case-insensitive file system (macOS by default) keys
 *       differing only in case are the same object.
 *   <li>Symbolic links and other special files under the root are not objects: they are never listed
 *       or read. Hard links are fine.
 *   <li>{@link #deleteAll} deletes one key at a time (S3 takes 1,000 in one request); the promise is
 *       the same: a failed key does not stop the others, and the failures are reported together.
 *   <li>Errors are classified as the package {@code io.sluice.store} documents: a denied permission is
 *       an {@link AccessDeniedException} (final); any other I/O error is retryable, since a local disk's
 *       errors (a full disk, a file removed by hand mid-write) may pass.
 * </ul>
 *
 * <h2>Atomicity, versions and durability</h2>
 *
 * <ul>
 *   <li>{@link #put} and a {@link #create} writer's commit write a temporary file, flush it to disk
 *       ({@code fdatasync}), then rename it over the key ({@code rename(2)}, atomic on POSIX file
 *       systems): readers see the old object or the new one, never a part. A reader that has opened an
 *       object keeps reading the version it opened. Objects are never changed in place.
 *   <li>{@link #putIfAbsent} and {@link ObjectWriter#commitIfAbsent} hard-link the finished temporary
 *       file to the key ({@code link(2)}), which fails atomically if the key exists: of any number of
 *       concurrent callers, in this process or another, exactly one wins. {@code Files.move} without
 *       {@code REPLACE_EXISTING} would not do: the JDK checks for the target and then renames, and two
 *       callers can both pass the check. The file system must therefore support hard links (ext4, XFS,
 *       btrfs, tmpfs and APFS do).
 *   <li>A pinned read ({@link #openRange(String, long, long, String)}) opens the file, then stats its
 *       key and compares the ETag. That pins the opened file: the caller's ETag came from a moment when
 *       the key named that version (a stat, a listing or a commit), the key names it again after the
 *       open, and since a replaced version never comes back to its key, the key named it throughout, so
 *       the open got it. (Java cannot stat an open file descriptor; this order makes that unnecessary.)
 *       Every range read through the stream then comes from that file, whatever replaces the key later.
 *   <li>Directory entries are not flushed: after a machine crash the most recent writes may be lost,
 *       but never seen half-written.
 *   <li>Temporary files left by a crash or a killed process stay in the temporary area, never listed.
 *       Opening a store removes those whose writing process has ended (see {@code TemporaryArea}):
 *       several stores and processes may share one root, and no store removes a file that a running
 *       writer owns.
 * </ul>
 *
 * <p>Thread-safe; several stores (or processes) may share one root.
 */
public final class FileSystemObjectStore implements ObjectStore {
  /** The directory under the root where writes are staged. */
  public static final String TEMP_AREA = ".sluice-tmp";

  /** The usual limit on one file name (NAME_MAX) on Linux and macOS. */
  static final int MAX_SEGMENT_BYTES = 255;

  /** How often a write retries when a concurrent delete removes the directory it is writing into. */
  private static final int PUBLISH_ATTEMPTS = 10;

  private static final Logger log = LoggerFactory.getLogger(FileSystemObjectStore.class);

  private final Path root;
  private final TemporaryArea temps;
  private final boolean syncWrites;
  /** The last modification time stamped on a staged file, in nanoseconds since the epoch. */
  private final AtomicLong lastStamp = new AtomicLong();

  /**
   * Opens the store rooted at {@code root}, creating the directory (and its temporary area) if needed,
   * and removes the temporary files of writers that are no longer running.
   *
   * @throws StoreException if the directory cannot be created or is not a directory
   */
  public FileSystemObjectStore(Path root) {
    this(root, true);
  }

  /**
   * Opens the store rooted at {@code root}, as {@link #FileSystemObjectStore(Path)}; with {@code
   * syncWrites} false, objects are not flushed to disk before they are published. A crash of the
   * process still never leaves a partial object (the rename is atomic either way); only a crash of the
   * operating system or a power loss can then lose the newest objects. For scratch stores (benchmarks,
   * throw-away local runs) where that is acceptable.
   */
  public FileSystemObjectStore(Path root, boolean syncWrites) {
    this(root, syncWrites, TemporaryArea.Writer.current());
  }

  /** Opens the store as the given writer (tests pose as other processes with it). */
  FileSystemObjectStore(Path root, boolean syncWrites, TemporaryArea.Writer self) {
    this.syncWrites = syncWrites;
    try {
      Files.createDirectories(root);
      this.root = root.toRealPath();
      this.temps = new TemporaryArea(this.root.resolve(TEMP_AREA), self);
      temps.create();
    } catch (FileAlreadyExistsException e) {
      throw new StoreException(
          "Cannot open a file system object store at '" + root + "': " + e.getFile()
              + " is a file, not a directory; choose another root", e, false);
    } catch (IOException e) {
      throw failure(root.toString(), "Cannot open a file system object store at '" + root + "': " + e, e);
    }
    temps.removeLeftovers(Instant.now());
  }

  /** The store's root directory (absolute, symbolic links resolved). */
  public Path root() {
    return root;
  }

  @Override
  public void put(String key, byte[] content) {
    pathOf(key);
    Path temp = writeTemp(key, content);
    publish(key, temp, false);
  }

  @Override
  public boolean putIfAbsent(String key, byte[] content) {
    Path target = pathOf(key);
    if (Files.isRegularFile(target, LinkOption.NOFOLLOW_LINKS)) {
      return false; // cheap answer for the common retry case; the link below is what decides a race
    }
    Path temp = writeTemp(key, content);
    return publish(key, temp, true);
  }

  @Override
  public ObjectWriter create(String key) {
    pathOf(key);
    Path temp = temps.newFile();
    FileChannel channel;
    try {
      channel = FileChannel.open(temp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
    } catch (IOException e) {
      throw failure(key, "Cannot stage object '" + key + "' in " + temps.directory() + ": " + e, e);
    }
    return new FileSystemObjectWriter(this, key, temp, channel);
  }

  @Override
  public byte[] get(String key) {
    Path path = pathOf(key);
    try (FileChannel channel = openObject(key, path, null)) {
      long size = channel.size();
      if (size > Integer.MAX_VALUE - 8) {
        throw new StoreException(
            "Object '" + key + "' is " + size + " bytes, too large for one array; read it with open()", null, false);
      }
      ByteBuffer buffer = ByteBuffer.allocate((int) size);
      while (buffer.hasRemaining() && channel.read(buffer) >= 0) {
        // read until full: the file cannot grow or shrink, it is replaced whole
      }
      return buffer.array();
    } catch (IOException e) {
      throw readFailure(key, path, e);
    }
  }

  @Override
  public InputStream open(String key) {
    Path path = pathOf(key);
    return Channels.newInputStream(openObject(key, path, null));
  }

  @Override
  public InputStream openRange(String key, long offset, long length, String ifMatch) {
    if (offset < 0 || length < 0) {
      throw new IllegalArgumentException(
          "Range of object '" + key + "' needs offset >= 0 and length >= 0, was offset " + offset
              + ", length " + length);
    }
    Path path = pathOf(key);
    FileChannel channel = openObject(key, path, ifMatch);
    try {
      long size = channel.size();
      if (offset >= size || length == 0) {
        channel.close();
        return new ByteArrayInputStream(new byte[0]);
      }
      channel.position(offset);
      return new RangeInputStream(Channels.newInputStream(channel), Math.min(length, size - offset));
    } catch (IOException e) {
      closeQuietly(channel);
      throw readFailure(key, path, e);
    }
  }

  @Override
  public Optional<ObjectInfo> stat(String key) {
    Path path = pathOf(key);
    return attributesOf(path).filter(BasicFileAttributes::isRegularFile).map(a -> info(key, a));
  }

  @Override
  public ObjectListing list(ListRequest request) {
    String p = request.prefix();
    int lastSlash = p.lastIndexOf('/');
    String directoryKey = p.substring(0, lastSlash + 1); // "runs/r1/" or ""
    FileSystemListing listing = new FileSystemListing(root, request);
    if (directoryKey.startsWith(TEMP_AREA + "/") || hasOverlongSegment(directoryKey)) {
      return listing.empty(); // no key can be there
    }
    Path directory;
    try {
      directory = directoryKey.isEmpty() ? root : root.resolve(directoryKey).normalize();
    } catch (InvalidPathException e) {
      throw encodingFailure(p, e);
    }
    if (!directory.startsWith(root)) {
      throw new InvalidKeyException(p, "it resolves outside the store's root " + root);
    }
    return listing.list(directory, directoryKey, p.substring(lastSlash + 1));
  }

  @Override
  public void delete(String key) {
    Path path = pathOf(key);
    Optional<BasicFileAttributes> attributes = attributesOf(path);
    if (attributes.isEmpty() || !attributes.get().isRegularFile()) {
      return; // no object (a directory is a prefix, not an object)
    }
    try {
      Files.deleteIfExists(path);
    } catch (IOException e) {
      throw failure(key, "Cannot delete object '" + key + "' at " + path + ": " + e, e);
    }
    removeEmptyDirectories(path.getParent());
  }

  /**
   * Deletes the keys one by one, as {@link ObjectStore#deleteAll} promises; every key is checked
   * against this store's rules too (a reserved first segment, a file name's length) before any is
   * deleted.
   */
  @Override
  public void deleteAll(Collection<String> keys) {
    List<String> all = new ArrayList<>(keys);
    if (all.size() <= MAX_DELETE_KEYS) {
      all.forEach(this::pathOf);
    }
    ObjectStore.super.deleteAll(all);
  }

  @Override
  public String toString() {
    return "FileSystemObjectStore[" + root + "]";
  }

  /**
   * The path of {@code key} under the root, after checking the key. The key rules already keep a key
   * inside the root; the check after normalizing is defence in depth.
   */
  Path pathOf(String key) {
    ObjectKeys.validateKey(key);
    int start = 0;
    while (start < key.length()) {
      int end = key.indexOf('/', start);
      if (end < 0) {
        end = key.length();
      }
      String segment = key.substring(start, end);
      if (start == 0 && segment.equals(TEMP_AREA)) {
        throw new InvalidKeyException(key, "the first segment '" + TEMP_AREA + "' is reserved for the store's temporary files");
      }
      int bytes = ObjectKeys.utf8Length(segment);
      if (bytes > MAX_SEGMENT_BYTES) {
        throw new InvalidKeyException(
            key, "segment at index " + start + " is " + bytes + " UTF-8 bytes; a file system store allows "
                + MAX_SEGMENT_BYTES + " per segment");
      }
      start = end + 1;
    }
    return resolveInsideRoot(key);
  }

  private static boolean hasOverlongSegment(String path) {
    for (String segment : path.split("/")) {
      if (ObjectKeys.utf8Length(segment) > MAX_SEGMENT_BYTES) {
        return true;
      }
    }
    return false;
  }

  /** Resolves {@code key} and refuses any result outside the root, whatever the key rules said. */
  Path resolveInsideRoot(String key) {
    Path path;
    try {
      path = root.resolve(key).normalize();
    } catch (InvalidPathException e) {
      throw encodingFailure(key, e);
    }
    if (!path.startsWith(root) || path.equals(root) || path.startsWith(temps.directory())) {
      throw new InvalidKeyException(key, "it resolves to '" + path + "', outside the store's root '" + root + "'");
    }
    return path;
  }

  private Path writeTemp(String key, byte[] content) {
    Objects.requireNonNull(content, () -> "Content for object '" + key + "' is null");
    Path temp = temps.newFile();
    try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
      ByteBuffer buffer = ByteBuffer.wrap(content);
      while (buffer.hasRemaining()) {
        channel.write(buffer);
      }
      finishStaged(temp, channel);
    } catch (IOException e) {
      deleteQuietly(temp);
      throw failure(key, "Cannot stage object '" + key + "' in " + temps.directory() + ": " + e, e);
    }
    return temp;
  }

  /**
   * Finishes a staged file whose last byte is written: stamps its modification time (unique within
   * this store, so that ETags of successive versions differ even on a reused inode), flushes it to disk
   * if this store syncs writes, and returns the ETag the object will have once published (a rename or
   * link keeps inode, size and time).
   */
  String finishStaged(Path temp, FileChannel channel) throws IOException {
    Files.setLastModifiedTime(temp, FileTime.from(nextStamp(), TimeUnit.NANOSECONDS));
    if (syncWrites) {
      channel.force(false);
    }
    return FileVersion.etag(Files.readAttributes(temp, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS));
  }

  private long nextStamp() {
    Instant now = Instant.now();
    long nanos = Math.addExact(Math.multiplyExact(now.getEpochSecond(), 1_000_000_000L), now.getNano());
    return lastStamp.accumulateAndGet(nanos, (last, candidate) -> Math.max(last + 1, candidate));
  }

  /**
   * Makes the finished temporary file the object {@code key}: by rename (replacing), or by hard link
   * (only if absent). The temporary file is gone afterwards whatever happens.
   *
   * @return whether the object was written (always true when replacing)
   */
  boolean publish(String key, Path temp, boolean onlyIfAbsent) {
    try {
      Path target = pathOf(key);
      for (int attempt = 1; ; attempt++) {
        try {
          Path parent = target.getParent();
          // A stat first: mkdir of an existing directory takes the parent's lock and throws, which
          // serialises concurrent writers into one folder (commits/, attempts/).
          if (!Files.isDirectory(parent, LinkOption.NOFOLLOW_LINKS)) {
            Files.createDirectories(parent);
          }
          if (onlyIfAbsent) {
            Files.createLink(target, temp);
          } else {
            Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE);
          }
          return true;
        } catch (FileAlreadyExistsException e) {
          throwIfConflicting(key);
          if (onlyIfAbsent && e.getFile() != null && Path.of(e.getFile()).equals(target)) {
            return false;
          }
          throw failure(key, "Cannot write object '" + key + "' at " + target + ": " + e, e);
        } catch (NoSuchFileException e) {
          // A concurrent delete removed a directory we had just created (it was empty): try again.
          if (attempt == PUBLISH_ATTEMPTS) {
            throw failure(key, "Cannot write object '" + key + "' at " + target + ": " + e, e);
          }
        } catch (IOException e) {
          throwIfConflicting(key);
          String hint = onlyIfAbsent ? " (create-if-absent needs a file system with hard links)" : "";
          throw failure(key, "Cannot write object '" + key + "' at " + target + hint + ": " + e, e);
        } catch (UnsupportedOperationException e) {
          throw new StoreException("Cannot write object '" + key + "' at " + target
              + ": create-if-absent needs a file system with hard links, and this one has none: " + e, e, false);
        }
      }
    } finally {
      deleteQuietly(temp); // after a link, the temporary name; after a failure, the staged bytes
    }
  }

  /** Throws {@link KeyConflictException} if an object or prefix is in the way of {@code key}. */
  private void throwIfConflicting(String key) {
    Optional<KeyConflictException> conflict = conflictOf(key);
    if (conflict.isPresent()) {
      throw conflict.get();
    }
  }

  /** Why {@code key} cannot be written, if an object or prefix is in its way. */
  private Optional<KeyConflictException> conflictOf(String key) {
    for (int slash = key.indexOf('/'); slash >= 0; slash = key.indexOf('/', slash + 1)) {
      String ancestor = key.substring(0, slash);
      if (Files.isRegularFile(root.resolve(ancestor), LinkOption.NOFOLLOW_LINKS)) {
        return Optional.of(new KeyConflictException(key, ancestor));
      }
    }
    if (Files.isDirectory(root.resolve(key), LinkOption.NOFOLLOW_LINKS)) {
      return Optional.of(new KeyConflictException(key, key + "/"));
    }
    return Optional.empty();
  }

  /**
   * Removes {@code directory} and its parents up to the root while they are empty, so listings do not
   * walk dead branches. Uses {@link SecureDirectoryStream#deleteDirectory} ({@code rmdir} semantics)
   * where available: a plain delete could remove an object that a concurrent put has just written in
   * the directory's place.
   */
  private void removeEmptyDirectories(Path directory) {
    for (Path dir = directory; dir != null && dir.startsWith(root) && !dir.equals(root); dir = dir.getParent()) {
      try (DirectoryStream<Path> parent = Files.newDirectoryStream(dir.getParent())) {
        if (parent instanceof SecureDirectoryStream<Path> secure) {
          secure.deleteDirectory(dir.getFileName());
        } else if (Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
          Files.delete(dir);
        } else {
          return;
        }
      } catch (NoSuchFileException e) {
        // Someone else removed it already; its parent may be empty too.
      } catch (DirectoryNotEmptyException e) {
        return;
      } catch (IOException e) {
        log.debug("Leaving directory {} in place: {}", dir, e.toString());
        return;
      }
    }
  }

  /**
   * Opens the object's file for reading. Pinned to {@code ifMatch} (when not null), the file is
   * opened first and its key stat'ed after: see the class documentation for why that pins the opened
   * file to the version the caller saw.
   */
  private FileChannel openObject(String key, Path path, String ifMatch) {
    if (ifMatch == null) {
      Optional<BasicFileAttributes> attributes = attributesOf(path);
      if (attributes.isEmpty() || !attributes.get().isRegularFile()) {
        throw new ObjectNotFoundException(key);
      }
    }
    FileChannel channel;
    try {
      channel = FileChannel.open(path, StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS);
    } catch (IOException e) {
      throw readFailure(key, path, e);
    }
    if (ifMatch == null) {
      return channel;
    }
    try {
      Optional<BasicFileAttributes> now = attributesOf(path);
      if (now.isEmpty() || !now.get().isRegularFile()) {
        throw new ObjectNotFoundException(key); // deleted (or never an object): as S3 answers If-Match
      }
      String current = FileVersion.etag(now.get());
      if (!current.equals(ifMatch) || channel.size() != now.get().size()) {
        throw new PreconditionFailedException(key, ifMatch, current);
      }
      return channel;
    } catch (IOException e) {
      closeQuietly(channel);
      throw readFailure(key, path, e);
    } catch (RuntimeException e) {
      closeQuietly(channel);
      throw e;
    }
  }

  private StoreException readFailure(String key, Path path, IOException e) {
    if (e instanceof NoSuchFileException || !Files.isRegularFile(path, LinkOption.NOFOLLOW_LINKS)) {
      // Deleted, or replaced by a directory, between the check and the read.
      return new ObjectNotFoundException(key);
    }
    return failure(key, "Cannot read object '" + key + "' at " + path + ": " + e, e);
  }

  /**
   * An I/O error as the SPI classifies it: a denied permission is final; anything else may pass (a
   * full disk, a file removed by hand mid-write), so it is retryable.
   */
  static StoreException failure(String key, String message, IOException e) {
    if (e instanceof java.nio.file.AccessDeniedException) {
      return new AccessDeniedException(
          key, message + " (permission denied: check the owner and mode of the store's directories)", e);
    }
    return new StoreException(message, e);
  }

  private static Optional<BasicFileAttributes> attributesOf(Path path) {
    try {
      return Optional.of(Files.readAttributes(path, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS));
    } catch (IOException e) {
      // Missing, or a parent is a file: no object either way.
      return Optional.empty();
    }
  }

  static ObjectInfo info(String key, BasicFileAttributes attributes) {
    return new ObjectInfo(key, attributes.size(), attributes.lastModifiedTime().toInstant(), FileVersion.etag(attributes));
  }

  private static StoreException encodingFailure(String key, InvalidPathException e) {
    return new StoreException(
        "Key '" + key + "' cannot be a file name: the JVM encodes file names as "
            + System.getProperty("sun.jnu.encoding") + "; run with a UTF-8 locale (e.g. LANG=C.UTF-8) to"
            + " store non-ASCII keys",
        e, false);
  }

  private static void deleteQuietly(Path temp) {
    try {
      Files.deleteIfExists(temp);
    } catch (IOException e) {
      log.warn("Cannot delete temporary file {}; a store opened once this process has ended removes it: {}",
          temp, e.toString());
    }
  }

  private static void closeQuietly(FileChannel channel) {
    try {
      channel.close();
    } catch (IOException e) {
      log.debug("Closing {} failed: {}", channel, e.toString());
    }
  }
}
