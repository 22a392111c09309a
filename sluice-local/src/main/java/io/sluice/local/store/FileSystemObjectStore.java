package io.sluice.local.store;

import io.sluice.store.ObjectKeys;
import io.sluice.store.ObjectInfo;
import io.sluice.store.ObjectStore;
import io.sluice.store.ObjectListing;
import io.sluice.store.StoreException;
import io.sluice.store.InvalidKeyException;
import io.sluice.store.KeyConflictException;
import io.sluice.store.ObjectNotFoundException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
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
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
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
 *   <li>A segment may be at most 255 UTF-8 bytes (the usual file name limit), besides the 1024-byte
 *       limit on the whole key. Non-ASCII keys need the JVM's file name encoding to be UTF-8 (a UTF-8
 *       locale such as {@code LANG=C.UTF-8}); otherwise such keys fail with a {@link StoreException}
 *       that says so. On a case-insensitive file system (macOS by default) keys differing only in
 *       case are the same object.
 *   <li>Symbolic links and other special files under the root are not objects: they are never listed
 *       or read. Hard links are fine.
 * </ul>
 *
 * <h2>Atomicity and durability</h2>
 *
 * <ul>
 *   <li>{@link #put} and {@link #create} write a temporary file, flush it to disk ({@code fdatasync}),
 *       then rename it over the key ({@code rename(2)}, atomic on POSIX file systems): readers see the
 *       old object or the new one, never a part. A reader that has opened an object keeps reading the
 *       version it opened.
 *   <li>{@link #putIfAbsent} hard-links the finished temporary file to the key ({@code link(2)}), which
 *       fails atomically if the key exists: of any number of concurrent callers, in this process or
 *       another, exactly one wins. {@code Files.move} without {@code REPLACE_EXISTING} would not do:
 *       the JDK checks for the target and then renames, and two callers can both pass the check. The
 *       file system must therefore support hard links (ext4, XFS, btrfs, tmpfs and APFS do).
 *   <li>Directory entries are not flushed: after a machine crash the most recent writes may be lost,
 *       but never seen half-written. Temporary files left by a crash stay in the temporary area,
 *       ignored; they can be deleted whenever no store is writing.
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
  private final Path tempArea;
  private static final int TEMP_SHARDS = 16;
  private final boolean syncWrites;

  /**
   * Opens the store rooted at {@code root}, creating the directory (and its temporary area) if needed.
   *
   * @throws StoreException if the directory cannot be created or is not a directory
   */
  public FileSystemObjectStore(Path root) {
    this(root, true);
  }

  /**
   * Opens the store rooted at {@code root}; with {@code syncWrites} false, objects are not flushed to
   * disk before they are published. A crash of the process still never leaves a partial object (the
   * rename is atomic either way); only a crash of the operating system or a power loss can then lose
   * the newest objects. For scratch stores (benchmarks, throw-away local runs) where that is acceptable.
   */
  public FileSystemObjectStore(Path root, boolean syncWrites) {
    this.syncWrites = syncWrites;
    try {
      Files.createDirectories(root);
      this.root = root.toRealPath();
      this.tempArea = this.root.resolve(TEMP_AREA);
      Files.createDirectories(tempArea);
      for (int i = 0; i < TEMP_SHARDS; i++) {
        Files.createDirectories(tempArea.resolve(Integer.toString(i)));
      }
    } catch (IOException e) {
      throw new StoreException("Cannot open a file system object store at '" + root + "': " + e, e);
    }
  }

  /** The store's root directory (absolute, symbolic links resolved). */
  public Path root() {
    return root;
  }

  @Override
  public void put(String key, byte[] content) {
    Path target = pathOf(key);
    Path temp = writeTemp(key, content);
    publish(key, temp, target, false);
  }

  @Override
  public boolean putIfAbsent(String key, byte[] content) {
    Path target = pathOf(key);
    if (Files.isRegularFile(target, LinkOption.NOFOLLOW_LINKS)) {
      return false; // cheap answer for the common retry case; the link below is what decides a race
    }
    Path temp = writeTemp(key, content);
    return publish(key, temp, target, true);
  }

  @Override
  public OutputStream create(String key) {
    Path target = pathOf(key);
    Path temp = newTempPath();
    FileChannel channel;
    try {
      channel = FileChannel.open(temp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
    } catch (IOException e) {
      throw new StoreException("Cannot stage object '" + key + "' in " + tempArea + ": " + e, e);
    }
    return new PublishingOutputStream(key, temp, channel, syncWrites, () -> publish(key, temp, target, false));
  }

  @Override
  public byte[] get(String key) {
    Path path = pathOf(key);
    try (FileChannel channel = openObject(key, path)) {
      long size = channel.size();
      if (size > Integer.MAX_VALUE - 8) {
        throw new StoreException(
            "Object '" + key + "' is " + size + " bytes, too large for one array; read it with open()");
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
    return Channels.newInputStream(openObject(key, path));
  }

  @Override
  public InputStream openRange(String key, long offset, long length) {
    if (offset < 0 || length < 0) {
      throw new IllegalArgumentException(
          "Range of object '" + key + "' needs offset >= 0 and length >= 0, was offset " + offset
              + ", length " + length);
    }
    Path path = pathOf(key);
    FileChannel channel = openObject(key, path);
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
  public ObjectListing list(String prefix, String startAfter, int maxKeys) {
    if (maxKeys < 1 || maxKeys > 1000) {
      throw new IllegalArgumentException("maxKeys must be between 1 and 1000, was " + maxKeys);
    }
    String p = prefix == null ? "" : prefix;
    ObjectKeys.validatePrefix(p);
    int lastSlash = p.lastIndexOf('/');
    String directoryKey = p.substring(0, lastSlash + 1); // "runs/r1/" or ""
    if (directoryKey.startsWith(TEMP_AREA + "/") || hasOverlongSegment(directoryKey)) {
      return new ObjectListing(List.of(), false, null); // no key can be there
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
    return new FileSystemListing(root, startAfter, maxKeys)
        .list(directory, directoryKey, p.substring(lastSlash + 1));
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
      throw new StoreException("Cannot delete object '" + key + "' at " + path + ": " + e, e);
    }
    removeEmptyDirectories(path.getParent());
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
    if (!path.startsWith(root) || path.equals(root) || path.startsWith(tempArea)) {
      throw new InvalidKeyException(key, "it resolves to '" + path + "', outside the store's root '" + root + "'");
    }
    return path;
  }

  private Path newTempPath() {
    // Spread over a few folders: every write creates and removes a file here, and creates in one folder
    // serialise on its lock. A random name from ThreadLocalRandom avoids SecureRandom's shared lock.
    ThreadLocalRandom random = ThreadLocalRandom.current();
    return tempArea.resolve(Integer.toString(random.nextInt(TEMP_SHARDS)))
        .resolve(Long.toHexString(random.nextLong()) + Long.toHexString(random.nextLong()) + ".tmp");
  }

  private Path writeTemp(String key, byte[] content) {
    Objects.requireNonNull(content, () -> "Content for object '" + key + "' is null");
    Path temp = newTempPath();
    try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
      ByteBuffer buffer = ByteBuffer.wrap(content);
      while (buffer.hasRemaining()) {
        channel.write(buffer);
      }
      if (syncWrites) {
        channel.force(false);
      }
    } catch (IOException e) {
      deleteQuietly(temp);
      throw new StoreException("Cannot stage object '" + key + "' in " + tempArea + ": " + e, e);
    }
    return temp;
  }

  /**
   * Makes the finished temporary file the object {@code key}: by rename (replacing), or by hard link
   * (only if absent). The temporary file is gone afterwards whatever happens.
   *
   * @return whether the object was written (always true when replacing)
   */
  boolean publish(String key, Path temp, Path target, boolean onlyIfAbsent) {
    try {
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
          throw new StoreException("Cannot write object '" + key + "' at " + target + ": " + e, e);
        } catch (NoSuchFileException e) {
          // A concurrent delete removed a directory we had just created (it was empty): try again.
          if (attempt == PUBLISH_ATTEMPTS) {
            throw new StoreException("Cannot write object '" + key + "' at " + target + ": " + e, e);
          }
        } catch (IOException | UnsupportedOperationException e) {
          throwIfConflicting(key);
          String hint = onlyIfAbsent ? " (putIfAbsent needs a file system with hard links)" : "";
          throw new StoreException("Cannot write object '" + key + "' at " + target + hint + ": " + e, e);
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

  private FileChannel openObject(String key, Path path) {
    Optional<BasicFileAttributes> attributes = attributesOf(path);
    if (attributes.isEmpty() || !attributes.get().isRegularFile()) {
      throw new ObjectNotFoundException(key);
    }
    try {
      return FileChannel.open(path, StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS);
    } catch (IOException e) {
      throw readFailure(key, path, e);
    }
  }

  private StoreException readFailure(String key, Path path, IOException e) {
    if (e instanceof NoSuchFileException || !Files.isRegularFile(path, LinkOption.NOFOLLOW_LINKS)) {
      // Deleted, or replaced by a directory, between the check and the read.
      return new ObjectNotFoundException(key);
    }
    return new StoreException("Cannot read object '" + key + "' at " + path + ": " + e, e);
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
    return new ObjectInfo(key, attributes.size(), attributes.lastModifiedTime().toInstant());
  }

  private static StoreException encodingFailure(String key, InvalidPathException e) {
    return new StoreException(
        "Key '" + key + "' cannot be a file name: the JVM encodes file names as "
            + System.getProperty("sun.jnu.encoding") + "; run with a UTF-8 locale (e.g. LANG=C.UTF-8) to"
            + " store non-ASCII keys",
        e);
  }

  private static void deleteQuietly(Path temp) {
    try {
      Files.deleteIfExists(temp);
    } catch (IOException e) {
      log.warn("Cannot delete temporary file {}; it is ignored and may be deleted by hand: {}", temp, e.toString());
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
