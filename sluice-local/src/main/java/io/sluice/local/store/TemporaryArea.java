package io.sluice.local.store;

import io.sluice.store.StoreException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The folder {@code <root>/.sluice-tmp/} where the directory store stages writes.
 *
 * <p>A staged file's name says who writes it: {@code w<pid>-<start>-<host>-<random>.tmp}, with the
 * writing process's id, its start time (so that a reused process id is not mistaken for the writer)
 * and a token of the machine and process-id namespace (so that processes of two containers or two
 * machines sharing the root never judge each other by a process id).
 */
final class TemporaryArea {
  /** Folders the staged files are spread over. */
  static final int SHARDS = 16;

  /** A start or host token the platform did not give. */
  private static final String UNKNOWN = "0";

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
