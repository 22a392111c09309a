package io.sluice.table;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;

/**
 * Where a {@link PartitionedWriter} puts its files: paths relative to the table's location. An
 * implementation over an object store opens an upload of the key {@code location + path}; {@link
 * #directory} writes local files.
 */
@FunctionalInterface
public interface FileSink {
  /**
   * A new file at {@code path} (e.g. {@code "year=2024/month=03/part-t0001-00000.parquet"}), which
   * replaces any file there once the stream is closed (or as it is written, for local files). The
   * caller writes the whole file, then closes the stream; it does not buffer what it hands the stream
   * in large chunks, so the stream needs no buffer of its own.
   *
   * @throws IOException if the file cannot be created
   */
  OutputStream create(String path) throws IOException;

  /**
   * Files under the local directory {@code root}, created with their parent directories; an
   * existing file is truncated and rewritten.
   *
   * @throws IllegalArgumentException from {@link #create} if the path is absolute or leads out of
   *     {@code root} (e.g. through {@code ..})
   */
  static FileSink directory(Path root) {
    Path base = Objects.requireNonNull(root, "root").toAbsolutePath().normalize();
    return path -> {
      Path file = base.resolve(path).normalize();
      if (Path.of(path).isAbsolute() || !file.startsWith(base) || file.equals(base)) {
        throw new IllegalArgumentException("File path '" + path + "' is not a file under the table directory " + base
            + ": give a relative path such as year=2024/part-t1-00000.parquet");
      }
      Files.createDirectories(file.getParent());
      return Files.newOutputStream(file);
    };
  }
}
