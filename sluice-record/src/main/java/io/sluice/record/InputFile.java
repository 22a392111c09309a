package io.sluice.record;

import io.sluice.record.internal.ByteArrayInputFile;
import io.sluice.record.internal.PathInputFile;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;

/**
 * One object as a reader sees it: its name, length and version, with positioned reads. Modelled on
 * parquet-java's {@code InputFile}/{@code SeekableInputStream}: a columnar reader reads the footer at
 * the end first, then the column chunks it needs ({@link #readFully}); a text reader streams from the
 * start of its split ({@link #open}). Nothing here knows a store: the core module adapts its object
 * store to this (pinning every read to {@link #etag()}, so that reads of one file never mix two
 * versions of the object), and tests use {@link #of(String, byte[])} or {@link #of(Path)}.
 *
 * <p>Implementations must allow concurrent positioned reads and several open streams at once.
 */
public interface InputFile {
  /** The object's key (or a name for messages): bad records and errors name it. */
  String name();

  /** The object's length in bytes, known before reading. */
  long length();

  /**
   * The version of the object that every read of this file returns (an S3 ETag), or null when the
   * source has no versions (a byte array, a local file).
   */
  String etag();

  /**
   * Reads exactly {@code len} bytes at {@code position} into {@code into[off, off + len)}.
   *
   * @throws java.io.EOFException if the object ends before {@code position + len}
   * @throws IOException if the read fails, or the object changed (is no longer {@link #etag()})
   */
  void readFully(long position, byte[] into, int off, int len) throws IOException;

  /**
   * A stream of the object's bytes from {@code position} to its end, for formats read sequentially.
   * Readers close it as soon as they are done, usually long before the end; implementations should
   * fetch lazily (an S3 adapter: ranged GETs as the stream is read) rather than all at once.
   */
  InputStream open(long position) throws IOException;

  /** An in-memory file named {@code name} (the array is not copied: do not change it). */
  static InputFile of(String name, byte[] data) {
    return new ByteArrayInputFile(name, data);
  }

  /** A local file, named by its path; its length is read now, and it has no ETag. */
  static InputFile of(Path path) throws IOException {
    return new PathInputFile(path);
  }
}
