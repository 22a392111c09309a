package io.sluice.local.store;

import io.sluice.store.ListRequest;
import io.sluice.store.ObjectInfo;
import io.sluice.store.ObjectKeys;
import io.sluice.store.ObjectListing;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Base64;
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
 * that lie wholly before the start, or wholly inside a common prefix already listed, are skipped
 * without being read; a directory whose keys all roll up into one common prefix (with the delimiter
 * {@code /}: every folder at the prefix's level) is read only as far as its first object.
 *
 * <p>A continuation token is the page's last entry, Base64-encoded with its kind: after an object,
 * the next page starts after its key; after a common prefix, after every key under it.
 */
final class FileSystemListing {
  private record Entry(String key, Path path, BasicFileAttributes attributes) {
    boolean isDirectory() {
      return attributes.isDirectory();
    }
  }

  /** Where a page starts: strictly after {@code key}, and after every key under it if a prefix. */
  private record Start(String key, boolean wholePrefix) {}

  private static final Comparator<Entry> KEY_ORDER = Comparator.comparing(Entry::key, ObjectKeys.UTF8_ORDER);
  private static final char AFTER_KEY = 'k';
  private static final char AFTER_PREFIX = 'p';

  private final Path root;
  private final String prefix;
  private final String delimiter;
  private final Start start;
  private final int maxKeys;
  private final List<ObjectInfo> objects = new ArrayList<>();
  private final List<String> commonPrefixes = new ArrayList<>();
  private int entries;
  private Start last;
  private boolean more;

  FileSystemListing(Path root, ListRequest request) {
    this.root = root;
    this.prefix = request.prefix();
    this.delimiter = request.delimiter();
    this.maxKeys = request.maxKeys();
    if (request.continuationToken() != null) {
      this.start = decode(request.continuationToken(), prefix);
    } else if (request.startAfter() != null) {
      this.start = new Start(request.startAfter(), false);
    } else {
      this.start = null;
    }
  }

  /** The page of a listing where no key can be. */
  ObjectListing empty() {
    return new ObjectListing(List.of(), List.of(), null);
  }

  /**
   * Lists the keys under {@code directory} (whose key prefix is {@code directoryKey}, empty or ending
   * with {@code /}) whose next segment starts with {@code namePrefix}.
   */
  ObjectListing list(Path directory, String directoryKey, String namePrefix) {
    walk(directory, directoryKey, namePrefix);
    return new ObjectListing(objects, commonPrefixes, more ? encode(last) : null);
  }

  /** @return false once the page is full and another entry was found */
  private boolean walk(Path directory, String directoryKey, String namePrefix) {
    for (Entry entry : entries(directory, directoryKey, namePrefix)) {
      if (entry.isDirectory()) {
        if (skipsSubtree(entry.key())) {
          continue;
        }
        String rollUp = commonPrefixOf(entry.key());
        if (rollUp == null) {
          if (!walk(entry.path(), entry.key(), "")) {
            return false;
          }
        } else if (hasListedObject(entry.path(), entry.key()) && !addCommonPrefix(rollUp)) {
          return false; // every key below rolls up into rollUp: one object is enough to know it exists
        }
      } else if (listed(entry.key())) {
        String rollUp = commonPrefixOf(entry.key());
        boolean added = rollUp == null
            ? addObject(FileSystemObjectStore.info(entry.key(), entry.attributes()))
            : addCommonPrefix(rollUp);
        if (!added) {
          return false;
        }
      }
    }
    return true;
  }

  /** Whether the walk finds an object to list under {@code directory}, reading as little as it can. */
  private boolean hasListedObject(Path directory, String directoryKey) {
    for (Entry entry : entries(directory, directoryKey, "")) {
      if (entry.isDirectory()
          ? !skipsSubtree(entry.key()) && hasListedObject(entry.path(), entry.key())
          : listed(entry.key())) {
        return true;
      }
    }
    return false;
  }

  private boolean addObject(ObjectInfo info) {
    if (entries == maxKeys) {
      more = true;
      return false;
    }
    objects.add(info);
    entries++;
    last = new Start(info.key(), false);
    return true;
  }

  private boolean addCommonPrefix(String commonPrefix) {
    if (entries == maxKeys) {
      more = true;
      return false;
    }
    commonPrefixes.add(commonPrefix);
    entries++;
    last = new Start(commonPrefix, true);
    return true;
  }

  /**
   * The common prefix that {@code key} (an object's, or a directory's ending with {@code /}) rolls up
   * into: the key up to the delimiter's first occurrence after the prefix, or null. For a directory,
   * every key below it rolls up into the same one.
   */
  private String commonPrefixOf(String key) {
    if (delimiter == null) {
      return null;
    }
    int at = key.indexOf(delimiter, prefix.length());
    return at < 0 ? null : key.substring(0, at + delimiter.length());
  }

  /** Whether the object {@code key} belongs on this page: after the start and any listed common prefix. */
  private boolean listed(String key) {
    if (last != null && last.wholePrefix() && key.startsWith(last.key())) {
      return false; // rolled up into the common prefix just listed
    }
    return start == null
        || (ObjectKeys.compareUtf8(key, start.key()) > 0 && !(start.wholePrefix() && key.startsWith(start.key())));
  }

  /** Whether no key under the directory prefix {@code directoryKey} (ending with '/') can be listed. */
  private boolean skipsSubtree(String directoryKey) {
    if (last != null && last.wholePrefix() && directoryKey.startsWith(last.key())) {
      return true;
    }
    if (start == null) {
      return false;
    }
    boolean whollyBefore = ObjectKeys.compareUtf8(directoryKey, start.key()) < 0 && !start.key().startsWith(directoryKey);
    return whollyBefore || (start.wholePrefix() && directoryKey.startsWith(start.key()));
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
      throw FileSystemObjectStore.failure(directoryKey, "Cannot list directory " + directory + ": " + e, e);
    }
    entries.sort(KEY_ORDER);
    return entries;
  }

  private static String encode(Start start) {
    String raw = (start.wholePrefix() ? AFTER_PREFIX : AFTER_KEY) + start.key();
    return Base64.getUrlEncoder().withoutPadding().encodeToString(raw.getBytes(StandardCharsets.UTF_8));
  }

  private static Start decode(String token, String prefix) {
    String raw;
    try {
      raw = new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      throw badToken(token, prefix);
    }
    if (raw.length() < 2 || (raw.charAt(0) != AFTER_KEY && raw.charAt(0) != AFTER_PREFIX)
        || !raw.startsWith(prefix, 1)) {
      throw badToken(token, prefix);
    }
    return new Start(raw.substring(1), raw.charAt(0) == AFTER_PREFIX);
  }

  private static IllegalArgumentException badToken(String token, String prefix) {
    return new IllegalArgumentException(
        "Continuation token '" + token + "' was not given by this store for a listing of prefix '" + prefix
            + "'; pass the nextContinuationToken of the previous page of the same listing");
  }
}
