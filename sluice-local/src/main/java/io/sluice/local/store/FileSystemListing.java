package io.sluice.local.store;

import io.sluice.store.ObjectKeys;
import io.sluice.store.ObjectInfo;
import io.sluice.store.ObjectListing;
import io.sluice.store.StoreException;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * One page of a {@link FileSystemObjectStore} listing, walked in S3's key order.
 *
 * <p>The walk starts in the directory that holds the prefix (never at the root for a prefix with a
 * {@code /}), reads one directory at a time, and stops as soon as the page is full. Siblings are
 * visited in the order of their keys, a directory {@code d} standing for the keys {@code d/...}: since
 * no object name holds a {@code /}, sorting files by name and directories by name plus {@code /}
 * yields every key in UTF-8 byte order ({@code a-b} before {@code a/b} before {@code a0}). Subtrees
 * that lie wholly before {@code startAfter} are skipped without being read.
 */
final class FileSystemListing {
  private record Entry(String key, Path path, BasicFileAttributes attributes) {
    boolean isDirectory() {
      return attributes.isDirectory();
    }
  }

  private static final Comparator<Entry> KEY_ORDER = Comparator.comparing(Entry::key, ObjectKeys.UTF8_ORDER);

  private final Path root;
  private final String startAfter;
  private final int maxKeys;
  private final List<ObjectInfo> found = new ArrayList<>();

  FileSystemListing(Path root, String startAfter, int maxKeys) {
    this.root = root;
    this.startAfter = startAfter;
    this.maxKeys = maxKeys;
  }

  /**
   * Lists the keys under {@code directory} (whose key prefix is {@code directoryKey}, empty or ending
   * with {@code /}) whose next segment starts with {@code namePrefix}.
   */
  ObjectListing list(Path directory, String directoryKey, String namePrefix) {
    walk(directory, directoryKey, namePrefix);
    if (found.size() > maxKeys) {
      List<ObjectInfo> page = found.subList(0, maxKeys);
      return new ObjectListing(page, true, page.get(maxKeys - 1).key());
    }
    return new ObjectListing(found, false, null);
  }

  /** @return false once the page (plus one key, to tell whether more follow) is full */
  private boolean walk(Path directory, String directoryKey, String namePrefix) {
    for (Entry entry : entries(directory, directoryKey, namePrefix)) {
      if (entry.isDirectory()) {
        if (whollyBeforeStart(entry.key())) {
          continue;
        }
        if (!walk(entry.path(), entry.key(), "")) {
          return false;
        }
      } else if (startAfter == null || ObjectKeys.compareUtf8(entry.key(), startAfter) > 0) {
        found.add(FileSystemObjectStore.info(entry.key(), entry.attributes()));
        if (found.size() > maxKeys) {
          return false;
        }
      }
    }
    return true;
  }

  /** Whether every key under the directory prefix {@code prefix} (ending with '/') is <= startAfter. */
  private boolean whollyBeforeStart(String prefix) {
    return startAfter != null
        && ObjectKeys.compareUtf8(prefix, startAfter) < 0
        && !startAfter.startsWith(prefix);
  }

  private List<Entry> entries(Path directory, String directoryKey, String namePrefix) {
    List<Entry> entries = new ArrayList<>();
    try (DirectoryStream<Path> stream = Files.newDirectoryStream(directory)) {
      for (Path path : stream) {
        String name = path.getFileName().toString();
        if (!name.startsWith(namePrefix) || !ObjectKeys.isValidSegment(name)) {
          continue; // not ours, or not a name any key could have (put there by hand)
        }
        if (directory.equals(root) && name.equals(FileSystemObjectStore.TEMP_AREA)) {
          continue;
        }
        BasicFileAttributes attributes;
        try {
          attributes = Files.readAttributes(path, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        } catch (NoSuchFileException e) {
          continue; // deleted while we looked
        }
        if (attributes.isDirectory()) {
          entries.add(new Entry(directoryKey + name + "/", path, attributes));
        } else if (attributes.isRegularFile()) {
          entries.add(new Entry(directoryKey + name, path, attributes));
        }
      }
    } catch (NoSuchFileException | NotDirectoryException e) {
      return List.of(); // nothing under this prefix
    } catch (IOException e) {
      throw new StoreException("Cannot list directory " + directory + ": " + e, e);
    }
    entries.sort(KEY_ORDER);
    return entries;
  }
}
