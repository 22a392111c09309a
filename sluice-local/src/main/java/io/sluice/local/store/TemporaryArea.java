package io.sluice.local.store;

import io.sluice.store.StoreException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The folder {@code <root>/.sluice-tmp/} where the directory store stages writes, and its clean-up.
 *
 * <p>A staged file's name says who writes it: {@code w<pid>-<start>-<host>-<random>.tmp}, with the
 * writing process's id, its start time (so that a reused process id is not mistaken for the writer)
 * and a token of the machine and process-id namespace (so that processes of two containers or two
 * machines sharing the root never judge each other by a process id). When a store is opened it
 * removes the staged files whose writer cannot be running: those of a process of its own host token
 * that is no longer alive, or whose id now belongs to a process started at another time. Files of
 * another host, or with a name this scheme did not give (from older versions), are removed once they
 * have not been written for {@link #MAX_AGE}. Files of the opening process itself are never touched.
 */
final class TemporaryArea {
  /** How long an unattributable staged file must have been left unwritten before it is removed. */
  static final Duration MAX_AGE = Duration.ofHours(24);

  /** Folders the staged files are spread over. */
  static final int SHARDS = 16;

  /** A start or host token the platform did not give. */
  private static final String UNKNOWN = "0";
  private static final Pattern NAME = Pattern.compile("w(\\d+)-([0-9a-z]+)-([0-9a-f]+)-[0-9a-f]+\\.tmp");
  private static final Logger log = LoggerFactory.getLogger(TemporaryArea.class);

  /** Who writes a staged file: a process, by id and start time, on a host (machine and namespace). */
  record Writer(long pid, String start, String host) {
    /** The current process. */
    static Writer current() {
      ProcessHandle self = ProcessHandle.current();
      return new Writer(self.pid(), startToken(self), hostToken());
    }

    String fileName(String random) {
      return "w" + pid + "-" + start + "-" + host + "-" + random + ".tmp";
    }
  }

  /** What a clean-up removed. */
  record Sweep(int files, long bytes) {}

  private final Path directory;
  private final Writer self;

  TemporaryArea(Path directory, Writer self) {
    this.directory = directory;
    this.self = self;
  }

  Path directory() {
    return directory;
  }

  /** Creates the folder and its shards. */
  void create() throws IOException {
    Files.createDirectories(directory);
    for (int i = 0; i < SHARDS; i++) {
      Path shard = directory.resolve(Integer.toString(i));
      if (!Files.isDirectory(shard, LinkOption.NOFOLLOW_LINKS)) {
        Files.createDirectories(shard);
      }
    }
  }

  /**
   * A fresh name for a staged file. Spread over a few folders: every write creates and removes a file
   * here, and creates in one folder serialise on its lock. A random name from ThreadLocalRandom avoids
   * SecureRandom's shared lock.
   */
  Path newFile() {
    ThreadLocalRandom random = ThreadLocalRandom.current();
    String name = self.fileName(Long.toHexString(random.nextLong()) + Long.toHexString(random.nextLong()));
    return directory.resolve(Integer.toString(random.nextInt(SHARDS))).resolve(name);
  }

  /** Removes the staged files no running writer owns (see the class documentation). */
  Sweep removeLeftovers(Instant now) {
    Map<Long, Optional<ProcessHandle>> processes = new HashMap<>();
    int files = 0;
    long bytes = 0;
    for (Path folder : folders()) {
      try (DirectoryStream<Path> stream = Files.newDirectoryStream(folder)) {
        for (Path file : stream) {
          BasicFileAttributes attributes;
          try {
            attributes = Files.readAttributes(file, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
          } catch (NoSuchFileException e) {
            continue; // published or removed meanwhile
          }
          if (!attributes.isRegularFile() || !isLeftover(file.getFileName().toString(), attributes, now, processes)) {
            continue;
          }
          try {
            if (Files.deleteIfExists(file)) {
              files++;
              bytes += attributes.size();
            }
          } catch (IOException e) {
            log.debug("Leaving temporary file {} in place: {}", file, e.toString());
          }
        }
      } catch (NoSuchFileException e) {
        // a shard removed by hand: it is created again on the next open
      } catch (IOException e) {
        log.warn("Cannot clean temporary files in {}: {}", folder, e.toString());
      }
    }
    if (files > 0) {
      log.info("Removed {} temporary files ({} bytes) left in {} by writers that are no longer running",
          files, bytes, directory);
    }
    return new Sweep(files, bytes);
  }

  private Iterable<Path> folders() {
    List<Path> folders = new ArrayList<>();
    folders.add(directory); // files of older versions were staged here, outside the shards
    for (int i = 0; i < SHARDS; i++) {
      folders.add(directory.resolve(Integer.toString(i)));
    }
    return folders;
  }

  private boolean isLeftover(
      String name, BasicFileAttributes attributes, Instant now, Map<Long, Optional<ProcessHandle>> processes) {
    Matcher m = NAME.matcher(name);
    boolean old = attributes.lastModifiedTime().toInstant().isBefore(now.minus(MAX_AGE));
    if (!m.matches()) {
      return old; // not ours to judge by name: by age only
    }
    Writer writer = new Writer(Long.parseLong(m.group(1)), m.group(2), m.group(3));
    if (writer.equals(self)) {
      return false; // this process: its writers may be running
    }
    if (!writer.host().equals(self.host())) {
      return old; // another machine or namespace: its process ids mean nothing here
    }
    Optional<ProcessHandle> process = processes.computeIfAbsent(writer.pid(), ProcessHandle::of);
    if (process.isEmpty() || !process.get().isAlive()) {
      return true;
    }
    String start = startToken(process.get());
    if (start.equals(UNKNOWN) || writer.start().equals(UNKNOWN)) {
      return old; // cannot tell whether the id was reused
    }
    return !start.equals(writer.start()); // the id now belongs to another process
  }

  /** The process's start time in milliseconds, base 36, or {@value #UNKNOWN} if the platform does not say. */
  static String startToken(ProcessHandle process) {
    return process.info().startInstant().map(i -> Long.toString(i.toEpochMilli(), 36)).orElse(UNKNOWN);
  }

  /**
   * A token of this machine's boot and this process's pid namespace (Linux), which tells processes of
   * two containers or machines apart; {@value #UNKNOWN} where the platform does not say. There, files
   * are judged by process id alone, so a root shared by several machines (over NFS) must not be
   * opened from such a platform while another machine writes to it.
   */
  static String hostToken() {
    StringBuilder identity = new StringBuilder();
    try {
      identity.append(Files.readString(Path.of("/proc/sys/kernel/random/boot_id")).trim());
      identity.append('|').append(Files.readSymbolicLink(Path.of("/proc/self/ns/pid")));
    } catch (IOException | UnsupportedOperationException | SecurityException e) {
      return UNKNOWN;
    }
    try {
      byte[] hash = MessageDigest.getInstance("SHA-256")
          .digest(identity.toString().getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(hash, 0, 4);
    } catch (NoSuchAlgorithmException e) {
      throw new StoreException("Every Java platform has SHA-256", e, false);
    }
  }
}
