package io.sluice.local.store;

import java.nio.charset.StandardCharsets;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;

/**
 * The ETag of one version of an object of the directory store, derived from the file's identity
 * rather than its content, so that a stat or a listing never reads an object.
 *
 * <p>The tag is a hash of the file key (device and inode number), the size and the modification time
 * to the nanosecond. It changes whenever an object is replaced, because an object is never changed in
 * place: every write stages a new file and renames (or hard-links) it over the key, so a new version is
 * a new inode, and the store stamps each staged file with a modification time unique within the store
 * ({@link FileSystemObjectStore}). A rename or link keeps the inode, size and time, so the tag of the
 * staged file, which {@code commit} returns, is the tag of the published object.
 *
 * <p>The caveat is inode reuse: once a replaced version's file is gone, the file system may give its
 * inode number to a later file. Two versions then share a tag only if they also have the same size and
 * the same modification time to the nanosecond, which the unique stamp rules out within one store, and
 * makes as likely as two stores of different processes stamping the same nanosecond otherwise. On a
 * file system with coarse timestamps (seconds on ext4 with 128-byte inodes, FAT) the guard is weaker:
 * then a version written within the same tick, of the same size, on a reused inode would look
 * unchanged. Without a file key (a file system that reports none), the tag rests on size and time.
 */
final class FileVersion {
  private FileVersion() {}

  /** The ETag of the file these attributes describe, quoted as S3 quotes its ETags. */
  static String etag(BasicFileAttributes attributes) {
    Instant modified = attributes.lastModifiedTime().toInstant();
    Object fileKey = attributes.fileKey();
    String identity = (fileKey == null ? "-" : fileKey.toString()) + "|" + attributes.size() + "|"
        + modified.getEpochSecond() + "." + modified.getNano();
    byte[] hash = sha256().digest(identity.getBytes(StandardCharsets.UTF_8));
    return "\"" + HexFormat.of().formatHex(hash, 0, 16) + "\"";
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("Every Java platform has SHA-256", e);
    }
  }
}
